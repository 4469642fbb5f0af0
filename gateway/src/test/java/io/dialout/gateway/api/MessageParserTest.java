package io.dialout.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialout.gateway.call.DialRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageParserTest {

    private final MessageParser parser = new MessageParser(new ObjectMapper(), new MessageLimits(65536, 300, 86400));

    private static String dial(String extra) {
        return "{\"type\":\"dial\",\"callId\":\"c1\",\"to\":\"sip:+15551234567@trunk.example.com\",\"offer\":\"v=0\\r\\n\""
                + extra + "}";
    }

    @Test
    void fullDialIsParsed() throws Exception {
        ClientMessage m = parser.parse(
                "{\"type\":\"dial\",\"callId\":\"c1\",\"to\":\"sip:+15551234567@trunk.example.com\","
                        + "\"from\":{\"user\":\"room-42\",\"displayName\":\"Weekly sync\"},\"offer\":\"v=0\\r\\n\","
                        + "\"headers\":{\"X-Room-Id\":\"42\"},\"ringTimeoutSec\":45,\"maxDurationSec\":14400,\"future\":1}");
        DialRequest d = ((ClientMessage.Dial) m).request();
        assertThat(d.callId()).isEqualTo("c1");
        assertThat(d.to()).isEqualTo("sip:+15551234567@trunk.example.com");
        assertThat(d.fromUser()).isEqualTo("room-42");
        assertThat(d.fromDisplayName()).isEqualTo("Weekly sync");
        assertThat(d.offer()).isEqualTo("v=0\r\n");
        assertThat(d.headers()).containsExactly(java.util.Map.entry("X-Room-Id", "42"));
        assertThat(d.ringTimeoutSec()).isEqualTo(45);
        assertThat(d.maxDurationSec()).isEqualTo(14400);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sip:alice@example.com",
                "sips:bob@10.0.0.1:5061;transport=tls",
                "sip:127.0.0.1:5080",
                "sip:+15551234567@trunk.example.com;user=phone",
                "sip:svc@[::1]:5060",
                "tel:+1-555-123-4567",
                "tel:7042;phone-context=example.com",
                "+15551234567",
                "15551234567",
                "SIP:Alice@Example.COM"
            })
    void acceptedDestinations(String to) throws Exception {
        ClientMessage m = parser.parse(dial("").replace("sip:+15551234567@trunk.example.com", to));
        assertThat(((ClientMessage.Dial) m).request().to()).isEqualTo(to);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "alice",
                "http://example.com",
                "sip:",
                "sip:a b@example.com",
                "sip:<a>@x",
                "+0123",
                "+1234567890123456",
                "mailto:a@b",
                "sip:a@-bad-",
                "tel:",
                "sip:a@example.com\\r\\nVia: x"
            })
    void rejectedDestinations(String to) {
        assertBad(dial("").replace("sip:+15551234567@trunk.example.com", to), "c1", "'to'");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "not json                                         | malformed JSON",
                "{\"type\":\"dial\"                               | malformed JSON",
                "[1,2]                                            | must be a JSON object",
                "\"dial\"                                         | must be a JSON object",
                "{}                                               | missing 'type'",
                "{\"type\":7,\"callId\":\"c1\"}                   | 'type' must be a string",
                "{\"type\":\"dance\",\"callId\":\"c1\"}           | unknown type 'dance'",
                "{\"type\":\"hangup\"}                            | missing 'callId'",
                "{\"type\":\"hangup\",\"callId\":\"\"}            | 'callId' must be 1-64",
                "{\"type\":\"hangup\",\"callId\":\"a b\"}         | 'callId' must be 1-64",
                "{\"type\":\"hangup\",\"callId\":5}               | 'callId' must be 1-64",
                "{\"type\":\"hangup\",\"callId\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"} | 'callId' must be 1-64",
                "{\"type\":\"dial\",\"callId\":\"c1\",\"offer\":\"v=0\"} | missing 'to'",
                "{\"type\":\"dial\",\"callId\":\"c1\",\"to\":\"sip:a@b\"} | missing 'offer'",
                "{\"type\":\"dial\",\"callId\":\"c1\",\"to\":\"sip:a@b\",\"offer\":\" \"} | 'offer' is empty",
                "{\"type\":\"dial\",\"callId\":\"c1\",\"to\":[],\"offer\":\"v=0\"} | 'to' must be a string",
                "{\"type\":\"dtmf\",\"callId\":\"c1\"}                            | missing 'digits'",
                "{\"type\":\"dtmf\",\"callId\":\"c1\",\"digits\":\"12x\"}         | 'digits' must be",
                "{\"type\":\"dtmf\",\"callId\":\"c1\",\"digits\":\"\"}            | 'digits' must be",
                "{\"type\":\"dtmf\",\"callId\":\"c1\",\"digits\":\"1a\"}          | 'digits' must be",
                "{\"type\":\"dtmf\",\"callId\":\"c1\",\"digits\":\"1\",\"durationMs\":10}    | 'durationMs' must be an integer from 40 to 2000",
                "{\"type\":\"dtmf\",\"callId\":\"c1\",\"digits\":\"1\",\"durationMs\":5000}  | 'durationMs' must be an integer from 40 to 2000",
                "{\"type\":\"dtmf\",\"callId\":\"c1\",\"digits\":\"1\",\"durationMs\":\"100\"} | 'durationMs' must be an integer",
                "{\"type\":\"candidate\",\"callId\":\"c1\"}                        | missing 'candidate'",
                "{\"type\":\"candidate\",\"callId\":\"c1\",\"candidate\":3}        | 'candidate' must be a string or null",
            })
    void badMessages(String text, String expected) {
        assertThatThrownBy(() -> parser.parse(text)).isInstanceOfSatisfying(BadMessage.class, b -> {
            assertThat(b.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(b.getMessage()).contains(expected);
        });
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                ",\"ringTimeoutSec\":0                         | 'ringTimeoutSec' must be an integer from 1 to 300",
                ",\"ringTimeoutSec\":301                       | 'ringTimeoutSec' must be an integer from 1 to 300",
                ",\"ringTimeoutSec\":1.5                       | 'ringTimeoutSec' must be an integer",
                ",\"maxDurationSec\":0                         | 'maxDurationSec' must be an integer from 1 to 86400",
                ",\"maxDurationSec\":86401                     | 'maxDurationSec' must be an integer from 1 to 86400",
                ",\"maxDurationSec\":99999999999               | 'maxDurationSec' must be an integer",
                ",\"headers\":{\"Via\":\"x\"}                  | only X- headers",
                ",\"headers\":{\"X-\":\"x\"}                   | only X- headers",
                ",\"headers\":{\"X-A B\":\"x\"}                | is not a token",
                ",\"headers\":{\"X-A:\":\"x\"}                 | is not a token",
                ",\"headers\":{\"X-Room\":\"a\\r\\nVia: evil\"} | without CR, LF",
                ",\"headers\":{\"X-Room\":\"a\\nb\"}           | without CR, LF",
                ",\"headers\":{\"X-Room\":42}                  | must have a string value",
                ",\"headers\":[\"X-Room\"]                     | 'headers' must be an object",
                ",\"from\":\"room\"                            | 'from' must be an object",
                ",\"from\":{\"user\":\"a b\"}                  | 'from.user'",
                ",\"from\":{\"displayName\":\"a\\r\\nb\"}      | 'from.displayName'",
            })
    void badDialFields(String extra, String expected) {
        assertBad(dial(extra), "c1", expected);
    }

    @Test
    void oversizedMessageIsABadRequest() {
        MessageParser small = new MessageParser(new ObjectMapper(), new MessageLimits(100, 300, 86400));
        assertThatThrownBy(() -> small.parse(dial(",\"x\":\"" + "y".repeat(200) + "\"")))
                .hasMessageContaining("exceeds the limit of 100");
    }

    @Test
    void otherMessages() throws Exception {
        assertThat(parser.parse("{\"type\":\"hangup\",\"callId\":\"a.b:c-d_e\"}"))
                .isEqualTo(new ClientMessage.Hangup("a.b:c-d_e"));
        assertThat(parser.parse("{\"type\":\"hold\",\"callId\":\"c1\"}")).isEqualTo(new ClientMessage.Hold("c1"));
        assertThat(parser.parse("{\"type\":\"resume\",\"callId\":\"c1\"}")).isEqualTo(new ClientMessage.Resume("c1"));
        assertThat(parser.parse("{\"type\":\"dtmf\",\"callId\":\"c1\",\"digits\":\"0123456789*#ABCD\"}"))
                .isEqualTo(new ClientMessage.Dtmf("c1", "0123456789*#ABCD", 100));
        assertThat(parser.parse("{\"type\":\"candidate\",\"callId\":\"c1\",\"candidate\":null}"))
                .isEqualTo(new ClientMessage.Candidate("c1", null, null));
        assertThat(
                        parser.parse(
                                "{\"type\":\"candidate\",\"callId\":\"c1\",\"candidate\":\"candidate:1 1 udp 1 1.2.3.4 5 typ host\",\"sdpMid\":\"0\"}"))
                .isEqualTo(new ClientMessage.Candidate("c1", "candidate:1 1 udp 1 1.2.3.4 5 typ host", "0"));
    }

    /** The room's transfer (an addition): a target like a dial's to, or another call to replace; exactly one. */
    @Test
    void transferNamesATargetOrAnotherCall() throws Exception {
        assertThat(parser.parse("{\"type\":\"transfer\",\"callId\":\"c1\",\"target\":\"sip:carol@pbx.example\"}"))
                .isEqualTo(new ClientMessage.Transfer("c1", "sip:carol@pbx.example", null));
        assertThat(parser.parse("{\"type\":\"transfer\",\"callId\":\"c1\",\"replacesCallId\":\"c2\"}"))
                .isEqualTo(new ClientMessage.Transfer("c1", null, "c2"));
        assertBad("{\"type\":\"transfer\",\"callId\":\"c1\"}", "c1", "exactly one of");
        assertBad(
                "{\"type\":\"transfer\",\"callId\":\"c1\",\"target\":\"sip:a@b\",\"replacesCallId\":\"c2\"}",
                "c1",
                "exactly one of");
        assertBad("{\"type\":\"transfer\",\"callId\":\"c1\",\"target\":\"bob\"}", "c1", "'target' must be");
        assertBad("{\"type\":\"transfer\",\"callId\":\"c1\",\"replacesCallId\":\"c1\"}", "c1", "another call");
        assertBad("{\"type\":\"transfer\",\"callId\":\"c1\",\"target\":5}", "c1", "must be a string");
    }

    @Test
    void aRoomsReofferIsParsed() throws Exception {
        assertThat(parser.parse("{\"type\":\"offer\",\"callId\":\"c1\",\"sdp\":\"v=0\\r\\n\",\"future\":1}"))
                .isEqualTo(new ClientMessage.Offer("c1", "v=0\r\n"));
        assertBad("{\"type\":\"offer\",\"callId\":\"c1\"}", "c1", "missing 'sdp'");
        assertBad("{\"type\":\"offer\",\"callId\":\"c1\",\"sdp\":\" \"}", "c1", "'sdp' is empty");
        assertBad("{\"type\":\"offer\",\"callId\":\"c1\",\"sdp\":5}", "c1", "'sdp'");
    }

    @Test
    void errorsCarryTheCallIdOnlyWhenItIsValid() {
        assertBad("{\"type\":\"dance\",\"callId\":\"c9\"}", "c9", "unknown type");
        assertThatThrownBy(() -> parser.parse("{\"type\":\"dance\",\"callId\":\"bad id\"}"))
                .isInstanceOfSatisfying(
                        BadMessage.class, b -> assertThat(b.callId()).isNull());
    }

    private void assertBad(String text, String callId, String expected) {
        assertThatThrownBy(() -> parser.parse(text)).isInstanceOfSatisfying(BadMessage.class, b -> {
            assertThat(b.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(b.callId()).isEqualTo(callId);
            assertThat(b.getMessage()).contains(expected);
        });
    }
}
