package io.dialout.gateway.api;

/** The {@code code} of an {@code error} message (API.md). */
public enum ErrorCode {
    BAD_REQUEST("bad-request"),
    UNKNOWN_CALL("unknown-call"),
    DUPLICATE_CALL("duplicate-call"),
    FORBIDDEN("forbidden"),
    BUSY("busy");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
