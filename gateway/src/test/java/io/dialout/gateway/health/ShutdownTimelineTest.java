package io.dialout.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShutdownTimelineTest {

    @ParameterizedTest(name = "grace {0}: calls run {1}, teardown {2}")
    @CsvSource({
        // the default and the overlays: 5 s kept for the BYEs
        "PT30S, PT25S, PT5S",
        "PT10S, PT5S, PT5S",
        "PT1H, PT59M55S, PT5S",
        // a short grace: half of it for the BYEs
        "PT4S, PT2S, PT2S",
        "PT1S, PT0.5S, PT0.5S",
        "PT0S, PT0S, PT0S",
    })
    void callsRunForTheGraceLessTheByeMargin(Duration grace, Duration callsRun, Duration teardown) {
        ShutdownTimeline t = ShutdownTimeline.of(grace);
        assertThat(t.callsRun()).isEqualTo(callsRun);
        assertThat(t.teardown()).isEqualTo(teardown);
        assertThat(t.total()).as("the whole shutdown fits in the grace").isEqualTo(grace);
    }

    @ParameterizedTest
    @CsvSource({"PT-1S"})
    void negativeGraceIsRefused(Duration grace) {
        assertThatThrownBy(() -> ShutdownTimeline.of(grace)).isInstanceOf(IllegalArgumentException.class);
    }
}
