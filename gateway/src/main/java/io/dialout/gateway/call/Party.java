package io.dialout.gateway.call;

/** Which side did something: the gateway/room ({@code local}) or the SIP callee ({@code remote}). */
public enum Party {
    LOCAL,
    REMOTE;

    public String wire() {
        return this == LOCAL ? "local" : "remote";
    }
}
