package io.dialout.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialout.gateway.dialplan.Refusal;
import io.dialout.gateway.dialplan.Route;
import io.dialout.gateway.dialplan.Router;
import io.dialout.gateway.metrics.GatewayMetrics;
import io.dialout.gateway.sip.Trunk;
import io.dialout.media.CallMediaRequest.SipLegOptions;
import io.dialout.media.MediaException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The effects of {@link Call} over in-memory fakes of the SIP user agent, the media engine and the client link: what
 * goes where, in which order. The call's executor runs on the test's thread, so every event is handled before the
 * method that posted it returns. The transitions themselves are {@link CallTransitionsTest}'s; the real peers are in
 * the gateway's {@code it} tests.
 */
class CallTest {

    private static final int RING_TIMEOUT_SEC = 30;
    private static final int MAX_DURATION_SEC = 3600;
    private static final SipLegOptions TRUNK_LEG = new SipLegOptions(true, false, true);

    private final Journal journal = new Journal();
    private final FakeSipUserAgent sip = new FakeSipUserAgent(journal);
    private final FakeMediaEngine media = new FakeMediaEngine(journal);
    private final FakeClientLink client = new FakeClientLink(journal);
    private final ManualTimers timers = new ManualTimers();
    private final CallRegistry registry = new CallRegistry();
    private Router router =
            to -> new Route("sip:bob@trunk.example", Trunk.direct("trunk", "udp"), null, "test", TRUNK_LEG);

    @AfterEach
    void stopTimers() {
        timers.shutdownNow();
    }

    private Call newCall() {
        CallServices services = new CallServices(
                media,
                sip,
                router,
                registry,
                new GatewayMetrics(new SimpleMeterRegistry(), registry::size),
                new CallDefaults(Duration.ofSeconds(30), Duration.ofHours(1), "gateway"),
                Runnable::run,
                timers);
        Call call = new Call(
                new DialRequest(
                        "c1",
                        "sip:bob@example.com",
                        null,
                        null,
                        "room-offer",
                        Map.of(),
                        RING_TIMEOUT_SEC,
                        MAX_DURATION_SEC),
                client,
                services);
        assertThat(registry.tryAdd(call, 10)).isTrue();
        return call;
    }

    private Call ringing() {
        Call call = newCall();
        call.start();
        sip.dialog().ringing();
        return call;
    }

    private Call answered() {
        Call call = ringing();
        sip.dialog().answer("callee-answer");
        journal.clear();
        return call;
    }

    private String state(Call call) {
        return call.snapshot().join().state();
    }

    // ---- setting up ----

    @Test
    void theRoomIsAnsweredBeforeTheInviteGoesOut() {
        Call call = newCall();
        call.start();
        assertThat(journal.lines())
                .containsExactly(
                        "media create " + TRUNK_LEG,
                        "client answer room-answer",
                        "sip INVITE sip:bob@trunk.example sip-offer",
                        "client state trying");
        assertThat(sip.dialog().request.fromUser()).isEqualTo("gateway");
        assertThat(state(call)).isEqualTo("inviting");
    }

    @Test
    void candidatesTrickledBeforeTheMediaExistAreHandedOverAfterTheRoomAnswer() {
        Call call = newCall();
        call.addCandidate("candidate:1 1 udp 1 10.0.0.1 5000 typ host", "0");
        call.addCandidate("bad", "0");
        call.addCandidate(null, null);
        assertThat(journal.lines()).isEmpty();

        call.start();
        assertThat(journal.lines())
                .containsExactly(
                        "media create " + TRUNK_LEG,
                        "client answer room-answer",
                        "media candidate candidate:1 1 udp 1 10.0.0.1 5000 typ host 0",
                        "client error bad candidate: unparsable candidate",
                        "media candidate null null",
                        "sip INVITE sip:bob@trunk.example sip-offer",
                        "client state trying");

        journal.clear();
        call.addCandidate("candidate:2 1 udp 1 10.0.0.2 5000 typ host", "0");
        assertThat(journal.lines()).containsExactly("media candidate candidate:2 1 udp 1 10.0.0.2 5000 typ host 0");
    }

    @Test
    void earlyMediaIsAppliedThenTheAnswer() {
        Call call = newCall();
        call.start();
        journal.clear();
        sip.dialog().earlyMedia("early-sdp");
        sip.dialog().answer("callee-answer");
        assertThat(journal.lines())
                .containsExactly(
                        "media apply early early-sdp",
                        "client state early-media",
                        "media apply callee-answer",
                        "media timeout armed",
                        "client state answered");
        assertThat(state(call)).isEqualTo("answered");
        assertThat(timers.live()).as("the max-duration timer only").isEqualTo(1);
    }

    // ---- teardown: ended exactly once, CANCEL or BYE, media released ----

    @Test
    void hangupBeforeTheAnswerCancelsReleasesTheMediaAndEndsOnce() {
        Call call = ringing();
        journal.clear();
        call.hangup("hangup by the client");
        assertThat(journal.lines())
                .containsExactly(
                        "sip CANCEL", "media close", "client released", "client state ended local-hangup local");
        assertThat(registry.size()).isZero();
        assertThat(timers.live()).as("the ring timer is cancelled").isZero();

        // Whatever still arrives changes nothing: the SIP layer ACKs and BYEs a late 200 itself.
        journal.clear();
        sip.dialog().answer("late-answer");
        call.hangup("again");
        call.controllerGone();
        call.shutdown();
        media.call.listener.mediaFailure("late");
        timers.advance(RING_TIMEOUT_SEC * 1000L);
        assertThat(journal.lines()).isEmpty();
        assertThat(client.ended()).hasSize(1);
        assertThat(state(call)).isEqualTo("ended");
    }

    @Test
    void hangupAfterTheAnswerSendsBye() {
        Call call = answered();
        call.hangup("hangup by the client");
        assertThat(journal.lines())
                .containsExactly("sip BYE", "media close", "client released", "client state ended local-hangup local");
        assertThat(client.ended())
                .singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("hangup by the client"));
        assertThat(timers.live()).as("the max-duration timer is cancelled").isZero();
    }

    @Test
    void theFarEndsByeEndsTheCallOnce() {
        Call call = answered();
        sip.dialog().byeFromFarEnd();
        call.hangup("too late");
        assertThat(journal.lines())
                .containsExactly(
                        "sip hangup: dialog gone, nothing sent",
                        "media close",
                        "client released",
                        "client state ended remote-hangup remote");
        assertThat(client.ended())
                .singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("BYE"));
    }

    @Test
    void aFinalFailureEndsWithItsCauseAndReleasesTheMedia() {
        ringing();
        journal.clear();
        sip.dialog().reject(486, "Busy Here");
        assertThat(journal.lines())
                .containsExactly(
                        "sip hangup: dialog gone, nothing sent",
                        "media close",
                        "client released",
                        "client state ended busy remote");
        assertThat(client.ended())
                .singleElement()
                .satisfies(e -> assertThat(e.sipStatus()).isEqualTo(486));
    }

    @Test
    void theRingTimeoutCancels() {
        ringing();
        journal.clear();
        timers.advance(RING_TIMEOUT_SEC * 1000L - 1);
        assertThat(journal.lines()).isEmpty();
        timers.advance(1);
        assertThat(journal.lines())
                .containsExactly("sip CANCEL", "media close", "client released", "client state ended no-answer local");
    }

    @Test
    void theMaximumDurationByes() {
        answered();
        timers.advance(MAX_DURATION_SEC * 1000L);
        assertThat(journal.lines())
                .containsExactly("sip BYE", "media close", "client released", "client state ended max-duration local");
    }

    @Test
    void theAnswerInTheAckOfADelayedOfferIsApplied() {
        Call call = answered();
        sip.dialog().reInviteFromFarEnd(null); // RFC 3261 section 14.2: our offer goes in the 200
        journal.clear();
        sip.dialog().listener.remoteAnswerInAck("ack-answer");
        assertThat(journal.lines()).containsExactly("media apply re-INVITE answer ack-answer");
        assertThat(state(call)).isEqualTo("answered");
    }

    @Test
    void anExpiredSessionTimerEndsTheCallAsMediaFailure() {
        answered();
        sip.dialog().listener.sessionExpired(); // RFC 4028 section 10: the SIP side BYEs, the room is told
        assertThat(journal.lines())
                .containsExactly("sip BYE", "media close", "client released", "client state ended media-failure local");
    }

    @Test
    void aMediaFailureEndsTheCall() {
        Call call = answered();
        media.call.listener.mediaFailure("no RTP for 30 s");
        assertThat(journal.lines())
                .containsExactly("sip BYE", "media close", "client released", "client state ended media-failure local");
        assertThat(client.ended().get(0).reason()).isEqualTo("no RTP for 30 s");
        assertThat(state(call)).isEqualTo("ended");
    }

    @Test
    void anInviteThatCannotBeSentEndsUnreachableAndReleasesTheMedia() {
        sip.inviteFailure = new IllegalArgumentException("bad URI");
        newCall().start();
        assertThat(journal.lines())
                .containsExactly(
                        "media create " + TRUNK_LEG,
                        "client answer room-answer",
                        "media close",
                        "client released",
                        "client state ended unreachable local");
        assertThat(timers.live()).isZero();
    }

    @Test
    void aRefusedDestinationEndsWithPolicyAndNothingIsAllocated() {
        router = to -> new Refusal(Refusal.Kind.DENIED, "denied by gateway.dialplan.deny");
        newCall().start();
        assertThat(journal.lines()).containsExactly("client released", "client state ended policy local");
        assertThat(client.ended().get(0).reason()).isEqualTo("denied by gateway.dialplan.deny");
        assertThat(sip.invites()).isZero();
        assertThat(registry.size()).isZero();
    }

    @Test
    void anInvalidDestinationOrOfferIsDroppedWithAnErrorAndNoEnded() {
        router = to -> new Refusal(Refusal.Kind.INVALID, "not a SIP URI");
        newCall().start();
        assertThat(journal.lines()).containsExactly("client released", "client error not a SIP URI");

        journal.clear();
        router = to -> new Route("sip:bob@trunk.example", Trunk.direct("trunk", "udp"), null, "t", TRUNK_LEG);
        media.createFailure = new io.dialout.media.sdp.SdpException("no audio");
        newCall().start();
        assertThat(journal.lines()).containsExactly("client released", "client error bad offer: no audio");
        assertThat(client.ended()).isEmpty();
        assertThat(registry.size()).isZero();
    }

    @Test
    void noFreePortsEndsWithError() {
        media.createFailure = new MediaException("no free RTP port pair");
        newCall().start();
        assertThat(journal.lines()).containsExactly("client released", "client state ended error local");
        assertThat(sip.invites()).isZero();
    }

    // ---- DTMF ----

    @Test
    void sipInfoDigitsArePacedByTheirDurationAndStopWithTheCall() {
        Call call = answered();
        call.sendDtmf("123", 100);
        assertThat(journal.lines()).containsExactly("sip INFO 1 100");
        timers.advance(100 + Call.INFO_GAP_MS - 1);
        assertThat(journal.lines()).containsExactly("sip INFO 1 100");
        timers.advance(1);
        assertThat(journal.lines()).containsExactly("sip INFO 1 100", "sip INFO 2 100");

        call.hangup("bye");
        journal.clear();
        timers.advance(1000);
        assertThat(journal.lines()).as("no digit after the end").isEmpty();
    }

    @Test
    void digitsGoAsRfc4733WhenTheCalleeTookTelephoneEvent() {
        media.telephoneEvent = true;
        Call call = answered();
        call.sendDtmf("1#", 80);
        timers.advance(1000);
        assertThat(journal.lines()).containsExactly("media RFC 4733 1# 80");
    }

    @Test
    void theRoomsInBandDigitsReachACalleeWithoutTelephoneEventAsInfo() {
        Call call = ringing();
        journal.clear();
        media.call.listener.dtmfFromRoom('4', false);
        assertThat(journal.lines()).as("not before the answer").isEmpty();
        sip.dialog().answer("callee-answer");
        journal.clear();
        media.call.listener.dtmfFromRoom('5', true);
        media.call.listener.dtmfFromRoom('6', false);
        assertThat(journal.lines()).containsExactly("sip INFO 6 " + Call.ROOM_INFO_DIGIT_MS);
        call.hold();
        sip.dialog().reInviteResult(200, null);
        journal.clear();
        media.call.listener.dtmfFromRoom('7', false);
        assertThat(journal.lines()).as("held calls still take digits").containsExactly("sip INFO 7 100");
    }

    @Test
    void dtmfIsRefusedBeforeTheAnswerAndDigitsFromSipAreReported() {
        Call call = ringing();
        journal.clear();
        call.sendDtmf("1", 100);
        assertThat(journal.lines()).containsExactly("client error DTMF needs an answered call (call is ringing)");
        sip.dialog().answer("callee-answer");
        journal.clear();
        sip.dialog().info('5');
        media.call.listener.dtmfFromSip('9');
        assertThat(journal.lines()).containsExactly("client dtmf 5", "client dtmf 9");
    }

    // ---- hold and resume ----

    @Test
    void localHoldAndResume() {
        Call call = answered();
        call.hold();
        assertThat(journal.lines()).containsExactly("sip re-INVITE reoffer-sendonly");
        assertThat(state(call)).as("held once accepted").isEqualTo("answered");
        call.hold();
        sip.dialog().reInviteResult(200, "hold-answer");
        call.hold();
        call.resume();
        sip.dialog().reInviteResult(200, "resume-answer");
        assertThat(journal.lines())
                .containsExactly(
                        "sip re-INVITE reoffer-sendonly",
                        "client error a hold or resume is already in progress",
                        "media apply re-INVITE answer hold-answer",
                        "media timeout disarmed",
                        "client state held local",
                        "client error the call is already on hold (call is held)",
                        "sip re-INVITE reoffer-sendrecv",
                        "media apply re-INVITE answer resume-answer",
                        "media timeout armed",
                        "client state resumed local");
        assertThat(state(call)).isEqualTo("answered");
    }

    @Test
    void farEndHoldsRoomResumes() {
        Call call = answered();
        sip.dialog().reInviteFromFarEnd("sendonly");
        assertThat(state(call)).isEqualTo("held");
        call.resume();
        call.hold();
        sip.dialog().reInviteFromFarEnd("sendrecv");
        assertThat(journal.lines())
                .containsExactly(
                        "sip re-INVITE answered 200 answer-recvonly",
                        "media timeout disarmed",
                        "client state held remote",
                        "client error the call is held by the far end; only the far end can resume it",
                        "client error the call is already on hold (call is held)",
                        "sip re-INVITE answered 200 answer-sendrecv",
                        "media timeout armed",
                        "client state resumed remote");
        assertThat(state(call)).isEqualTo("answered");
    }

    @Test
    void bothHeldIsResumedOnlyWhenBothSidesHaveResumed() {
        Call call = answered();
        call.hold();
        sip.dialog().reInviteResult(200, null);
        sip.dialog().reInviteFromFarEnd("inactive");
        sip.dialog().reInviteFromFarEnd("inactive"); // a refresh of the same hold
        call.resume();
        sip.dialog().reInviteResult(200, null);
        assertThat(state(call)).as("the far end still holds").isEqualTo("held");
        sip.dialog().reInviteFromFarEnd(null); // an offerless re-INVITE: the far end no longer holds
        assertThat(journal.lines())
                .containsExactly(
                        "sip re-INVITE reoffer-sendonly",
                        "media timeout disarmed",
                        "client state held local",
                        "sip re-INVITE answered 200 answer-inactive",
                        "sip re-INVITE answered 200 answer-inactive",
                        "sip re-INVITE reoffer-sendrecv",
                        "sip re-INVITE answered 200 answer-sendrecv",
                        "media timeout armed",
                        "client state resumed remote");
        assertThat(client.states).filteredOn(s -> s.state().equals("held")).hasSize(1);
    }

    @Test
    void theFarEndHoldingWhileOurHoldIsOutIsReportedOnce() {
        Call call = answered();
        call.hold();
        sip.dialog().reInviteFromFarEnd("sendonly");
        sip.dialog().reInviteResult(200, null);
        sip.dialog().reInviteFromFarEnd("sendrecv");
        assertThat(state(call)).as("still held by us").isEqualTo("held");
        assertThat(journal.starting("client")).containsExactly("client state held remote");
    }

    @Test
    void aRefusedHoldLeavesTheCallAnswered() {
        Call call = answered();
        call.hold();
        sip.dialog().reInviteResult(491, null);
        assertThat(state(call)).isEqualTo("answered");
        call.hold();
        assertThat(journal.lines())
                .containsExactly(
                        "sip re-INVITE reoffer-sendonly",
                        "client error hold refused by the far end: 491",
                        "sip re-INVITE reoffer-sendonly");
    }

    @Test
    void anUnusableHoldAnswerEndsTheCall() {
        Call call = answered();
        call.hold();
        sip.dialog().reInviteResult(200, "bad");
        assertThat(journal.lines())
                .containsExactly(
                        "sip re-INVITE reoffer-sendonly",
                        "sip BYE",
                        "media close",
                        "client released",
                        "client state ended media-failure local");
        assertThat(client.ended().get(0).reason()).startsWith("unusable hold answer");
        assertThat(state(call)).isEqualTo("ended");
    }

    @Test
    void reInvitesBeforeTheAnswerOrUnusableOnesAreRefused() {
        Call call = ringing();
        journal.clear();
        sip.dialog().reInviteFromFarEnd("sendonly");
        assertThat(journal.lines()).containsExactly("sip re-INVITE answered 491");
        sip.dialog().answer("callee-answer");
        journal.clear();
        sip.dialog().reInviteFromFarEnd("bad");
        assertThat(journal.lines()).containsExactly("sip re-INVITE answered 488");
        assertThat(state(call)).isEqualTo("answered");
    }

    @Test
    void anEarlyUpdateOfferIsRefusedUntilTheEarlyAnswerThenAnsweredFromTheMediaAndKeptByThe200() {
        Call call = newCall();
        call.start();
        journal.clear();
        sip.dialog().reInviteFromFarEnd("sendrecv"); // RFC 3311 section 5.2: our INVITE's offer is unanswered
        assertThat(journal.lines()).containsExactly("sip re-INVITE answered 491");
        sip.dialog().earlyMedia("early-sdp");
        journal.clear();
        sip.dialog().reInviteFromFarEnd("sendrecv");
        sip.dialog().reInviteFromFarEnd("bad");
        assertThat(journal.lines())
                .as("answered from the media, the room told nothing new; an unusable offer gets 488")
                .containsExactly("sip re-INVITE answered 200 answer-sendrecv", "sip re-INVITE answered 488");
        assertThat(state(call)).isEqualTo("early-media");
        journal.clear();
        sip.dialog().answer("early-sdp"); // the 200 repeats the 183's SDP: not applied over the UPDATE's session
        assertThat(journal.lines()).containsExactly("media timeout armed", "client state answered");
        assertThat(state(call)).isEqualTo("answered");
    }

    @Test
    void anEarlyUpdateOfferingSendonlyLeavesTheAnsweredCallHeldByTheFarEnd() {
        Call call = newCall();
        call.start();
        sip.dialog().earlyMedia("early-sdp");
        sip.dialog().reInviteFromFarEnd("sendonly");
        journal.clear();
        sip.dialog().answer(null); // RFC 6337 section 3.1: no SDP in the 200 after a reliable 18x's answer
        assertThat(journal.lines())
                .containsExactly(
                        "media timeout disarmed",
                        "client state answered",
                        "media timeout disarmed",
                        "client state held remote");
        assertThat(state(call)).isEqualTo("held");
    }

    // ---- transfer (RFC 3515) ----

    @Test
    void theFarEndsTransferMovesTheSipLegAndTheRoomIsToldTheNewTarget() {
        Call call = answered();
        sip.dialog(0).referFromFarEnd("sip:carol@pbx.example", "c9;to-tag=a;from-tag=b");
        assertThat(journal.lines())
                .containsExactly(
                        "sip REFER answered 202",
                        "media timeout disarmed",
                        "sip INVITE sip:bob@trunk.example sip-offer Replaces=c9;to-tag=a;from-tag=b"
                                + " Referred-By=<sip:pbx@example.com>");
        assertThat(state(call)).isEqualTo("transferring");

        journal.clear();
        sip.dialog(1).ringing();
        sip.dialog(1).answer("carol-answer");
        assertThat(journal.lines())
                .containsExactly(
                        "sip NOTIFY 180 Ringing",
                        "sip NOTIFY 200 OK",
                        "sip BYE",
                        "media apply carol-answer",
                        "media timeout armed",
                        "client state transferred remote");
        assertThat(client.states.get(client.states.size() - 1).transferredTo()).isEqualTo("sip:carol@pbx.example");
        assertThat(state(call)).isEqualTo("answered");

        // the old leg is out of the call: its BYE changes nothing; the new leg's ends it
        journal.clear();
        sip.dialog(0).byeFromFarEnd();
        assertThat(journal.lines()).isEmpty();
        sip.dialog(1).byeFromFarEnd();
        assertThat(journal.lines()).contains("client state ended remote-hangup remote");
    }

    @Test
    void aTargetThePolicyRefusesGets403AndTheCallIsUnchanged() {
        router = to -> to.contains("blocked")
                ? new Refusal(Refusal.Kind.DENIED, "denied")
                : new Route("sip:bob@trunk.example", Trunk.direct("trunk", "udp"), null, "test", TRUNK_LEG);
        Call call = answered();
        sip.dialog(0).referFromFarEnd("sip:blocked@pbx.example", null);
        assertThat(journal.lines()).containsExactly("sip REFER answered 403 Forbidden");
        assertThat(state(call)).isEqualTo("answered");
        assertThat(sip.invites()).isEqualTo(1);
    }

    @Test
    void aFailedTargetLeavesTheCallOnTheOldLegUnlessTheTransferorHungUp() {
        Call call = answered();
        sip.dialog(0).referFromFarEnd("sip:carol@pbx.example", null);
        journal.clear();
        sip.dialog(1).reject(486, "Busy Here");
        assertThat(journal.lines())
                .containsExactly(
                        "sip hangup: dialog gone, nothing sent", "sip NOTIFY 486 Busy Here", "media timeout armed");
        assertThat(state(call)).isEqualTo("answered");

        sip.dialog(0).referFromFarEnd("sip:dave@pbx.example", null);
        sip.dialog(0).byeFromFarEnd(); // RFC 3515 section 2.4.7: the transferor may leave at once
        assertThat(state(call)).isEqualTo("transferring");
        journal.clear();
        sip.dialog(2).reject(480, "Temporarily Unavailable");
        assertThat(journal.lines()).contains("client state ended no-answer remote");
    }
}
