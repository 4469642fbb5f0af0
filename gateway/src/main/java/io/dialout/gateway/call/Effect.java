package io.dialout.gateway.call;

/** What the call does in response to an event; chosen by {@link CallTransitions#on}, carried out by {@link Call}. */
public enum Effect {
    /** Nothing: the event does not matter in this state (late SIP responses, repeated 180s, ...). */
    IGNORE,
    /** A client request that makes no sense in this state: answer it with an {@code error}, change nothing. */
    REJECT,
    /** Create the media (room answer, SIP offer). */
    ALLOCATE,
    /** Send the room its answer, send the INVITE, report {@code trying}. */
    SEND_INVITE,
    /** Drop the call without {@code ended}: the dial itself was a bad request (answered with {@code error}). */
    DROP,
    /** Report {@code ringing}. */
    REPORT_RINGING,
    /** Apply the 183's SDP to the media and report {@code early-media}. */
    START_EARLY_MEDIA,
    /** Apply a further provisional SDP without a new report. */
    UPDATE_EARLY_MEDIA,
    /** Apply the 200's SDP, arm the media timeout and the max-duration timer, report {@code answered}. */
    ANSWER,
    /** Tear the call down (CANCEL or BYE as the SIP state requires, media released) and report {@code ended}. */
    END,
    /** Send a hold re-INVITE (our side sendonly). */
    SEND_HOLD,
    /** Send a resume re-INVITE (sendrecv). */
    SEND_RESUME,
    /** Report {@code held}. */
    REPORT_HELD,
    /** Report {@code resumed}. */
    REPORT_RESUMED,
    /** Tell the client its hold/resume was refused by the far end. */
    REPORT_REINVITE_REFUSED,
    /** Answer the far end's re-INVITE from the media, then raise REMOTE_HOLD / REMOTE_RESUME. */
    ANSWER_REOFFER,
    /** Refuse the far end's re-INVITE (no established session to modify). */
    REFUSE_REOFFER,
    /** Send the client's digits to SIP (RFC 4733 or INFO). */
    SEND_DTMF,
    /** Report a digit to the client. */
    REPORT_DTMF,
    /** Hand a trickled candidate to the media. */
    ADD_CANDIDATE,
    /** Keep a trickled candidate until the media exists. */
    BUFFER_CANDIDATE,
    /** Teardown complete. */
    FINISH
}
