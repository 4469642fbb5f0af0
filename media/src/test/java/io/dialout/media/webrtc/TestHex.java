package io.dialout.media.webrtc;

/** Hex literals for test vectors. */
public final class TestHex {
    private TestHex() {}

    public static byte[] hex(String s) {
        String t = s.replaceAll("\\s", "");
        byte[] b = new byte[t.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(t.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
