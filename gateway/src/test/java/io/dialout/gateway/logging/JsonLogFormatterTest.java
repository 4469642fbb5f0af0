package io.dialout.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.MDC;
import org.junit.jupiter.api.Test;

class JsonLogFormatterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void oneJsonObjectPerLineWithTheCallsMdc() throws Exception {
        MDC.put("callId", "c1");
        MDC.put("sipCallId", "a84b4c76e66710@gw");
        try {
            ExtLogRecord r = new ExtLogRecord(
                    Level.WARNING,
                    "call {0} failed: \"quoted\"\nsecond line",
                    ExtLogRecord.FormatStyle.MESSAGE_FORMAT,
                    JsonLogFormatterTest.class.getName());
            r.setParameters(new Object[] {"c1"});
            r.setLoggerName("io.dialout.gateway.call");
            r.setThrown(new IllegalStateException("boom"));
            r.copyMdc();
            String line = new JsonLogFormatter().format(r);
            assertThat(line).endsWith("}\n").doesNotContain("\nsecond");
            JsonNode n = JSON.readTree(line);
            assertThat(n.path("level").asText()).isEqualTo("WARN");
            assertThat(n.path("logger").asText()).isEqualTo("io.dialout.gateway.call");
            assertThat(n.path("callId").asText()).isEqualTo("c1");
            assertThat(n.path("sipCallId").asText()).isEqualTo("a84b4c76e66710@gw");
            assertThat(n.path("message").asText()).isEqualTo("call c1 failed: \"quoted\"\nsecond line");
            assertThat(n.path("exception").asText()).contains("IllegalStateException: boom");
            assertThat(n.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        } finally {
            MDC.clear();
        }
    }

    @Test
    void escapesControlCharacters() {
        StringBuilder b = new StringBuilder();
        JsonLogFormatter.escape(b, "a\u0001b\tc\\");
        assertThat(b).hasToString("a\\u0001b\\tc\\\\");
    }
}
