package io.dialout.gateway.call;

import io.dialout.gateway.dialplan.Route;
import io.dialout.gateway.sip.ReInviteResponder;
import java.util.Objects;

/**
 * What can happen to a call: client requests, SIP events, media events, timers and gateway decisions. Each event is a
 * record that carries its own data; {@link CallTransitions#on} reads only its {@link Kind}, and {@link Call} hands the
 * record to the effect, which reads the fields it needs without casts.
 */
public sealed interface CallEvent {

    Kind kind();

    /** The kinds of event, each with the record that carries it. */
    enum Kind {
        /** Dial plan, allow-list and limits passed. */
        ROUTED(Routed.class),
        /** The dial plan or a limit refused the destination (no INVITE is sent). */
        REFUSED(Ending.class),
        /** The dial plan cannot parse the destination: the dial is rejected as a bad request. */
        DESTINATION_INVALID(Ending.class),
        /** The media engine created the call's media: the room answer and the SIP offer exist. */
        ALLOCATED(Signal.class),
        /** The media engine rejected the room's offer (SdpException): the dial is rejected as a bad request. */
        OFFER_REJECTED(Ending.class),
        /** The media engine could not allocate (no free ports, engine closed). */
        ALLOCATION_FAILED(Ending.class),

        /** 100 Trying. */
        SIP_TRYING(SipResponse.class),
        /** 180 Ringing (or any 18x without SDP other than 183). */
        SIP_RINGING(SipResponse.class),
        /** 183 Session Progress with SDP. */
        SIP_EARLY_MEDIA(SipResponse.class),
        /** 200 OK to the INVITE (ACK already sent by the SIP layer). */
        SIP_ANSWERED(SipResponse.class),
        /** A final failure response, timer B, or a transport error. */
        SIP_FAILED(Ending.class),
        /** The callee sent BYE. */
        REMOTE_BYE(Ending.class),
        /** The far end sent a re-INVITE. */
        REMOTE_REOFFER(Reoffer.class),
        /** Our re-INVITE (hold or resume) got a 2xx; its SDP answer is in the event. */
        REINVITE_ACCEPTED(SipResponse.class),
        /** Our re-INVITE was refused (the session is unchanged, RFC 3261 section 14.1). */
        REINVITE_REFUSED(SipResponse.class),
        /** The far end's re-INVITE offered sendonly or inactive: it holds us (RFC 3264 section 8.4). */
        REMOTE_HOLD(Signal.class),
        /** The far end's re-INVITE offered sendrecv or recvonly: it does not hold us (any more). */
        REMOTE_RESUME(Signal.class),
        /** The far end sent REFER (RFC 3515): it transfers the call to another target. */
        REFER_RECEIVED(Refer.class),
        /** The REFER's target passed the dial plan and the policy: the new leg may be called. */
        TRANSFER_ALLOWED(Signal.class),
        /** A provisional response from the transfer target. */
        TRANSFER_PROGRESS(SipResponse.class),
        /** The transfer target answered (200 OK, ACK sent): its leg replaces the old one. */
        TRANSFER_ANSWERED(SipResponse.class),
        /** The transfer target's INVITE failed (final response, timeout, transport). */
        TRANSFER_FAILED(Ending.class),
        /** The client asked to transfer the callee elsewhere (we send REFER, RFC 3515). */
        TRANSFER_REQUESTED(TransferOrder.class),
        /** The far end's answer to our REFER, or one of its NOTIFYs. */
        REFER_PROGRESS(ReferReport.class),
        /** A DTMF digit from the SIP side (RFC 4733 or INFO). */
        DTMF_RECEIVED(DigitReceived.class),

        /** ICE/DTLS failed or no media for the media timeout. */
        MEDIA_FAILURE(Ending.class),
        /** The ring timeout expired before an answer. */
        RING_TIMEOUT(Ending.class),
        /** The answered call reached its maximum duration. */
        MAX_DURATION(Ending.class),

        /** The client sent {@code hangup}, or an admin sent DELETE /v1/calls/{id}. */
        LOCAL_HANGUP(Ending.class),
        /** The controlling WebSocket closed. */
        CONTROLLER_GONE(Ending.class),
        /** The gateway is shutting down and the grace period is over. */
        SHUTDOWN(Ending.class),
        /** A bug: an unexpected exception while handling the call. */
        INTERNAL_ERROR(Ending.class),

        /** The client asked for hold. */
        HOLD_REQUESTED(Signal.class),
        /** The client asked for resume. */
        RESUME_REQUESTED(Signal.class),
        /** The client asked to send DTMF. */
        DTMF_REQUESTED(DtmfRequest.class),
        /**
         * A digit is due as SIP INFO: the next digit of a client's DTMF paced by its duration, or a digit the room sent
         * as RFC 4733 that the callee cannot take as telephone-event.
         */
        INFO_DIGIT_DUE(InfoDigit.class),
        /** The client trickled an ICE candidate. */
        CANDIDATE(Candidate.class),

        /** Teardown finished. */
        TEARDOWN_DONE(Signal.class);

        private final Class<? extends CallEvent> carrier;

        Kind(Class<? extends CallEvent> carrier) {
            this.carrier = carrier;
        }

        /** The record that carries events of this kind. */
        public Class<? extends CallEvent> carrier() {
            return carrier;
        }

        /** Requests that came from the client and deserve an answer when they cannot be honoured. */
        public boolean clientRequest() {
            return this == HOLD_REQUESTED
                    || this == RESUME_REQUESTED
                    || this == DTMF_REQUESTED
                    || this == TRANSFER_REQUESTED;
        }
    }

    /** An event with no data of its own. */
    record Signal(Kind kind) implements CallEvent {
        public Signal {
            checkCarrier(kind, Signal.class);
        }
    }

    /** The destination is routed. */
    record Routed(Route route) implements CallEvent {
        public Routed {
            Objects.requireNonNull(route, "route");
        }

        @Override
        public Kind kind() {
            return Kind.ROUTED;
        }
    }

    /** Something that ends the call (or, in the right state, changes nothing), with why it would end. */
    record Ending(Kind kind, CallEnd end) implements CallEvent {
        public Ending {
            checkCarrier(kind, Ending.class);
            Objects.requireNonNull(end, "end");
        }
    }

    /** A SIP response: to the INVITE (1xx, 200) or to our re-INVITE; {@code sdp} may be null. */
    record SipResponse(Kind kind, int status, String reason, String sdp) implements CallEvent {
        public SipResponse {
            checkCarrier(kind, SipResponse.class);
        }
    }

    /** The far end's re-INVITE, answered through {@code responder}; {@code sdp} is null for an offerless one. */
    record Reoffer(String sdp, ReInviteResponder responder) implements CallEvent {
        @Override
        public Kind kind() {
            return Kind.REMOTE_REOFFER;
        }
    }

    /** The far end's REFER, answered through {@code request}. */
    record Refer(io.dialout.gateway.sip.TransferRequest request) implements CallEvent {
        public Refer {
            Objects.requireNonNull(request, "request");
        }

        @Override
        public Kind kind() {
            return Kind.REFER_RECEIVED;
        }
    }

    /**
     * The client's {@code transfer}: the Refer-To for the callee (the routed target, with {@code ?Replaces=} for an
     * attended transfer) and the target as the client named it.
     */
    record TransferOrder(String referTo, String target) implements CallEvent {
        @Override
        public Kind kind() {
            return Kind.TRANSFER_REQUESTED;
        }
    }

    /**
     * Our REFER's progress: its final response ({@code fromNotify} false) or a NOTIFY's sipfrag status ({@code fromNotify}
     * true, {@code terminated} when the subscription ended with it).
     */
    record ReferReport(int status, String reason, boolean fromNotify, boolean terminated) implements CallEvent {
        @Override
        public Kind kind() {
            return Kind.REFER_PROGRESS;
        }
    }

    /** The client's {@code dtmf} request. */
    record DtmfRequest(String digits, int durationMs) implements CallEvent {
        @Override
        public Kind kind() {
            return Kind.DTMF_REQUESTED;
        }
    }

    /** One digit to send as SIP INFO now. */
    record InfoDigit(char digit, int durationMs) implements CallEvent {
        @Override
        public Kind kind() {
            return Kind.INFO_DIGIT_DUE;
        }
    }

    /** A digit from the SIP side, for the client. */
    record DigitReceived(char digit) implements CallEvent {
        @Override
        public Kind kind() {
            return Kind.DTMF_RECEIVED;
        }
    }

    /** A trickled ICE candidate from the client; {@code candidate} null ends the trickle. */
    record Candidate(String candidate, String sdpMid) implements CallEvent {
        @Override
        public Kind kind() {
            return Kind.CANDIDATE;
        }
    }

    private static void checkCarrier(Kind kind, Class<? extends CallEvent> carrier) {
        if (Objects.requireNonNull(kind, "kind").carrier() != carrier) {
            throw new IllegalArgumentException(
                    kind + " is carried by " + kind.carrier().getSimpleName());
        }
    }
}
