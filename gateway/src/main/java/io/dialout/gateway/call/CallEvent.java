package io.dialout.gateway.call;

/** What can happen to a call: client requests, SIP events, media events, timers and gateway decisions. */
public enum CallEvent {
    /** Dial plan, allow-list and limits passed. */
    ROUTED,
    /** The dial plan or a limit refused the destination (no INVITE is sent). */
    REFUSED,
    /** The dial plan cannot parse the destination: the dial is rejected as a bad request. */
    DESTINATION_INVALID,
    /** The media engine created the call's media: the room answer and the SIP offer exist. */
    ALLOCATED,
    /** The media engine rejected the room's offer (SdpException): the dial is rejected as a bad request. */
    OFFER_REJECTED,
    /** The media engine could not allocate (no free ports, engine closed). */
    ALLOCATION_FAILED,

    /** 100 Trying. */
    SIP_TRYING,
    /** 180 Ringing (or any 18x without SDP other than 183). */
    SIP_RINGING,
    /** 183 Session Progress with SDP. */
    SIP_EARLY_MEDIA,
    /** 200 OK to the INVITE (ACK already sent by the SIP layer). */
    SIP_ANSWERED,
    /** A final failure response, timer B, or a transport error. */
    SIP_FAILED,
    /** The callee sent BYE. */
    REMOTE_BYE,
    /** The far end sent a re-INVITE. */
    REMOTE_REOFFER,
    /** Our hold re-INVITE was accepted. */
    HOLD_ACCEPTED,
    /** Our resume re-INVITE was accepted. */
    RESUME_ACCEPTED,
    /** Our re-INVITE was refused (the session is unchanged, RFC 3261 section 14.1). */
    REINVITE_REFUSED,
    /** The far end's re-INVITE put us on hold (its direction is sendonly or inactive). */
    REMOTE_HOLD,
    /** The far end's re-INVITE took us off hold. */
    REMOTE_RESUME,
    /** A DTMF digit from the SIP side (RFC 4733 or INFO). */
    DTMF_RECEIVED,

    /** ICE/DTLS failed or no media for the media timeout. */
    MEDIA_FAILURE,
    /** The ring timeout expired before an answer. */
    RING_TIMEOUT,
    /** The answered call reached its maximum duration. */
    MAX_DURATION,

    /** The client sent {@code hangup}, or an admin sent DELETE /v1/calls/{id}. */
    LOCAL_HANGUP,
    /** The controlling WebSocket closed. */
    CONTROLLER_GONE,
    /** The gateway is shutting down and the grace period is over. */
    SHUTDOWN,
    /** A bug: an unexpected exception while handling the call. */
    INTERNAL_ERROR,

    /** The client asked for hold. */
    HOLD_REQUESTED,
    /** The client asked for resume. */
    RESUME_REQUESTED,
    /** The client asked to send DTMF. */
    DTMF_REQUESTED,
    /** The client trickled an ICE candidate. */
    CANDIDATE,

    /** Teardown finished. */
    TEARDOWN_DONE
}
