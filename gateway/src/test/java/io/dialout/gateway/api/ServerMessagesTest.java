package io.dialout.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialout.gateway.call.CallEnd;
import io.dialout.gateway.call.Party;
import io.dialout.gateway.call.StateReport;
import org.junit.jupiter.api.Test;

class ServerMessagesTest {

    private final ServerMessages m = new ServerMessages(new ObjectMapper());

    @Test
    void messagesHaveTheDocumentedShape() {
        assertThat(m.answer("c1", "v=0\r\n"))
                .isEqualTo("{\"type\":\"answer\",\"callId\":\"c1\",\"sdp\":\"v=0\\r\\n\"}");
        assertThat(m.state("c1", StateReport.sip("ringing", 180, "Ringing")))
                .isEqualTo(
                        "{\"type\":\"state\",\"callId\":\"c1\",\"state\":\"ringing\",\"sipStatus\":180,\"reason\":\"Ringing\"}");
        assertThat(m.state("c1", StateReport.ended(CallEnd.finalResponse(486, "Busy Here"), 0)))
                .isEqualTo("{\"type\":\"state\",\"callId\":\"c1\",\"state\":\"ended\",\"sipStatus\":486,"
                        + "\"reason\":\"Busy Here\",\"cause\":\"busy\",\"by\":\"remote\",\"durationSec\":0}");
        assertThat(m.state("c1", StateReport.hold("held", Party.REMOTE)))
                .isEqualTo("{\"type\":\"state\",\"callId\":\"c1\",\"state\":\"held\",\"by\":\"remote\"}");
        assertThat(m.dtmf("c1", '5')).isEqualTo("{\"type\":\"dtmf\",\"callId\":\"c1\",\"digit\":\"5\"}");
        assertThat(m.error(null, ErrorCode.BAD_REQUEST, "malformed JSON"))
                .isEqualTo("{\"type\":\"error\",\"code\":\"bad-request\",\"message\":\"malformed JSON\"}");
    }
}
