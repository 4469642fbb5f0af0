package io.dialout.gateway.call;

import io.dialout.gateway.sip.InviteRequest;
import io.dialout.gateway.sip.OutboundCall;
import io.dialout.gateway.sip.ReInviteResponder;
import io.dialout.gateway.sip.SipCallListener;
import io.dialout.gateway.sip.SipUserAgent;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory {@link SipUserAgent}: records what the call asks of SIP, and lets the test play the far end through
 * the call's {@link SipCallListener}. Its {@link OutboundCall#hangup()} does what that interface promises: CANCEL
 * before the answer, BYE after it, nothing once the dialog is gone.
 */
final class FakeSipUserAgent implements SipUserAgent {

    private final Journal journal;
    private final List<Dialog> dialogs = new ArrayList<>();
    /** When set, {@link #invite} throws it (a malformed URI, a closed user agent). */
    RuntimeException inviteFailure;

    FakeSipUserAgent(Journal journal) {
        this.journal = journal;
    }

    @Override
    public OutboundCall invite(InviteRequest request, SipCallListener listener) {
        if (inviteFailure != null) {
            throw inviteFailure;
        }
        journal.add("sip INVITE " + request.requestUri() + " " + request.sdpOffer());
        Dialog d = new Dialog(request, listener);
        dialogs.add(d);
        return d;
    }

    /** The call's only INVITE. */
    Dialog dialog() {
        if (dialogs.size() != 1) {
            throw new AssertionError("expected one INVITE, got " + dialogs.size() + "\n" + journal);
        }
        return dialogs.get(0);
    }

    int invites() {
        return dialogs.size();
    }

    @Override
    public void register(
            io.dialout.gateway.sip.RegistrationSpec spec,
            java.util.function.Consumer<io.dialout.gateway.sip.RegistrationStatus> onChange) {
        throw new UnsupportedOperationException("the in-memory user agent has no registrar to talk to");
    }

    @Override
    public java.util.List<io.dialout.gateway.sip.RegistrationStatus> registrations() {
        return java.util.List.of();
    }

    @Override
    public int port() {
        return 5060;
    }

    @Override
    public void close() {}

    /** One INVITE and its dialog, as the far end sees it. */
    final class Dialog implements OutboundCall {

        final InviteRequest request;
        final SipCallListener listener;
        private boolean answered;
        private boolean gone;

        Dialog(InviteRequest request, SipCallListener listener) {
            this.request = request;
            this.listener = listener;
        }

        // ---- the far end, played by the test ----

        void ringing() {
            listener.provisional(180, "Ringing", null);
        }

        void earlyMedia(String sdp) {
            listener.provisional(183, "Session Progress", sdp);
        }

        void answer(String sdp) {
            answered = true;
            listener.answered(sdp);
        }

        void byeFromFarEnd() {
            gone = true;
            listener.remoteBye();
            listener.terminated();
        }

        void reject(int status, String reason) {
            gone = true;
            listener.failed(status, reason, io.dialout.gateway.sip.SipFailure.REJECTED);
            listener.terminated();
        }

        /** The far end re-INVITEs with this SDP; the fake media reads the direction from it. */
        void reInviteFromFarEnd(String sdp) {
            listener.remoteReInvite(sdp, new ReInviteResponder() {
                @Override
                public void accept(String sdpAnswer) {
                    journal.add("sip re-INVITE answered 200 " + sdpAnswer);
                }

                @Override
                public void reject(int status) {
                    journal.add("sip re-INVITE answered " + status);
                }
            });
        }

        /** The far end's final response to our re-INVITE. */
        void reInviteResult(int status, String sdp) {
            listener.reInviteResult(status, sdp);
        }

        void info(char digit) {
            listener.infoDtmf(digit);
        }

        // ---- OutboundCall: what the call asks ----

        @Override
        public String sipCallId() {
            return "fake-call-id";
        }

        @Override
        public void cancel() {
            journal.add("sip cancel()");
        }

        @Override
        public void bye() {
            journal.add("sip bye()");
        }

        @Override
        public void hangup() {
            if (gone) {
                journal.add("sip hangup: dialog gone, nothing sent");
            } else {
                journal.add(answered ? "sip BYE" : "sip CANCEL");
            }
            gone = true;
        }

        @Override
        public void reInvite(String sdpOffer) {
            journal.add("sip re-INVITE " + sdpOffer);
        }

        @Override
        public void sendInfoDtmf(char digit, int durationMs) {
            journal.add("sip INFO " + digit + " " + durationMs);
        }
    }
}
