package io.dialout.demo.sip;

import io.dialout.demo.DemoUser;
import io.dialout.demo.media.MediaContext;
import io.dialout.demo.media.MediaRole;
import io.dialout.demo.media.MediaSession;
import io.dialout.demo.sdp.AnswerPolicy;
import io.dialout.demo.sdp.MediaAnswer;
import io.dialout.demo.sdp.Negotiation;
import io.dialout.demo.sdp.NotAcceptableException;
import io.dialout.demo.sdp.SdpAnswerWriter;
import io.dialout.demo.sdp.SdpFormatException;
import io.dialout.demo.sdp.SdpOffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * One call to the demo endpoint, from its INVITE to its end. Every method runs on the endpoint's control thread
 * (SIP events, media digit reports and timers are all posted there), so the call needs no lock.
 */
final class DemoCall {
    private static final System.Logger LOG = System.getLogger(DemoCall.class.getName());
    /** RFC 3261 section 13.3.1.1: a UAS that does not answer repeats its provisional response every minute. */
    private static final Duration RING_REFRESH = Duration.ofSeconds(60);

    enum State {
        RINGING,
        ANSWERED,
        ENDED
    }

    private final String callId;
    private final DemoUser user;
    private final DemoSipStack sip;
    private final Responses responses;
    private final MediaContext mediaContext;
    private final ScheduledExecutorService control;
    private final double toneHz;
    private final Runnable onEnded;
    private final Runnable onByeSent;
    private final String toTag = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
    private final long sessionId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    private long sdpVersion = 1;
    private State state = State.RINGING;
    private ServerTransaction invite;
    private Dialog dialog;
    private MediaSession media;
    private String localSdp;
    private ScheduledFuture<?> maxTimer;
    private ScheduledFuture<?> ringTimer;

    DemoCall(
            String callId,
            DemoUser user,
            DemoSipStack sip,
            Responses responses,
            MediaContext mediaContext,
            ScheduledExecutorService control,
            double toneHz,
            Runnable onEnded,
            Runnable onByeSent) {
        this.callId = callId;
        this.user = user;
        this.sip = sip;
        this.responses = responses;
        this.mediaContext = mediaContext;
        this.control = control;
        this.toneHz = toneHz;
        this.onEnded = onEnded;
        this.onByeSent = onByeSent;
    }

    State state() {
        return state;
    }

    DemoUser user() {
        return user;
    }

    /** The initial INVITE: 100, 180, then the user's answer (RFC 3261 section 13.3.1). */
    void start(ServerTransaction st, Duration maxDuration) {
        this.invite = st;
        this.dialog = st.getDialog();
        responses.send(st, Response.TRYING, null, null);
        switch (user) {
            case BUSY -> reject(Response.BUSY_HERE);
            case DECLINE -> reject(Response.DECLINE);
            case NOANSWER -> {
                responses.send(st, Response.RINGING, toTag, null);
                ringTimer = control.scheduleAtFixedRate(
                        () -> {
                            if (state == State.RINGING) {
                                responses.send(invite, Response.RINGING, toTag, null);
                            }
                        },
                        RING_REFRESH.toMillis(),
                        RING_REFRESH.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            default -> {
                responses.send(st, Response.RINGING, toTag, null);
                answer(st.getRequest());
            }
        }
        if (state != State.ENDED) {
            maxTimer = control.schedule(this::maxDurationReached, maxDuration.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void answer(Request request) {
        try {
            List<MediaAnswer> answers = negotiate(request);
            media = MediaSession.open(mediaContext, role(), toneHz, answers, this::digitFromMedia);
            localSdp =
                    SdpAnswerWriter.write(answers, media.localPorts(), mediaContext.address(), sessionId, sdpVersion);
            state = State.ANSWERED;
            responses.send(invite, Response.OK, toTag, localSdp);
            LOG.log(System.Logger.Level.INFO, "demo {0}: answered call {1}", user.user(), callId);
        } catch (SdpFormatException | NotAcceptableException e) {
            LOG.log(System.Logger.Level.INFO, "demo {0}: 488 for call {1}: {2}", user.user(), callId, e.getMessage());
            reject(Response.NOT_ACCEPTABLE_HERE);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "demo " + user.user() + ": no media ports for " + callId, e);
            reject(Response.SERVICE_UNAVAILABLE);
        }
    }

    private List<MediaAnswer> negotiate(Request request) {
        byte[] body = request.getRawContent();
        if (body == null || body.length == 0) {
            // The gateway always offers; an offerless INVITE (offer in the ACK) is not supported by the demo.
            throw new NotAcceptableException("the INVITE has no SDP offer");
        }
        SdpOffer offer = SdpOffer.parse(new String(body, StandardCharsets.UTF_8));
        return Negotiation.answer(
                offer,
                switch (user) {
                    case TONE -> AnswerPolicy.TONE;
                    case IVR -> AnswerPolicy.IVR;
                    default -> AnswerPolicy.ECHO;
                });
    }

    private MediaRole role() {
        return switch (user) {
            case TONE -> MediaRole.TONE;
            case IVR -> MediaRole.IVR;
            default -> MediaRole.ECHO;
        };
    }

    private void reject(int status) {
        responses.send(invite, status, toTag, null);
        end("rejected with " + status);
    }

    /** CANCEL (RFC 3261 section 9.2): 200 for the CANCEL, then 487 for the INVITE if it is still unanswered. */
    void cancel(ServerTransaction cancelTx) {
        responses.send(cancelTx, Response.OK, toTag, null);
        if (state == State.RINGING) {
            responses.send(invite, Response.REQUEST_TERMINATED, toTag, null);
            end("cancelled");
        }
    }

    /** BYE from the caller (RFC 3261 section 15.1.2). */
    void bye(ServerTransaction st) {
        responses.send(st, Response.OK, toTag, null);
        end("caller hung up");
    }

    /**
     * A re-INVITE in the dialog (RFC 3261 section 14.2): answered with the mirrored direction of each stream (hold:
     * sendonly gets recvonly, inactive gets inactive, RFC 3264 section 8.4) and the media follows. A bad offer gets
     * 488 and leaves the session as it was (section 14.2).
     */
    void reInvite(ServerTransaction st) {
        if (state != State.ANSWERED) {
            responses.send(st, Response.REQUEST_PENDING, toTag, null); // RFC 3261 14.2: 491 while one is pending
            return;
        }
        byte[] body = st.getRequest().getRawContent();
        if (body == null || body.length == 0) {
            // No offer: ours goes in the 200 and the ACK carries the answer; the session itself does not change.
            responses.send(st, Response.OK, toTag, localSdp);
            return;
        }
        try {
            List<MediaAnswer> answers = negotiate(st.getRequest());
            media.update(answers);
            sdpVersion++; // RFC 3264 section 8: a changed description has a higher version
            localSdp =
                    SdpAnswerWriter.write(answers, media.localPorts(), mediaContext.address(), sessionId, sdpVersion);
            responses.send(st, Response.OK, toTag, localSdp);
            LOG.log(
                    System.Logger.Level.INFO,
                    "demo {0}: re-INVITE on {1} answered: {2}",
                    user.user(),
                    callId,
                    answers.get(0).direction().attribute());
        } catch (SdpFormatException | NotAcceptableException e) {
            responses.send(st, Response.NOT_ACCEPTABLE_HERE, toTag, null);
        } catch (IOException e) {
            responses.send(st, Response.SERVICE_UNAVAILABLE, toTag, null);
        }
    }

    /** INFO (RFC 6086): 200 always; a DTMF body is a digit for the IVR. */
    void info(ServerTransaction st) {
        responses.send(st, Response.OK, toTag, null);
        Request r = st.getRequest();
        ContentTypeHeader ct = (ContentTypeHeader) r.getHeader(ContentTypeHeader.NAME);
        byte[] body = r.getRawContent();
        if (ct != null && body != null) {
            char d = InfoDtmf.parse(
                    ct.getContentType(), ct.getContentSubType(), new String(body, StandardCharsets.UTF_8));
            if (d != 0) {
                digit(d, "SIP INFO");
            }
        }
    }

    /** Called on the selector thread: hand the digit to the control thread. */
    private void digitFromMedia(char d) {
        control.execute(() -> digit(d, "RFC 4733"));
    }

    /**
     * The IVR logs each digit and sends it back the way the caller can take it: RFC 4733 events when it accepted
     * telephone-event, else SIP INFO (application/dtmf-relay), so the room sees a dtmf message per key it pressed.
     */
    private void digit(char d, String how) {
        if (state != State.ANSWERED || user != DemoUser.IVR) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "demo ivr: call {0} pressed {1} ({2})", callId, d, how);
        if (!media.sendDigit(d)) {
            sendInfo(d);
        }
    }

    private void sendInfo(char d) {
        try {
            Request info = dialog.createRequest(Request.INFO);
            info.setContent(
                    InfoDtmf.relayBody(d, 100), responses.contentType(InfoDtmf.RELAY_TYPE, InfoDtmf.RELAY_SUBTYPE));
            ClientTransaction ct = sip.provider().getNewClientTransaction(info);
            dialog.sendRequest(ct);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "demo ivr: cannot send INFO on " + callId, e);
        }
    }

    private void maxDurationReached() {
        LOG.log(System.Logger.Level.INFO, "demo {0}: call {1} reached its maximum duration", user.user(), callId);
        hangUp();
    }

    /** Ends the call from this side: BYE when answered, 480 when still ringing. */
    void hangUp() {
        if (state == State.RINGING) {
            responses.send(invite, Response.TEMPORARILY_UNAVAILABLE, toTag, null);
        } else if (state == State.ANSWERED) {
            try {
                Request bye = dialog.createRequest(Request.BYE);
                dialog.sendRequest(sip.provider().getNewClientTransaction(bye));
                onByeSent.run();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "demo: cannot send BYE on " + callId, e);
            }
        }
        end("hung up by the demo");
    }

    /** The dialog ended without a BYE (no ACK came, or a transaction timed out). */
    void dialogTerminated() {
        end("dialog terminated");
    }

    void end(String why) {
        if (state == State.ENDED) {
            return;
        }
        state = State.ENDED;
        if (maxTimer != null) {
            maxTimer.cancel(false);
        }
        if (ringTimer != null) {
            ringTimer.cancel(false);
        }
        if (media != null) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "demo {0}: call {1} ended ({2}), RTP packets in {3}, out {4}",
                    user.user(),
                    callId,
                    why,
                    media.packetsReceived(),
                    media.packetsSent());
            media.close();
        }
        onEnded.run();
    }

    /** For tests and logs: packets received and sent on every stream. */
    long[] packetCounts() {
        return media == null ? new long[2] : new long[] {media.packetsReceived(), media.packetsSent()};
    }
}
