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

    @Override
    public OutboundCall invite(
            InviteRequest request, io.dialout.gateway.sip.TransferHeaders transfer, SipCallListener listener) {
        if (transfer == null) {
            return invite(request, listener);
        }
        journal.add("sip INVITE " + request.requestUri() + " " + request.sdpOffer() + " Replaces=" + transfer.replaces()
                + " Referred-By=" + transfer.referredBy());
        Dialog d = new Dialog(request, listener);
        dialogs.add(d);
        return d;
    }

    /** The {@code n}-th INVITE (0: the call's own, then transfer targets). */
    Dialog dialog(int n) {
        return dialogs.get(n);
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

        /** The far end sends REFER to {@code target}; what the call answers and notifies goes to the journal. */
        void referFromFarEnd(String target, String replaces) {
            listener.referred(new io.dialout.gateway.sip.TransferRequest() {
                @Override
                public String target() {
                    return target;
                }

                @Override
                public String replaces() {
                    return replaces;
                }

                @Override
                public String referredBy() {
                    return "<sip:pbx@example.com>";
                }

                @Override
                public boolean subscription() {
                    return true;
                }

                @Override
                public void accept() {
                    journal.add("sip REFER answered 202");
                }

                @Override
                public void reject(int status, String reason) {
                    journal.add("sip REFER answered " + status + " " + reason);
                }

                @Override
                public void progress(int status, String reason) {
                    journal.add("sip NOTIFY " + status + " " + reason);
                }
            });
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
