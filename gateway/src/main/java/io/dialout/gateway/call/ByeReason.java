package io.dialout.gateway.call;

/**
 * The {@code Reason} header (RFC 3326) of a BYE the gateway sends for its own reasons, so the carrier's records and
 * the far end's logs say why the call ended. Q.850 cause 16 (normal call clearing) with a text is what carriers'
 * CDRs expect for a call ended by the calling side; cause 41 (temporary failure) marks a failure of ours. A hang-up
 * asked for by the room carries none: it is the caller hanging up.
 */
final class ByeReason {

    private ByeReason() {}

    /** The header value for a call ending with {@code cause}, or null for none. */
    static String of(Cause cause) {
        return switch (cause) {
            case MEDIA_FAILURE -> q850(41, "media failure");
            case MAX_DURATION -> q850(16, "max duration");
            case SHUTDOWN -> q850(16, "shutdown");
            case CONTROLLER_GONE -> q850(16, "controller gone");
            case ERROR -> q850(41, "internal error");
            default -> null;
        };
    }

    private static String q850(int cause, String text) {
        return "Q.850;cause=" + cause + ";text=\"" + text + "\"";
    }
}
