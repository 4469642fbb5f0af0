package io.dialout.gateway.call;

/**
 * Why a call ended: the {@code cause}, the SIP status when one applies, a human-readable reason and who ended it.
 * Each way of ending builds its own value here, so the mapping of API.md lives in one place.
 */
public record CallEnd(Cause cause, Integer sipStatus, String reason, Party by, Integer retryAfterSec) {

    /** An end without a Retry-After. */
    public CallEnd(Cause cause, Integer sipStatus, String reason, Party by) {
        this(cause, sipStatus, reason, by, null);
    }

    /** The same end with the far end's {@code Retry-After} in seconds (RFC 3261 section 20.33), null for none. */
    public CallEnd withRetryAfter(Integer seconds) {
        return new CallEnd(cause, sipStatus, reason, by, seconds);
    }

    public static CallEnd localHangup(String reason) {
        return new CallEnd(Cause.LOCAL_HANGUP, null, reason, Party.LOCAL);
    }

    public static CallEnd remoteHangup() {
        return new CallEnd(Cause.REMOTE_HANGUP, null, "BYE", Party.REMOTE);
    }

    public static CallEnd policy(String reason) {
        return new CallEnd(Cause.POLICY, null, reason, Party.LOCAL);
    }

    public static CallEnd ringTimeout(int seconds) {
        return new CallEnd(Cause.NO_ANSWER, null, "no answer within " + seconds + " s", Party.LOCAL);
    }

    public static CallEnd maxDuration(int seconds) {
        return new CallEnd(Cause.MAX_DURATION, null, "maximum duration of " + seconds + " s reached", Party.LOCAL);
    }

    public static CallEnd mediaFailure(String reason) {
        return new CallEnd(Cause.MEDIA_FAILURE, null, reason, Party.LOCAL);
    }

    public static CallEnd controllerGone() {
        return new CallEnd(Cause.CONTROLLER_GONE, null, "the controlling WebSocket closed", Party.LOCAL);
    }

    public static CallEnd shutdown() {
        return new CallEnd(Cause.SHUTDOWN, null, "the gateway is shutting down", Party.LOCAL);
    }

    public static CallEnd error(String message) {
        return new CallEnd(Cause.ERROR, null, message, Party.LOCAL);
    }

    /** What the room is told for every kind of unreachable callee. */
    static final String UNREACHABLE_REASON = "the destination could not be reached";

    /**
     * A transport error or timer B (RFC 3261 section 17.1.1.2): the callee could not be reached. The room gets one
     * reason and no status whatever happened (refused connection, ICMP, silence), so a dial cannot be used to probe
     * which hosts and ports answer; the detail goes to the log only.
     */
    public static CallEnd unreachable(Integer sipStatus, String detail) {
        org.jboss.logging.Logger.getLogger(CallEnd.class)
                .infof("callee unreachable (status %s): %s", sipStatus, detail);
        return new CallEnd(Cause.UNREACHABLE, null, UNREACHABLE_REASON, Party.LOCAL);
    }

    /**
     * The TLS handshake toward the callee failed: cause {@code unreachable}, and a reason that says why (an untrusted
     * or wrong-host certificate is a configuration matter the operator must see), without the stack's detail, which
     * goes to the log. It tells a room that a TLS server answers there, which a dial to a sips: URI reveals anyway.
     */
    public static CallEnd tlsFailed(String detail) {
        org.jboss.logging.Logger.getLogger(CallEnd.class).infof("callee unreachable over TLS: %s", detail);
        String reason = detail;
        int at = reason.indexOf(io.dialout.gateway.sip.SipTls.FAILURE_PREFIX);
        reason = at < 0 ? "TLS: the handshake failed" : reason.substring(at);
        int cut = reason.indexOf(" [");
        reason = cut < 0 ? reason : reason.substring(0, cut);
        cut = reason.indexOf(" (");
        reason = cut < 0 ? reason : reason.substring(0, cut); // the stack's own words stay in the log
        return new CallEnd(Cause.UNREACHABLE, null, reason, Party.LOCAL);
    }

    /** A final non-2xx response to the INVITE, mapped per API.md. */
    public static CallEnd finalResponse(int status, String reason) {
        Cause cause = switch (status) {
            case 486, 600 -> Cause.BUSY;
            case 603 -> Cause.DECLINED;
            case 408, 480 -> Cause.NO_ANSWER;
            case 404, 604 -> Cause.NOT_FOUND;
            default -> Cause.REJECTED;
        };
        return new CallEnd(cause, status, reason, Party.REMOTE);
    }
}
