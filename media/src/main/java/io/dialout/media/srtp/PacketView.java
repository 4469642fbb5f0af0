package io.dialout.media.srtp;

import org.jitsi.utils.ByteArrayBuffer;

/**
 * A {@link ByteArrayBuffer} over a caller's array, so jitsi-srtp transforms packets in place. It never reallocates:
 * growing past the array (the caller must leave room for the SRTP tag) is an error. Reused for every packet.
 */
final class PacketView implements ByteArrayBuffer {
    private byte[] buf;
    private int off;
    private int len;

    PacketView set(byte[] b, int offset, int length) {
        buf = b;
        off = offset;
        len = length;
        return this;
    }

    void release() {
        buf = null;
    }

    @Override
    public byte[] getBuffer() {
        return buf;
    }

    @Override
    public int getOffset() {
        return off;
    }

    @Override
    public int getLength() {
        return len;
    }

    @Override
    public void setLength(int length) {
        if (off + length > buf.length) {
            throw new IllegalArgumentException("no room for " + length + " bytes");
        }
        len = length;
    }

    @Override
    public void setOffset(int offset) {
        off = offset;
    }

    @Override
    public boolean isInvalid() {
        return false;
    }

    @Override
    public void readRegionToBuff(int from, int length, byte[] out) {
        System.arraycopy(buf, off + from, out, 0, length);
    }

    @Override
    public void grow(int howMuch) {
        if (off + len + howMuch > buf.length) {
            throw new IllegalArgumentException("packet buffer lacks " + howMuch + " spare bytes after the packet");
        }
    }

    @Override
    public void append(byte[] data, int length) {
        grow(length);
        System.arraycopy(data, 0, buf, off + len, length);
        len += length;
    }

    @Override
    public void shrink(int howMuch) {
        len = Math.max(0, len - howMuch);
    }
}
