import io.dialout.media.sdp.*;
import io.dialout.media.negotiation.room.*;
import io.dialout.media.negotiation.sip.*;
import io.dialout.media.Direction;
import java.nio.file.*;
import java.util.List;
public class OfferTool {
    public static void main(String[] a) throws Exception {
        String offer = Files.readString(Path.of(a[0]));
        String fp = "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99";
        RoomNegotiation n = RoomNegotiator.answer(SessionDescription.parse(offer),
            new RoomLocalParams("gwUf", "gatewayPassword0123456789", fp, List.of("127.0.0.1"), 40000, 1111L, 2222L, "gw-cname"),
            new CodecPolicy(false, true, true));
        String crypto = a.length > 1 ? "1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz" : null;
        System.out.print(SipOfferBuilder.offer(n, new SipLocalParams("127.0.0.1", 30000, 30001, 30002, 30003, crypto, 4242, 1, Direction.SENDRECV, true)));
    }
}
