package io.dialout.gateway.call;

/** Why a call ended, as sent in the {@code ended} state's {@code cause} (API.md). */
public enum Cause {
    LOCAL_HANGUP("local-hangup"),
    REMOTE_HANGUP("remote-hangup"),
    BUSY("busy"),
    DECLINED("declined"),
    NO_ANSWER("no-answer"),
    NOT_FOUND("not-found"),
    UNREACHABLE("unreachable"),
    REJECTED("rejected"),
    POLICY("policy"),
    MEDIA_FAILURE("media-failure"),
    MAX_DURATION("max-duration"),
    CONTROLLER_GONE("controller-gone"),
    SHUTDOWN("shutdown"),
    ERROR("error");

    private final String wire;

    Cause(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
