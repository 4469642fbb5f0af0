package io.dialout.media.sdp;

import io.dialout.media.MediaException;

/** An SDP that cannot be parsed or negotiated; the message says what is wrong, for the client's error. */
public class SdpException extends MediaException {
    private static final long serialVersionUID = 1L;

    public SdpException(String message) {
        super(message);
    }
}
