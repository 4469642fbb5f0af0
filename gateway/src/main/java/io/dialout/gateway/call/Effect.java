package io.dialout.gateway.call;

import io.dialout.gateway.call.CallEvent.Candidate;
import io.dialout.gateway.call.CallEvent.DigitReceived;
import io.dialout.gateway.call.CallEvent.DtmfRequest;
import io.dialout.gateway.call.CallEvent.Ending;
import io.dialout.gateway.call.CallEvent.InfoDigit;
import io.dialout.gateway.call.CallEvent.Reoffer;
import io.dialout.gateway.call.CallEvent.Routed;
import io.dialout.gateway.call.CallEvent.SipResponse;

/**
 * What the call does in response to an event; chosen by {@link CallTransitions#on}, carried out by {@link Call}. Each
 * effect names the event record whose data it reads ({@link CallEvent} itself: only the kind), so the table test can
 * prove that every effect the table picks gets the data it needs.
 */
public enum Effect {
    /** Nothing: the event does not matter in this state (late SIP responses, repeated 180s, ...). */
    IGNORE,
    /** A client request that makes no sense in this state: answer it with an {@code error}, change nothing. */
    REJECT,
    /** A hold or resume while one of ours is still out: answer it with an {@code error}. */
    REJECT_REINVITE_PENDING,
    /** A resume while only the far end holds the call: answer it with an {@code error}. */
    REJECT_HELD_BY_REMOTE,
    /** Keep the route, create the media (room answer, SIP offer). */
    ALLOCATE(Routed.class),
    /** Send the room its answer and the buffered candidates, send the INVITE, report {@code trying}. */
    SEND_INVITE,
    /** Drop the call without {@code ended}: the dial itself was a bad request (answered with {@code error}). */
    DROP(Ending.class),
    /** Report {@code ringing}. */
    REPORT_RINGING(SipResponse.class),
    /** Apply the 183's SDP to the media and report {@code early-media}. */
    START_EARLY_MEDIA(SipResponse.class),
    /** Apply a further provisional SDP without a new report. */
    UPDATE_EARLY_MEDIA(SipResponse.class),
    /** Apply the 200's SDP, arm the media timeout and the max-duration timer, report {@code answered}. */
    ANSWER(SipResponse.class),
    /** Tear the call down (CANCEL or BYE as the SIP state requires, media released) and report {@code ended}. */
    END(Ending.class),
    /** Send a hold re-INVITE (our side sendonly). */
    SEND_HOLD,
    /** Send a resume re-INVITE (sendrecv). */
    SEND_RESUME,
    /** Apply the answer to our hold, disarm the media timeout, report {@code held} by local. */
    CONFIRM_HOLD(SipResponse.class),
    /** Apply the answer to our resume, arm the media timeout, report {@code resumed} by local. */
    CONFIRM_RESUME(SipResponse.class),
    /** Apply the answer to our hold and report nothing: the far end already holds the call. */
    APPLY_HOLD_ANSWER(SipResponse.class),
    /** Apply the answer to our resume and report nothing: the far end still holds the call. */
    APPLY_RESUME_ANSWER(SipResponse.class),
    /** Tell the client the far end refused its hold. */
    REPORT_HOLD_REFUSED(SipResponse.class),
    /** Tell the client the far end refused its resume. */
    REPORT_RESUME_REFUSED(SipResponse.class),
    /** Disarm the media timeout (a held callee sends nothing), report {@code held} by remote. */
    REPORT_REMOTE_HOLD,
    /** Arm the media timeout, report {@code resumed} by remote. */
    REPORT_REMOTE_RESUME,
    /** Only the state changes: one side's hold came or went while the other side's hold still holds the call. */
    KEEP_HOLD,
    /** Answer the far end's re-INVITE from the media, then raise REMOTE_HOLD or REMOTE_RESUME from its direction. */
    ANSWER_REOFFER(Reoffer.class),
    /**
     * Answer the far end's UPDATE offer in the early dialog from the media (RFC 3311 section 5.1: allowed once our
     * INVITE's offer was answered in a reliable 18x); the room is told nothing new, as for a further 18x's SDP.
     */
    ANSWER_EARLY_REOFFER(Reoffer.class),
    /** Refuse the far end's re-INVITE with 491 (no established session to modify). */
    REFUSE_REOFFER(Reoffer.class),
    /** Run the REFER's target through the dial plan and the policy: refuse it (403/400), or raise TRANSFER_ALLOWED. */
    CHECK_TRANSFER(CallEvent.Refer.class),
    /** Refuse the far end's REFER: no answered session to transfer, or one transfer is already under way. */
    REFUSE_TRANSFER(CallEvent.Refer.class),
    /** Accept the REFER (202, NOTIFY 100) and send the INVITE to the transfer target. */
    START_TRANSFER,
    /** Tell the transferor (NOTIFY sipfrag) the target's provisional response. */
    NOTIFY_TRANSFER_PROGRESS(SipResponse.class),
    /**
     * The target answered: point the SIP side of the media at the new leg (its answer renegotiates the codecs), NOTIFY
     * 200, BYE the old leg unless it is gone, report {@code transferred} with the new target.
     */
    SWAP_LEG(SipResponse.class),
    /** The target failed while the old leg is still up: NOTIFY the failure, keep the call on the old leg. */
    REPORT_TRANSFER_FAILED(Ending.class),
    /** The transferor hung up the old leg before the target answered: the call waits for the target alone. */
    OLD_LEG_GONE,
    /** Send REFER to the callee for the client's {@code transfer}. */
    SEND_REFER(CallEvent.TransferOrder.class),
    /** Report our REFER's progress to the client. */
    REPORT_REFER_PROGRESS(CallEvent.ReferReport.class),
    /** Send the client's digits to SIP: RFC 4733 events, or SIP INFO paced by the digit duration. */
    SEND_DTMF(DtmfRequest.class),
    /** Send one digit as SIP INFO. */
    SEND_INFO_DIGIT(InfoDigit.class),
    /** Report a digit to the client. */
    REPORT_DTMF(DigitReceived.class),
    /** Hand a trickled candidate to the media. */
    ADD_CANDIDATE(Candidate.class),
    /** Keep a trickled candidate until the media exists. */
    BUFFER_CANDIDATE(Candidate.class),
    /** Teardown complete. */
    FINISH;

    private final Class<? extends CallEvent> reads;

    Effect() {
        this(CallEvent.class);
    }

    Effect(Class<? extends CallEvent> reads) {
        this.reads = reads;
    }

    /** The event record whose data this effect reads; {@link CallEvent} when it reads only the kind. */
    public Class<? extends CallEvent> reads() {
        return reads;
    }
}
