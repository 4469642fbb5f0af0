package io.dialout.media.sdp;

import java.util.ArrayList;
import java.util.List;

/** An ordered list of {@code a=} lines, shared by the session and media levels. Order is kept as parsed/added. */
public abstract sealed class Attributes permits SessionDescription, MediaDescription {
    final List<Attribute> attributes = new ArrayList<>();

    Attributes() {}

    /** The attributes in order: a live list, edits show in the written SDP. */
    public List<Attribute> attributes() {
        return attributes;
    }

    /** The value of the first attribute of that name ("" for a property attribute), or null when absent. */
    public String attribute(String name) {
        for (Attribute a : attributes) {
            if (a.name().equals(name)) {
                return a.value() == null ? "" : a.value();
            }
        }
        return null;
    }

    /** The values of every attribute of that name, in order. */
    public List<String> attributeValues(String name) {
        List<String> out = new ArrayList<>();
        for (Attribute a : attributes) {
            if (a.name().equals(name)) {
                out.add(a.value() == null ? "" : a.value());
            }
        }
        return out;
    }

    public boolean has(String name) {
        return attribute(name) != null;
    }

    public void add(String name, String value) {
        attributes.add(new Attribute(name, value));
    }

    public void addFlag(String name) {
        attributes.add(Attribute.flag(name));
    }

    /** Removes every attribute of that name. */
    public void remove(String name) {
        attributes.removeIf(a -> a.name().equals(name));
    }

    public String iceUfrag() {
        return attribute("ice-ufrag");
    }

    public String icePwd() {
        return attribute("ice-pwd");
    }

    public String setup() {
        return attribute("setup");
    }

    public List<Fingerprint> fingerprints() throws SdpException {
        List<Fingerprint> out = new ArrayList<>();
        for (String v : attributeValues("fingerprint")) {
            out.add(Fingerprint.parse(v));
        }
        return out;
    }

    /** The direction attribute (RFC 3264 section 5.1), or null when none is given at this level. */
    public io.dialout.media.Direction direction() {
        for (Attribute a : attributes) {
            if (isDirection(a)) {
                return io.dialout.media.Direction.parse(a.name());
            }
        }
        return null;
    }

    /** Sets the direction attribute: the first one present is replaced in place, others removed. */
    public void setDirection(io.dialout.media.Direction d) {
        int at = -1;
        for (int i = 0; i < attributes.size(); i++) {
            if (isDirection(attributes.get(i))) {
                at = i;
                break;
            }
        }
        attributes.removeIf(Attributes::isDirection);
        if (at < 0) {
            addFlag(d.attribute());
        } else {
            attributes.add(at, Attribute.flag(d.attribute()));
        }
    }

    private static boolean isDirection(Attribute a) {
        return switch (a.name()) {
            case "sendrecv", "sendonly", "recvonly", "inactive" -> true;
            default -> false;
        };
    }

    void writeAttributes(StringBuilder b) {
        for (Attribute a : attributes) {
            b.append("a=").append(a).append("\r\n");
        }
    }
}
