package io.dialout.gateway.api;

/** A client message that is rejected with an {@code error}; the connection stays up. */
public final class BadMessage extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String callId;

    public BadMessage(ErrorCode code, String callId, String message) {
        super(message, null, false, false);
        this.code = code;
        this.callId = callId;
    }

    public static BadMessage badRequest(String callId, String message) {
        return new BadMessage(ErrorCode.BAD_REQUEST, callId, message);
    }

    public ErrorCode code() {
        return code;
    }

    /** The callId of the rejected message when it had a usable one, else null. */
    public String callId() {
        return callId;
    }
}
