package io.dialout.media.relay;

import java.nio.ByteBuffer;

/**
 * The buffers of one I/O thread, shared by every call it owns and reused for every packet: direct buffers for the
 * socket reads and writes, heap arrays for the packet views and SRTP (which work on byte[]).
 */
public final class IoBuffers {
    /** Largest datagram handled; bigger ones are truncated by the read and then fail to parse. */
    public static final int MAX_PACKET = 1600;
    /** Room SRTP/SRTCP protection adds the auth tag (and the SRTCP index) after the packet. */
    public static final int SPARE = 64;

    public final ByteBuffer rx = ByteBuffer.allocateDirect(MAX_PACKET + SPARE);
    public final ByteBuffer tx = ByteBuffer.allocateDirect(MAX_PACKET + SPARE);
    public final byte[] in = new byte[MAX_PACKET + SPARE];
    public final byte[] work = new byte[MAX_PACKET + SPARE];
    /** Residence times of the packets this thread forwarded. */
    public final RelayDelays delays = new RelayDelays();
}
