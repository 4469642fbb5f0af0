import io.dialout.media.sdp.*;
import io.dialout.media.negotiation.room.*;
import java.util.List;
public class AnswerTool {
    public static void main(String[] a) throws Exception {
        String offer = new String(System.in.readAllBytes());
        String fp = "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99";
        RoomNegotiation n = RoomNegotiator.answer(SessionDescription.parse(offer),
            new RoomLocalParams("gwUf", "gatewayPassword0123456789", fp, List.of("127.0.0.1"), 40000, 1111L, 2222L, "gw-cname"),
            new CodecPolicy(a.length > 0 && a[0].equals("g711"), true, true));
        System.out.print(n.answerSdp());
    }
}
