package io.dialout.gateway.sip;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Records the listener events of one call as short strings, in order, and lets a test wait for them. */
final class RecordingListener implements SipCallListener {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
    volatile String answeredSdp;
    volatile String earlySdp;
    volatile String reInviteSdp;
    volatile String remoteOfferSdp;
    volatile String failedReason;
    volatile Consumer<ReInviteResponder> onRemoteReInvite = r -> r.reject(488);

    private void add(String e) {
        events.add(e);
        queue.add(e);
    }

    @Override
    public void provisional(int status, String reason, String sdpOrNull) {
        if (sdpOrNull != null) {
            earlySdp = sdpOrNull;
        }
        add("provisional " + status + (sdpOrNull != null ? " sdp" : ""));
    }

    @Override
    public void answered(String sdp) {
        answeredSdp = sdp;
        add("answered");
    }

    @Override
    public void failed(int status, String reason, SipFailure kind) {
        failedReason = reason;
        add("failed " + status + " " + kind);
    }

    @Override
    public void remoteBye() {
        add("remoteBye");
    }

    @Override
    public void remoteReInvite(String sdpOrNull, ReInviteResponder responder) {
        remoteOfferSdp = sdpOrNull;
        add("remoteReInvite");
        onRemoteReInvite.accept(responder);
    }

    @Override
    public void reInviteResult(int status, String sdpOrNull) {
        reInviteSdp = sdpOrNull;
        add("reInviteResult " + status);
    }

    @Override
    public void infoDtmf(char digit) {
        add("infoDtmf " + digit);
    }

    volatile String ackAnswerSdp;

    @Override
    public void remoteAnswerInAck(String sdp) {
        ackAnswerSdp = sdp;
        add("remoteAnswerInAck" + (sdp == null ? " none" : ""));
    }

    @Override
    public void sessionExpired() {
        add("sessionExpired");
    }

    @Override
    public void terminated() {
        add("terminated");
    }

    /** Waits for the next event that starts with {@code prefix}, skipping none: fails on any other event. */
    String await(String prefix, Duration timeout) throws InterruptedException {
        String e = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
            throw new AssertionError("no event '" + prefix + "' within " + timeout + "; events so far: " + events);
        }
        if (!e.startsWith(prefix)) {
            throw new AssertionError("expected '" + prefix + "' but got '" + e + "'; events: " + events);
        }
        return e;
    }

    /** Waits until {@code terminated} was recorded, then returns all events. */
    List<String> awaitTerminated(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!events.contains("terminated")) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || queue.poll(left, TimeUnit.NANOSECONDS) == null && !events.contains("terminated")) {
                throw new AssertionError("not terminated within " + timeout + "; events: " + events);
            }
        }
        return new ArrayList<>(events);
    }

    List<String> events() {
        return new ArrayList<>(events);
    }
}
