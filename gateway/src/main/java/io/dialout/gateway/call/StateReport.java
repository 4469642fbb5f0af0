package io.dialout.gateway.call;

/**
 * One {@code state} message (API.md). Null fields are left out of the JSON.
 *
 * @param state       the wire state: trying, ringing, early-media, answered, held, resumed, ended
 * @param by          for held/resumed/ended: "local" or "remote"
 * @param cause       for ended only
 * @param durationSec for ended only: seconds from the answer to the end (0 when never answered)
 * @param retryAfter  for ended only: the seconds of the far end's {@code Retry-After} (e.g. on a 503), else null
 * @param quality     for ended only, when the call had media: each leg's quality (an addition to the contract)
 * @param transferredTo for transferred only: the target the call now reaches (an addition to the contract)
 * @param redirectedTo for {@code trying} after a 3xx was followed: the new target (an addition to the contract)
 */
public record StateReport(
        String state,
        Integer sipStatus,
        String reason,
        String cause,
        String by,
        Long durationSec,
        Integer retryAfter,
        CallQuality quality,
        String transferredTo,
        String redirectedTo) {

    /** A report without {@code transferredTo} and {@code redirectedTo}. */
    public StateReport(
            String state,
            Integer sipStatus,
            String reason,
            String cause,
            String by,
            Long durationSec,
            Integer retryAfter,
            CallQuality quality) {
        this(state, sipStatus, reason, cause, by, durationSec, retryAfter, quality, null, null);
    }

    /** A report without the additions {@code retryAfter} and {@code quality} (only on {@code ended}). */
    public StateReport(String state, Integer sipStatus, String reason, String cause, String by, Long durationSec) {
        this(state, sipStatus, reason, cause, by, durationSec, null, null);
    }

    public static StateReport of(String state) {
        return new StateReport(state, null, null, null, null, null);
    }

    public static StateReport sip(String state, int status, String reason) {
        return new StateReport(state, status, reason, null, null, null);
    }

    /** {@code trying} again: a 3xx was followed and a new INVITE went to {@code target} (RFC 3261 section 8.1.3.4). */
    public static StateReport redirected(int status, String reason, String target) {
        return new StateReport("trying", status, reason, null, null, null, null, null, null, target);
    }

    public static StateReport hold(String state, Party by) {
        return new StateReport(state, null, null, null, by.wire(), null);
    }

    /**
     * {@code transferred}: the call reaches {@code target} now (RFC 3515); {@code by} is the side that asked for it
     * (remote: the callee's REFER; local: the room's {@code transfer}); {@code sipStatus} the target's answer or the
     * 200 sipfrag.
     */
    public static StateReport transferred(String target, Party by, int sipStatus, String reason) {
        return new StateReport("transferred", sipStatus, reason, null, by.wire(), null, null, null, target, null);
    }

    public static StateReport ended(CallEnd end, long durationSec) {
        return ended(end, durationSec, null);
    }

    public static StateReport ended(CallEnd end, long durationSec, CallQuality quality) {
        return new StateReport(
                "ended",
                end.sipStatus(),
                end.reason(),
                end.cause().wire(),
                end.by().wire(),
                durationSec,
                end.retryAfterSec(),
                quality);
    }
}
