package io.dialout.gateway.call;

import io.dialout.media.CallMedia;
import io.dialout.media.CallMediaRequest;
import io.dialout.media.CallMediaStats;
import io.dialout.media.Direction;
import io.dialout.media.MediaEngine;
import io.dialout.media.MediaException;
import io.dialout.media.MediaListener;
import io.dialout.media.sdp.SdpException;

/**
 * An in-memory {@link MediaEngine}: records what the call asks of the media. SDP is a word here: "bad" is unusable
 * wherever SDP is parsed, and the far end's re-offer names its direction ("sendonly", "inactive", "sendrecv").
 */
final class FakeMediaEngine implements MediaEngine {

    private final Journal journal;
    /** When set, {@link #createCall} throws it. */
    MediaException createFailure;
    /** Whether the callee's answer accepted telephone-event. */
    boolean telephoneEvent;

    FakeCallMedia call;

    FakeMediaEngine(Journal journal) {
        this.journal = journal;
    }

    @Override
    public CallMedia createCall(CallMediaRequest request, MediaListener listener) throws MediaException {
        if (createFailure != null) {
            throw createFailure;
        }
        journal.add("media create " + request.sipLeg());
        call = new FakeCallMedia(request, listener);
        return call;
    }

    @Override
    public int activeCalls() {
        return call == null || call.closed ? 0 : 1;
    }

    @Override
    public int roomPort() {
        return 10000;
    }

    @Override
    public void close() {}

    final class FakeCallMedia implements CallMedia {

        final CallMediaRequest request;
        final MediaListener listener;
        boolean closed;

        FakeCallMedia(CallMediaRequest request, MediaListener listener) {
            this.request = request;
            this.listener = listener;
        }

        @Override
        public String roomAnswer() {
            return "room-answer";
        }

        @Override
        public void addRoomCandidate(String candidate, String sdpMid) throws SdpException {
            if ("bad".equals(candidate)) {
                throw new SdpException("unparsable candidate");
            }
            journal.add("media candidate " + candidate + " " + sdpMid);
        }

        @Override
        public String sipOffer() {
            return "sip-offer";
        }

        @Override
        public void applySipAnswer(String sdp, boolean provisional) throws SdpException {
            check(sdp);
            journal.add("media apply " + (provisional ? "early " : "") + sdp);
        }

        @Override
        public String sipReoffer(Direction direction) {
            return "reoffer-" + direction.attribute();
        }

        @Override
        public void applySipReofferAnswer(String sdp) throws SdpException {
            check(sdp);
            journal.add("media apply re-INVITE answer " + sdp);
        }

        @Override
        public SipReofferAnswer answerSipReoffer(String offer) throws SdpException {
            check(offer);
            Direction theirs = offer == null ? Direction.SENDRECV : Direction.parse(offer);
            return new SipReofferAnswer("answer-" + theirs.reverse().attribute(), theirs);
        }

        @Override
        public boolean sipAcceptsTelephoneEvent() {
            return telephoneEvent;
        }

        @Override
        public void sendDtmfToSip(String digits, int durationMs) {
            journal.add("media RFC 4733 " + digits + " " + durationMs);
        }

        @Override
        public void armMediaTimeout(boolean armed) {
            journal.add("media timeout " + (armed ? "armed" : "disarmed"));
        }

        @Override
        public CallMediaStats stats() {
            return new CallMediaStats(null, null, false, false);
        }

        @Override
        public void close() {
            journal.add("media close");
            closed = true;
        }

        private void check(String sdp) throws SdpException {
            if ("bad".equals(sdp)) {
                throw new SdpException("unusable SDP");
            }
        }
    }
}
