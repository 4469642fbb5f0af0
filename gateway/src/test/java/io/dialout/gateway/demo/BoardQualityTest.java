package io.dialout.gateway.demo;

import static io.dialout.gateway.demo.RoomPage.WAIT;
import static io.dialout.gateway.demo.RoomPage.card;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dialout.testkit.FreePorts;
import io.dialout.testkit.ImpairedUdpRelay;
import io.dialout.testkit.ImpairedUdpRelay.Impairment;
import io.dialout.testkit.Sipp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.InetSocketAddress;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The live calls board's quality plots and call detail view (web/quality.js) in headless Chromium, on two calls placed
 * from the page: one to sipp echoing RTP through a relay that drops 5 % of what sipp sends back and delays it by up
 * to 15 ms up to 15 ms (the SIP leg shows loss and jitter, and a lower MOS), one to the demo echo (clean). The plotted points are
 * the figures GET /v1/calls gave; the detail view draws the set-up timeline in the order the steps happened.
 *
 * <p>With {@code -Dscreenshots=true} it waits for more history and writes docs/screenshots/board.png and
 * call-detail.png.
 */
@QuarkusTest
class BoardQualityTest {

    private static final List<String> STAGES = List.of(
            "dial",
            "inviteSent",
            "firstProvisional",
            "answered",
            "roomConnected",
            "firstRtpFromRoom",
            "firstRtpFromSip");

    @TestHTTPResource("/")
    URL root;

    @Test
    void theBoardPlotsEachLegsMeasuredQualityAndTheDetailShowsTheSetUpTimeline() throws Exception {
        int sippMedia = FreePorts.udpPair();
        ImpairedUdpRelay relay = ImpairedUdpRelay.start(
                new InetSocketAddress("127.0.0.1", sippMedia),
                Impairment.NONE,
                Impairment.loss(5).withDelay(0, 15),
                16);
        try (relay;
                Sipp uas = Sipp.scenarioResource("sipp/impaired/uas_relayed_media_wait_bye.xml")
                        .mediaPort(sippMedia)
                        .rtpEcho()
                        .set("relaymedia", String.valueOf(relay.port()))
                        .timeout(Duration.ofSeconds(180))
                        .start();
                RoomPage page = RoomPage.open(root.toString())) {
            page.startAudioOnly();
            String lossy = page.dial(uas.uri("service"));
            page.awaitPill(lossy, "answered");
            String clean = page.dialShortcut("echo");
            page.awaitPill(clean, "answered");

            page.showBoard();
            String lossyRow = row(lossy);
            String cleanRow = row(clean);
            int points = Boolean.getBoolean("screenshots") ? 60 : 10;
            page.waitFor(
                    "document.querySelector(\"" + lossyRow + " .mos-plot path.sip\")?.dataset.points >= " + points
                            + " && document.querySelector(\"" + cleanRow + " .mos-plot path.sip\")?.dataset.points"
                            + " >= " + points,
                    Duration.ofSeconds(points + 30),
                    points + " MOS points on both calls' SIP legs");

            // What the plots hold is what the gateway measured: the loss the relay made, none where nothing drops.
            List<Double> lossySipLoss = plotted(page, lossyRow, "loss-plot", "sip");
            List<Double> lossyRoomLoss = plotted(page, lossyRow, "loss-plot", "room");
            List<Double> cleanSipLoss = plotted(page, cleanRow, "loss-plot", "sip");
            System.out.printf(
                    "plotted loss, lossy call SIP leg: %s%nroom leg: %s%nclean call SIP leg: %s%nrelay: %s%n",
                    lossySipLoss, lossyRoomLoss, cleanSipLoss, relay);
            double dropped = (double) relay.fromTarget().dropped()
                    / Math.max(1, relay.fromTarget().received());
            assertThat(dropped).as("the relay's own drop rate").isCloseTo(0.05, within(0.03));
            // Each value is the loss of the last few seconds (a hundred or so packets), so it scatters around the
            // relay's rate. Medians: a stall of this shared machine can cost the room's RTP a burst, and that is
            // rightly drawn, but it is not what is measured here.
            assertThat(median(lossySipLoss))
                    .as("SIP-leg loss plotted on the lossy call, against the relay's %.3f", dropped)
                    .isBetween(0.01, 0.12);
            assertThat(median(cleanSipLoss))
                    .as("loss plotted on the clean call")
                    .isZero();
            assertThat(median(lossyRoomLoss)).as("room-leg loss (loopback)").isZero();
            // The relay's delays, uniform over 0-15 ms, alone make an interarrival jitter of about 5 ms (RFC 3550
            // A.8: the mean difference of two of them); load on this machine can only add to it.
            assertThat(median(plotted(page, lossyRow, "jitter", "sip")))
                    .as("jitter the relay adds")
                    .isGreaterThan(2.0);
            // The clean call is Opus end to end (E-model Ie 11), the lossy one PCMU (Ie 0): a loss-free PCMU leg
            // gives 4.4 (docs/quality.md), 5 % cumulative loss about 3.9.
            List<Double> lossyMos = plotted(page, lossyRow, "mos-plot", "sip");
            assertThat(lossyMos).allSatisfy(m -> assertThat(m).isBetween(1.0, 4.5));
            assertThat(plotted(page, cleanRow, "mos-plot", "sip"))
                    .allSatisfy(m -> assertThat(m).isBetween(1.0, 4.5));
            assertThat(median(lossyMos))
                    .as("MOS through 5 %% loss: " + lossyMos)
                    .isLessThan(4.2);
            for (String plot : List.of("loss-plot", "jitter", "mos-plot")) {
                for (String leg : List.of("room", "sip")) {
                    JsonNode drawn = page.eval("(() => { const p = document.querySelector(\"" + lossyRow + " ." + plot
                            + " path." + leg + "\"); return { d: p.getAttribute('d'), n: Number(p.dataset.points) };"
                            + " })()");
                    assertThat(drawn.path("d").asText().split("[ML]", -1).length - 1)
                            .as("a vertex per plotted value: " + plot + " " + leg)
                            .isEqualTo(drawn.path("n").asInt());
                }
            }

            // The detail view: parties, codecs, quality per leg, and the set-up timeline.
            page.browser.click(lossyRow + " .to");
            page.waitFor("document.querySelector('#detail-timeline g.stage')", WAIT, "the detail view");
            JsonNode listed = call(lossy);
            assertThat(page.browser.text("#detail .party-to")).isEqualTo(uas.uri("service"));
            assertThat(page.browser.text("#detail .party-sip-call-id"))
                    .isEqualTo(listed.path("sipCallId").asText());
            assertThat(page.browser.text("#detail-codecs"))
                    .containsIgnoringCase("opus")
                    .contains("PCMU");
            List<Map<String, Object>> stages = timeline(page);
            System.out.println("timeline drawn: " + stages + "; GET /v1/calls: " + listed.path("timeline"));
            assertThat(stages).extracting(s -> s.get("stage")).containsExactlyInAnyOrderElementsOf(STAGES);
            assertThat(stages.get(0)).containsEntry("stage", "dial").containsEntry("offset", 0L);
            long previousOffset = 0;
            double previousX = -1;
            for (Map<String, Object> s : stages) {
                long offset = (Long) s.get("offset");
                assertThat(offset).as("offsets in order: " + stages).isGreaterThanOrEqualTo(previousOffset);
                assertThat((Double) s.get("x"))
                        .as("drawn left to right: " + stages)
                        .isGreaterThanOrEqualTo(previousX);
                if (!s.get("stage").equals("dial")) {
                    assertThat(offset)
                            .as(s.get("stage") + " as GET /v1/calls gives it")
                            .isEqualTo(listed.path("timeline")
                                    .path((String) s.get("stage"))
                                    .asLong(-1));
                }
                previousOffset = offset;
                previousX = (Double) s.get("x");
            }
            List<Object> order = stages.stream().map(s -> s.get("stage")).toList();
            assertThat(order.indexOf("inviteSent")).isLessThan(order.indexOf("firstProvisional"));
            assertThat(order.indexOf("firstProvisional")).isLessThan(order.indexOf("answered"));
            page.screenshot("call-detail");
            page.browser.click("#detail-close");
            page.waitFor("document.querySelector('#detail').classList.contains('hidden')", WAIT, "the detail closed");
            page.screenshot("board");

            // The far end goes silent: the SIP leg's figures stop moving, and the last points drawn are exactly
            // what GET /v1/calls says.
            relay.close();
            JsonNode frozen = awaitFrozenSipLeg(page, lossy);
            System.out.println("GET /v1/calls once the relay was shut: " + call(lossy) + "\n" + call(clean));
            assertThat(last(plotted(page, lossyRow, "mos-plot", "sip")))
                    .isEqualTo(frozen.path("mos").asDouble());
            assertThat(last(plotted(page, lossyRow, "loss-plot", "sip")))
                    .isEqualTo(frozen.path("fractionLost").asDouble());
            assertThat(last(plotted(page, lossyRow, "jitter", "sip")))
                    .isEqualTo(frozen.path("jitterMs").asDouble());
            assertThat(page.browser.text(lossyRow + " .mos-plot .figures"))
                    .endsWith(String.format(
                            java.util.Locale.ROOT, "/ %.2f", frozen.path("mos").asDouble()));

            page.showRoom();
            for (String id : List.of(lossy, clean)) {
                page.browser.click(card(id) + " .hangup");
                assertThat(page.awaitPill(id, "ended")).isEqualTo("ended: local-hangup");
            }
            assertThat(uas.awaitExit(Duration.ofSeconds(20))).as(uas.output()).isZero();
        }
    }

    private static String row(String callId) {
        return "#board-body tr[data-call-id='" + callId + "']";
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The call's entry in GET /v1/calls, its numbers as the gateway wrote them (Jackson, not REST Assured's floats). */
    private static JsonNode call(String callId) throws Exception {
        String body = given().get("/v1/calls").then().statusCode(200).extract().asString();
        for (JsonNode c : JSON.readTree(body)) {
            if (c.path("callId").asText().equals(callId)) {
                return c;
            }
        }
        throw new AssertionError(callId + " not in GET /v1/calls: " + body);
    }

    /** The non-null values drawn by one leg's line of one plot of a board row, oldest first. */
    private static List<Double> plotted(RoomPage page, String row, String plot, String leg) {
        JsonNode values = page.eval("document.querySelector(\"" + row + " ." + plot + " path." + leg
                + "\").dataset.values.split(',').filter((v) => v !== '').map(Number)");
        List<Double> out = new ArrayList<>();
        values.forEach(v -> out.add(v.asDouble()));
        return out;
    }

    /** The stages of the detail view's timeline from top to bottom: name, offset (ms) and x of the mark. */
    private static List<Map<String, Object>> timeline(RoomPage page) {
        JsonNode rows = page.eval("[...document.querySelectorAll('#detail-timeline g.stage')].map((g) => ({"
                + " stage: g.dataset.stage, offset: g.dataset.offset === undefined ? null : Number(g.dataset.offset),"
                + " x: g.querySelector('circle') ? Number(g.querySelector('circle').getAttribute('cx')) : null }))");
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode r : rows) {
            assertThat(r.path("offset").isNull())
                    .as(r.path("stage").asText() + " reached: " + rows)
                    .isFalse();
            out.add(Map.of(
                    "stage", r.path("stage").asText(),
                    "offset", r.path("offset").asLong(),
                    "x", r.path("x").asDouble()));
        }
        return out;
    }

    /**
     * Waits until two GET /v1/calls answers show the call's SIP leg unchanged (no more packets, the same quality)
     * with a board sample taken between them; returns that leg's quality. The board polls one at a time, so the second poll rendered
     * after the first answer here was sent after it.
     */
    private static JsonNode awaitFrozenSipLeg(RoomPage page, String callId) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonNode before = call(callId).path("sip");
            int samples = page.eval("window.dialout.board.samples").asInt();
            page.waitFor("window.dialout.board.samples >= " + (samples + 2), WAIT, "two more board polls");
            JsonNode after = call(callId).path("sip");
            // Without packets the loss of the last interval still falls to 0 once (the interval is also closed on
            // a timer), so the whole quality must be unchanged, not only the counter.
            if (after.path("packetsReceived").asLong()
                            == before.path("packetsReceived").asLong()
                    && after.path("quality").equals(before.path("quality"))) {
                return after.path("quality");
            }
            assertThat(System.nanoTime())
                    .as("the SIP leg still changing after the relay closed")
                    .isLessThan(deadline);
        }
    }

    private static double median(List<Double> values) {
        assertThat(values).isNotEmpty();
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static double last(List<Double> values) {
        assertThat(values).isNotEmpty();
        return values.get(values.size() - 1);
    }
}
