package io.dialout.media.relay;

/** Where a direction's packets leave: the room endpoint (SRTP via DTLS keys) or the SIP leg (RTP or SDES-SRTP). */
public interface PacketSink {

    /** False while the leg cannot take packets (room not connected yet, SIP answer not applied). */
    boolean ready();

    /** Sends an RTP packet; the buffer has at least 64 spare bytes after {@code len} for SRTP. */
    boolean sendRtp(byte[] buf, int off, int len);

    boolean sendRtcp(byte[] buf, int off, int len);
}
