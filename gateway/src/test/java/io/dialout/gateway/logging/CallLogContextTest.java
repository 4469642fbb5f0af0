package io.dialout.gateway.logging;

import static io.dialout.gateway.it.DialoutClient.dial;
import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.gateway.it.DialoutClient;
import io.dialout.testkit.Sipp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** Every line a call logs carries its ids, so JSON logs can be filtered by callId and SIP Call-ID. */
@QuarkusTest
class CallLogContextTest {

    @TestHTTPResource("/v1/dialout")
    URI http;

    @Test
    void callLinesCarryCallIdAndSipCallId() throws Exception {
        List<ExtLogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r instanceof ExtLogRecord ext) {
                    ext.copyMdc();
                    records.add(ext);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger("io.dialout.gateway.call");
        Level before = logger.getLevel();
        logger.setLevel(Level.FINE);
        logger.addHandler(capture);
        try (Sipp uas = Sipp.scenarioResource("sipp/api/uas_reject_486.xml").start();
                DialoutClient room =
                        DialoutClient.connect(URI.create(http.toString().replaceFirst("^http", "ws")))) {
            room.send(dial("log-1", uas.uri("service")));
            room.sequenceUntilEnded("log-1");
            assertThat(uas.awaitExit(Duration.ofSeconds(20))).isZero();
        } finally {
            logger.removeHandler(capture);
            logger.setLevel(before);
        }
        List<ExtLogRecord> ours =
                records.stream().filter(r -> "log-1".equals(r.getMdc("callId"))).toList();
        assertThat(ours)
                .as("call log lines with the call's MDC; all: " + records.size())
                .isNotEmpty();
        assertThat(ours).allSatisfy(r -> assertThat(r.getMdc("gatewayCallId")).isNotBlank());
        assertThat(ours).anySatisfy(r -> assertThat(r.getMdc("sipCallId")).isNotBlank());
        assertThat(new JsonLogFormatter().format(ours.get(ours.size() - 1)))
                .contains("\"callId\":\"log-1\"", "\"sipCallId\":\"");
    }
}
