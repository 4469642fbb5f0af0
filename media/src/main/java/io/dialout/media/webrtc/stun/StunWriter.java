package io.dialout.media.webrtc.stun;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;

/**
 * Writes one STUN message into a caller-owned byte array (RFC 8489 section 5 and 14). Reusable: call {@link #start}
 * for each message. Attributes are appended in call order; {@link #addMessageIntegrity} and {@link #addFingerprint}
 * must come last, in that order. Not thread-safe.
 */
public final class StunWriter {
    private byte[] buf;
    private int off;
    private int pos;
    private final CRC32 crc = new CRC32();

    /** Starts a message of {@code type} with the transaction id copied from {@code txBuf[txOff..txOff+12)}. */
    public StunWriter start(byte[] out, int offset, int type, byte[] txBuf, int txOff) {
        if (out.length - offset < Stun.HEADER_LENGTH) {
            throw new IllegalArgumentException("buffer too small");
        }
        buf = out;
        off = offset;
        writeShort(offset, type);
        writeShort(offset + 2, 0);
        writeInt(offset + 4, Stun.MAGIC_COOKIE);
        System.arraycopy(txBuf, txOff, out, offset + 8, Stun.TRANSACTION_ID_LENGTH);
        pos = offset + Stun.HEADER_LENGTH;
        return this;
    }

    public int length() {
        return pos - off;
    }

    public StunWriter addBytes(int attrType, byte[] value, int vOff, int vLen) {
        int padded = (vLen + 3) & ~3;
        ensure(4 + padded);
        writeShort(pos, attrType);
        writeShort(pos + 2, vLen);
        System.arraycopy(value, vOff, buf, pos + 4, vLen);
        for (int i = vLen; i < padded; i++) {
            buf[pos + 4 + i] = 0; // RFC 8489 section 14: padding bytes; we send zeros
        }
        pos += 4 + padded;
        updateLength();
        return this;
    }

    public StunWriter addString(int attrType, String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        return addBytes(attrType, b, 0, b.length);
    }

    public StunWriter addInt(int attrType, int value) {
        ensure(8);
        writeShort(pos, attrType);
        writeShort(pos + 2, 4);
        writeInt(pos + 4, value);
        pos += 8;
        updateLength();
        return this;
    }

    public StunWriter addLong(int attrType, long value) {
        ensure(12);
        writeShort(pos, attrType);
        writeShort(pos + 2, 8);
        writeInt(pos + 4, (int) (value >>> 32));
        writeInt(pos + 8, (int) value);
        pos += 12;
        updateLength();
        return this;
    }

    /** A zero-length attribute such as USE-CANDIDATE (RFC 8445 section 7.1.2). */
    public StunWriter addFlag(int attrType) {
        ensure(4);
        writeShort(pos, attrType);
        writeShort(pos + 2, 0);
        pos += 4;
        updateLength();
        return this;
    }

    /** XOR-MAPPED-ADDRESS (RFC 8489 section 14.2) for an IPv4 or IPv6 address. */
    public StunWriter addXorMappedAddress(InetSocketAddress address) {
        byte[] ip = address.getAddress().getAddress();
        return addXorMappedAddress(ip, address.getPort());
    }

    public StunWriter addXorMappedAddress(byte[] ip, int port) {
        int valueLen = 4 + ip.length;
        ensure(4 + valueLen);
        writeShort(pos, Stun.ATTR_XOR_MAPPED_ADDRESS);
        writeShort(pos + 2, valueLen);
        buf[pos + 4] = 0;
        buf[pos + 5] = (byte) (ip.length == 4 ? 0x01 : 0x02);
        writeShort(pos + 6, port ^ (Stun.MAGIC_COOKIE >>> 16));
        for (int i = 0; i < ip.length; i++) {
            // XOR with the magic cookie, then (IPv6) the transaction id: header bytes 4..19.
            buf[pos + 8 + i] = (byte) (ip[i] ^ buf[off + 4 + i]);
        }
        pos += 4 + valueLen;
        updateLength();
        return this;
    }

    /** ERROR-CODE (RFC 8489 section 14.8). */
    public StunWriter addErrorCode(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        int vLen = 4 + r.length;
        int padded = (vLen + 3) & ~3;
        ensure(4 + padded);
        writeShort(pos, Stun.ATTR_ERROR_CODE);
        writeShort(pos + 2, vLen);
        buf[pos + 4] = 0;
        buf[pos + 5] = 0;
        buf[pos + 6] = (byte) (code / 100);
        buf[pos + 7] = (byte) (code % 100);
        System.arraycopy(r, 0, buf, pos + 8, r.length);
        for (int i = vLen; i < padded; i++) {
            buf[pos + 4 + i] = 0;
        }
        pos += 4 + padded;
        updateLength();
        return this;
    }

    /**
     * MESSAGE-INTEGRITY (RFC 8489 section 14.5): the header length already counts the attribute when the HMAC is
     * computed over everything before it.
     */
    public StunWriter addMessageIntegrity(Mac keyedHmacSha1) {
        ensure(4 + Stun.MESSAGE_INTEGRITY_LENGTH);
        int attr = pos;
        writeShort(attr, Stun.ATTR_MESSAGE_INTEGRITY);
        writeShort(attr + 2, Stun.MESSAGE_INTEGRITY_LENGTH);
        pos += 4 + Stun.MESSAGE_INTEGRITY_LENGTH;
        updateLength();
        keyedHmacSha1.update(buf, off, attr - off);
        try {
            keyedHmacSha1.doFinal(buf, attr + 4);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** FINGERPRINT (RFC 8489 section 14.7): CRC-32 of everything before it, XOR 0x5354554e; always last. */
    public StunWriter addFingerprint() {
        ensure(8);
        int attr = pos;
        writeShort(attr, Stun.ATTR_FINGERPRINT);
        writeShort(attr + 2, 4);
        pos += 8;
        updateLength();
        crc.reset();
        crc.update(buf, off, attr - off);
        writeInt(attr + 4, (int) crc.getValue() ^ Stun.FINGERPRINT_XOR);
        return this;
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            throw new IllegalArgumentException("STUN message does not fit the buffer");
        }
    }

    private void updateLength() {
        writeShort(off + 2, pos - off - Stun.HEADER_LENGTH);
    }

    private void writeShort(int p, int v) {
        buf[p] = (byte) (v >>> 8);
        buf[p + 1] = (byte) v;
    }

    private void writeInt(int p, int v) {
        buf[p] = (byte) (v >>> 24);
        buf[p + 1] = (byte) (v >>> 16);
        buf[p + 2] = (byte) (v >>> 8);
        buf[p + 3] = (byte) v;
    }
}
