package io.dialout.media.srtp;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * SDES key material for the SIP leg (RFC 4568): one side's master key and salt for one crypto suite, written as and
 * read from an {@code a=crypto} attribute. Our own keys protect what we send; the callee's keys (from its answer)
 * unprotect what it sends: {@link #session(SdesKeys, SdesKeys)}.
 */
public final class SdesKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int tag;
    private final SrtpProfile profile;
    private final byte[] key;
    private final byte[] salt;

    private SdesKeys(int tag, SrtpProfile profile, byte[] key, byte[] salt) {
        this.tag = tag;
        this.profile = profile;
        this.key = key;
        this.salt = salt;
    }

    /** Fresh random keys (RFC 4568 section 6.1: the key and salt come from a cryptographically strong source). */
    public static SdesKeys generate(SrtpProfile profile) {
        byte[] key = new byte[profile.keyLength()];
        byte[] salt = new byte[profile.saltLength()];
        RANDOM.nextBytes(key);
        RANDOM.nextBytes(salt);
        return new SdesKeys(1, profile, key, salt);
    }

    public static SdesKeys generate() {
        return generate(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
    }

    /**
     * Parses {@code a=crypto:<tag> <suite> inline:<key||salt base64>[|lifetime][|MKI:len] [session-params]}
     * (RFC 4568 section 9.1), with or without the {@code a=} or {@code a=crypto:} prefix.
     *
     * @throws IllegalArgumentException when the attribute is malformed, the suite is unsupported, an MKI is used, or
     *                                  session parameters we cannot honour (UNENCRYPTED_*, KDR) are present
     */
    public static SdesKeys parse(String attribute) {
        String s = attribute.trim();
        if (s.startsWith("a=")) {
            s = s.substring(2);
        }
        if (s.startsWith("crypto:")) {
            s = s.substring("crypto:".length());
        }
        String[] parts = s.trim().split("\\s+");
        if (parts.length < 3) {
            throw new IllegalArgumentException("crypto attribute needs tag, suite and key params: " + attribute);
        }
        int tag;
        try {
            tag = Integer.parseInt(parts[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad crypto tag: " + parts[0]);
        }
        if (tag < 0 || tag > 999_999_999) {
            throw new IllegalArgumentException("crypto tag out of range: " + tag); // RFC 4568 section 9.1: 1*9DIGIT
        }
        SrtpProfile profile = SrtpProfile.fromSdesName(parts[1].toUpperCase(Locale.ROOT));
        if (profile == null) {
            throw new IllegalArgumentException("unsupported crypto suite: " + parts[1]);
        }
        String keyParams = parts[2];
        if (keyParams.contains(";")) {
            // RFC 4568 section 9.1: several key-params are for MKI use only; take the first.
            keyParams = keyParams.substring(0, keyParams.indexOf(';'));
        }
        if (!keyParams.startsWith("inline:")) {
            throw new IllegalArgumentException("only the inline key method is defined: " + keyParams);
        }
        String[] inline = keyParams.substring("inline:".length()).split("\\|");
        if (inline.length > 2 || (inline.length == 2 && inline[1].contains(":"))) {
            throw new IllegalArgumentException("MKI is not supported: " + keyParams);
        }
        for (int i = 3; i < parts.length; i++) {
            String p = parts[i].toUpperCase(Locale.ROOT);
            if (p.startsWith("UNENCRYPTED_") || p.startsWith("KDR=")) {
                throw new IllegalArgumentException("unsupported session parameter: " + parts[i]);
            }
        }
        byte[] material;
        try {
            material = Base64.getDecoder().decode(inline[0]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad base64 key: " + inline[0], e);
        }
        if (material.length != profile.keyLength() + profile.saltLength()) {
            throw new IllegalArgumentException(profile.sdesName() + " needs "
                    + (profile.keyLength() + profile.saltLength()) + " bytes of key||salt, got " + material.length);
        }
        return new SdesKeys(
                tag,
                profile,
                Arrays.copyOfRange(material, 0, profile.keyLength()),
                Arrays.copyOfRange(material, profile.keyLength(), material.length));
    }

    /** The attribute without the {@code a=} prefix: {@code crypto:1 AES_CM_128_HMAC_SHA1_80 inline:...}. */
    public String toCryptoAttribute(int tag) {
        byte[] material = new byte[key.length + salt.length];
        System.arraycopy(key, 0, material, 0, key.length);
        System.arraycopy(salt, 0, material, key.length, salt.length);
        return "crypto:" + tag + " " + profile.sdesName() + " inline:"
                + Base64.getEncoder().encodeToString(material);
    }

    /** The full SDP line without CRLF: {@code a=crypto:1 ...}. */
    public String toSdpLine(int tag) {
        return "a=" + toCryptoAttribute(tag);
    }

    public int tag() {
        return tag;
    }

    public SrtpProfile profile() {
        return profile;
    }

    public byte[] key() {
        return key.clone();
    }

    public byte[] salt() {
        return salt.clone();
    }

    /** Protect with {@code local} (what we offered), unprotect with {@code remote} (what the callee answered). */
    public static SrtpSession session(SdesKeys local, SdesKeys remote) {
        if (local.profile != remote.profile) {
            throw new IllegalArgumentException("crypto suites differ: " + local.profile + " vs " + remote.profile);
        }
        return new SrtpSession(local.profile, local.key, local.salt, remote.key, remote.salt);
    }
}
