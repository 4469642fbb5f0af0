package io.dialout.media.webrtc.stun;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.crypto.Mac;

/**
 * A reusable read-only view of one STUN message in a byte array. {@link #wrap} validates the header and walks the
 * attributes once, remembering where the ones ICE needs are; nothing is allocated unless an accessor returns an object
 * (a String or an address). One instance per reader thread.
 */
public final class StunMessage {
    private byte[] buf;
    private int off;
    private int len;
    private int type;

    // Offsets (absolute, of the attribute VALUE) of the attributes we use; -1 when absent.
    private int username = -1;
    private int usernameLen;
    private int integrity = -1;
    private int fingerprint = -1;
    private int xorMapped = -1;
    private int xorMappedLen;
    private int priority = -1;
    private int errorCode = -1;
    private int errorCodeLen;
    private int iceControlling = -1;
    private int iceControlled = -1;
    private boolean useCandidate;

    private final CRC32 crc = new CRC32();

    /** Quick test used by the demultiplexer: could these bytes be STUN (RFC 8489 section 5, RFC 7983)? */
    public static boolean looksLikeStun(byte[] b, int off, int len) {
        return len >= Stun.HEADER_LENGTH && (b[off] & 0xC0) == 0 && readInt(b, off + 4) == Stun.MAGIC_COOKIE;
    }

    /**
     * Points this view at a message and parses its attribute list.
     *
     * @return false when the bytes are not a well-formed STUN message (the view is then unusable)
     */
    public boolean wrap(byte[] b, int offset, int length) {
        buf = b;
        off = offset;
        len = length;
        username = integrity = fingerprint = xorMapped = priority = errorCode = iceControlling = iceControlled = -1;
        useCandidate = false;
        if (!looksLikeStun(b, offset, length)) {
            return false;
        }
        int bodyLen = readShort(b, offset + 2);
        // RFC 8489 section 5: the length excludes the 20-byte header and is a multiple of 4.
        if ((bodyLen & 3) != 0 || Stun.HEADER_LENGTH + bodyLen != length) {
            return false;
        }
        type = readShort(b, offset);
        int p = offset + Stun.HEADER_LENGTH;
        int end = offset + length;
        while (p + 4 <= end) {
            int attrType = readShort(b, p);
            int attrLen = readShort(b, p + 2);
            int value = p + 4;
            if (value + attrLen > end) {
                return false;
            }
            // RFC 8489 section 14.5/14.7: only FINGERPRINT may follow MESSAGE-INTEGRITY; other attributes after it
            // are ignored, and nothing may follow FINGERPRINT.
            if (fingerprint >= 0) {
                return false;
            }
            if (integrity < 0 || attrType == Stun.ATTR_FINGERPRINT) {
                record(attrType, value, attrLen);
            }
            p = value + ((attrLen + 3) & ~3);
        }
        return p == end;
    }

    private void record(int attrType, int value, int attrLen) {
        switch (attrType) {
            case Stun.ATTR_USERNAME -> {
                username = value;
                usernameLen = attrLen;
            }
            case Stun.ATTR_MESSAGE_INTEGRITY -> integrity = attrLen == Stun.MESSAGE_INTEGRITY_LENGTH ? value : -1;
            case Stun.ATTR_FINGERPRINT -> fingerprint = attrLen == 4 ? value : -1;
            case Stun.ATTR_XOR_MAPPED_ADDRESS -> {
                xorMapped = value;
                xorMappedLen = attrLen;
            }
            case Stun.ATTR_PRIORITY -> priority = attrLen == 4 ? value : -1;
            case Stun.ATTR_USE_CANDIDATE -> useCandidate = true;
            case Stun.ATTR_ICE_CONTROLLING -> iceControlling = attrLen == 8 ? value : -1;
            case Stun.ATTR_ICE_CONTROLLED -> iceControlled = attrLen == 8 ? value : -1;
            case Stun.ATTR_ERROR_CODE -> {
                errorCode = value;
                errorCodeLen = attrLen;
            }
            default -> {}
        }
    }

    public int type() {
        return type;
    }

    public boolean isBindingRequest() {
        return type == Stun.BINDING_REQUEST;
    }

    public byte[] buffer() {
        return buf;
    }

    public int offset() {
        return off;
    }

    public int length() {
        return len;
    }
    /** Absolute offset of the 12-byte transaction id in {@link #buffer()}. */
    public int transactionIdOffset() {
        return off + 8;
    }

    public boolean hasUsername() {
        return username >= 0;
    }

    public boolean hasMessageIntegrity() {
        return integrity >= 0;
    }

    public boolean hasFingerprint() {
        return fingerprint >= 0;
    }

    public boolean useCandidate() {
        return useCandidate;
    }

    public boolean hasIceControlling() {
        return iceControlling >= 0;
    }

    public boolean hasIceControlled() {
        return iceControlled >= 0;
    }

    public long iceControlling() {
        return iceControlling < 0 ? 0 : readLong(buf, iceControlling);
    }

    public long iceControlled() {
        return iceControlled < 0 ? 0 : readLong(buf, iceControlled);
    }
    /** PRIORITY (RFC 8445 section 7.1.1) or -1. */
    public long priority() {
        return priority < 0 ? -1 : readInt(buf, priority) & 0xFFFFFFFFL;
    }

    public String username() {
        return username < 0 ? null : new String(buf, username, usernameLen, StandardCharsets.UTF_8);
    }

    /**
     * Compares the part of USERNAME before the first ':' with {@code ufrag} without allocating
     * (RFC 8445 section 7.2.2: USERNAME is "receiver-ufrag:sender-ufrag").
     */
    public boolean usernameStartsWithFragment(byte[] ufrag) {
        if (username < 0 || usernameLen <= ufrag.length || buf[username + ufrag.length] != ':') {
            return false;
        }
        for (int i = 0; i < ufrag.length; i++) {
            if (buf[username + i] != ufrag[i]) {
                return false;
            }
        }
        return true;
    }

    /** The whole USERNAME equals {@code expected} (bytes). */
    public boolean usernameEquals(byte[] expected) {
        if (username < 0 || usernameLen != expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (buf[username + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** The receiver's fragment: USERNAME up to the first ':' (or all of it). */
    public String usernameLocalFragment() {
        if (username < 0) {
            return null;
        }
        int n = 0;
        while (n < usernameLen && buf[username + n] != ':') {
            n++;
        }
        return new String(buf, username, n, StandardCharsets.UTF_8);
    }

    /** ERROR-CODE as class*100+number (RFC 8489 section 14.8), or -1. */
    public int errorCode() {
        if (errorCode < 0 || errorCodeLen < 4) {
            return -1;
        }
        return (buf[errorCode + 2] & 0x07) * 100 + (buf[errorCode + 3] & 0xFF);
    }

    public String errorReason() {
        if (errorCode < 0 || errorCodeLen < 4) {
            return null;
        }
        return new String(buf, errorCode + 4, errorCodeLen - 4, StandardCharsets.UTF_8);
    }

    /** XOR-MAPPED-ADDRESS decoded (RFC 8489 section 14.2), IPv4 or IPv6, or null. */
    public InetSocketAddress xorMappedAddress() {
        if (xorMapped < 0 || xorMappedLen < 8) {
            return null;
        }
        int family = buf[xorMapped + 1] & 0xFF;
        int port = readShort(buf, xorMapped + 2) ^ (Stun.MAGIC_COOKIE >>> 16);
        int addrLen = family == 0x01 ? 4 : family == 0x02 ? 16 : -1;
        if (addrLen < 0 || xorMappedLen < 4 + addrLen) {
            return null;
        }
        byte[] addr = new byte[addrLen];
        for (int i = 0; i < addrLen; i++) {
            // XORed with the magic cookie and (IPv6) then the transaction id: header bytes 4..19.
            addr[i] = (byte) (buf[xorMapped + 4 + i] ^ buf[off + 4 + i]);
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(addr), port);
        } catch (UnknownHostException e) {
            return null; // cannot happen for 4 or 16 bytes
        }
    }

    /**
     * Verifies MESSAGE-INTEGRITY (RFC 8489 section 14.5): HMAC-SHA1 over the message up to the attribute, with the
     * header length temporarily set as if MESSAGE-INTEGRITY were the last attribute. The buffer is restored.
     *
     * @param mac an HMAC-SHA1 already keyed with the short-term password (RFC 8489 section 9.1.1); not thread-safe
     */
    public boolean verifyMessageIntegrity(Mac mac, byte[] scratch20) {
        if (integrity < 0) {
            return false;
        }
        int attrStart = integrity - 4;
        int adjusted = integrity + Stun.MESSAGE_INTEGRITY_LENGTH - off - Stun.HEADER_LENGTH;
        byte l0 = buf[off + 2];
        byte l1 = buf[off + 3];
        buf[off + 2] = (byte) (adjusted >>> 8);
        buf[off + 3] = (byte) adjusted;
        try {
            mac.update(buf, off, attrStart - off);
            mac.doFinal(scratch20, 0);
        } catch (javax.crypto.ShortBufferException e) {
            throw new IllegalArgumentException("scratch must hold 20 bytes", e);
        } finally {
            buf[off + 2] = l0;
            buf[off + 3] = l1;
        }
        int diff = 0;
        for (int i = 0; i < Stun.MESSAGE_INTEGRITY_LENGTH; i++) {
            diff |= scratch20[i] ^ buf[integrity + i];
        }
        return diff == 0;
    }

    /** Verifies FINGERPRINT (RFC 8489 section 14.7); true when absent is NOT implied: returns false then. */
    public boolean verifyFingerprint() {
        if (fingerprint < 0) {
            return false;
        }
        crc.reset();
        crc.update(buf, off, fingerprint - 4 - off);
        int expected = (int) crc.getValue() ^ Stun.FINGERPRINT_XOR;
        return expected == readInt(buf, fingerprint);
    }

    static int readShort(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    static int readInt(byte[] b, int p) {
        return ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }

    static long readLong(byte[] b, int p) {
        return ((long) readInt(b, p) << 32) | (readInt(b, p + 4) & 0xFFFFFFFFL);
    }
}
