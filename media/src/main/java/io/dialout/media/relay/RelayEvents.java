package io.dialout.media.relay;

/** What a relay reports; the engine turns these into {@code MediaListener} calls (which never block). */
public interface RelayEvents {
    void dtmfFromRoom(char digit, boolean forwarded);

    void dtmfFromSip(char digit);

    void mediaTimeout(String reason);
}
