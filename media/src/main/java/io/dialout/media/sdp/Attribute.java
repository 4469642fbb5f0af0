package io.dialout.media.sdp;

/**
 * One {@code a=} line (RFC 8866 section 5.13): a property attribute ({@code a=rtcp-mux}, value null) or a value
 * attribute ({@code a=rtpmap:111 opus/48000/2}).
 */
public record Attribute(String name, String value) {

    public Attribute {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("attribute name is empty");
        }
    }

    public static Attribute flag(String name) {
        return new Attribute(name, null);
    }

    public static Attribute of(String name, String value) {
        return new Attribute(name, value);
    }

    /** Parses the text after {@code a=}. */
    static Attribute parse(String text) {
        int colon = text.indexOf(':');
        return colon < 0
                ? new Attribute(text, null)
                : new Attribute(text.substring(0, colon), text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return value == null ? name : name + ":" + value;
    }
}
