package io.dialout.media.sdp;

import io.dialout.media.Direction;
import java.util.ArrayList;
import java.util.List;

/**
 * A session description (RFC 8866): the session-level lines and the media descriptions. {@link #parse} reads
 * CRLF or LF text, keeps attribute order and ignores line types the gateway does not use (i=, u=, e=, p=, b=,
 * r=, z=, k=); {@link #toString} writes CRLF text. Mutable, not thread-safe.
 */
public final class SessionDescription extends Attributes {
    /** Offers larger than this are refused: a real offer with many m-lines and candidates is a few KiB. */
    public static final int MAX_LENGTH = 64 * 1024;
    /** More m-lines than this are refused (a bound on work per offer). */
    public static final int MAX_MEDIA = 64;

    private Origin origin;
    private String sessionName = "-";
    private Connection connection;
    private String timing = "0 0";
    private final List<MediaDescription> media = new ArrayList<>();

    public SessionDescription(Origin origin) {
        this.origin = origin;
    }

    /**
     * Parses SDP text.
     *
     * @throws SdpException naming the line and what is wrong; never any other exception for any input
     */
    public static SessionDescription parse(String text) throws SdpException {
        if (text == null || text.isBlank()) {
            throw new SdpException("SDP is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new SdpException("SDP is too large (" + text.length() + " characters, at most " + MAX_LENGTH + ")");
        }
        try {
            return new Parser(text).parse();
        } catch (SdpException e) {
            throw e;
        } catch (RuntimeException e) {
            // Defensive: the parser is meant to report every problem as SdpException; the fuzz test checks it.
            throw new SdpException("SDP could not be parsed: " + e.getClass().getSimpleName());
        }
    }

    public Origin origin() {
        return origin;
    }

    public void setOrigin(Origin origin) {
        this.origin = origin;
    }

    public String sessionName() {
        return sessionName;
    }

    public void setSessionName(String sessionName) {
        this.sessionName = sessionName;
    }

    /** The session-level {@code c=}, or null. */
    public Connection connection() {
        return connection;
    }

    public void setConnection(Connection connection) {
        this.connection = connection;
    }

    /** The {@code t=} value ("0 0" for the unbounded sessions of offer/answer, RFC 3264 section 5). */
    public String timing() {
        return timing;
    }

    /** The media descriptions in order: a live list. */
    public List<MediaDescription> media() {
        return media;
    }

    /** The first m-line of that type, or null. */
    public MediaDescription firstMedia(String type) {
        for (MediaDescription m : media) {
            if (m.type().equals(type)) {
                return m;
            }
        }
        return null;
    }

    /** The connection that applies to an m-line: media level over session level (RFC 8866 section 5.7). */
    public Connection connection(MediaDescription m) {
        return m.connection() != null ? m.connection() : connection;
    }

    /** The direction of an m-line: media level, else session level, else sendrecv (RFC 3264 section 5.1). */
    public Direction direction(MediaDescription m) {
        Direction d = m.direction();
        if (d == null) {
            d = direction();
        }
        return d == null ? Direction.SENDRECV : d;
    }

    /** ice-ufrag at media level, else session level (RFC 8839 section 5.4), or null. */
    public String iceUfrag(MediaDescription m) {
        String v = m.iceUfrag();
        return v != null ? v : iceUfrag();
    }

    public String icePwd(MediaDescription m) {
        String v = m.icePwd();
        return v != null ? v : icePwd();
    }

    /** Fingerprints at media level, else session level (RFC 8122 section 5). */
    public List<Fingerprint> fingerprints(MediaDescription m) throws SdpException {
        List<Fingerprint> v = m.fingerprints();
        return v.isEmpty() ? fingerprints() : v;
    }

    /** a=setup at media level, else session level (RFC 4145 section 4), or null. */
    public String setup(MediaDescription m) {
        String v = m.setup();
        return v != null ? v : setup();
    }

    /** A deep copy. */
    public SessionDescription copy() {
        SessionDescription s = new SessionDescription(origin);
        s.sessionName = sessionName;
        s.connection = connection;
        s.timing = timing;
        s.attributes.addAll(attributes);
        for (MediaDescription m : media) {
            s.media.add(m.copy());
        }
        return s;
    }

    /** The SDP text with CRLF line ends (RFC 8866 section 5). */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(1024);
        b.append("v=0\r\n");
        b.append("o=").append(origin).append("\r\n");
        b.append("s=").append(sessionName.isEmpty() ? "-" : sessionName).append("\r\n");
        if (connection != null) {
            b.append("c=").append(connection).append("\r\n");
        }
        b.append("t=").append(timing).append("\r\n");
        writeAttributes(b);
        for (MediaDescription m : media) {
            m.write(b);
        }
        return b.toString();
    }

    /** Line-by-line reader; keeps the line number for messages. */
    private static final class Parser {
        private final String text;
        private int lineNo;

        Parser(String text) {
            this.text = text;
        }

        SessionDescription parse() throws SdpException {
            SessionDescription s = null;
            MediaDescription current = null;
            int start = 0;
            while (start < text.length()) {
                int nl = text.indexOf('\n', start);
                int end = nl < 0 ? text.length() : nl;
                // CRLF or LF; trailing blanks some SIP devices leave (e.g. "a=sendrecv ") are dropped
                String line = text.substring(start, end).stripTrailing();
                start = end + 1;
                lineNo++;
                if (line.isEmpty()) {
                    continue; // a trailing blank line is common; RFC 8866 parsers are asked to be tolerant
                }
                if (line.length() < 2 || line.charAt(1) != '=') {
                    throw error("expected '<type>=<value>' but got '" + Sdp.clip(line) + "'");
                }
                char type = line.charAt(0);
                String value = line.substring(2);
                if (s == null) {
                    if (type != 'v') {
                        throw error("SDP must start with v=0");
                    }
                    if (!value.trim().equals("0")) {
                        throw error("unsupported SDP version '" + Sdp.clip(value) + "'");
                    }
                    s = new SessionDescription(null);
                    continue;
                }
                try {
                    current = line(s, current, type, value);
                } catch (SdpException e) {
                    throw error(e.getMessage());
                }
            }
            if (s == null) {
                throw new SdpException("SDP has no v= line");
            }
            if (s.origin == null) {
                throw new SdpException("SDP has no o= line");
            }
            return s;
        }

        private MediaDescription line(SessionDescription s, MediaDescription current, char type, String value)
                throws SdpException {
            switch (type) {
                case 'v' -> throw new SdpException("a second v= line");
                case 'o' -> {
                    if (s.origin != null) {
                        throw new SdpException("a second o= line");
                    }
                    s.origin = Origin.parse(value);
                }
                case 's' -> s.sessionName = value;
                case 't' -> {
                    if (current == null) {
                        s.timing = value.trim();
                    }
                }
                case 'c' -> {
                    Connection c = Connection.parse(value);
                    if (current == null) {
                        s.connection = c;
                    } else {
                        current.setConnection(c);
                    }
                }
                case 'm' -> {
                    if (s.origin == null) {
                        throw new SdpException("m= line before the o= line");
                    }
                    if (s.media.size() >= MAX_MEDIA) {
                        throw new SdpException("more than " + MAX_MEDIA + " m= lines");
                    }
                    MediaDescription m = MediaDescription.parse(value);
                    s.media.add(m);
                    return m;
                }
                case 'a' -> {
                    if (value.isEmpty() || value.charAt(0) == ':') {
                        throw new SdpException("attribute without a name");
                    }
                    (current == null ? s : current).attributes.add(Attribute.parse(value));
                }
                default -> {
                    // i=, u=, e=, p=, b=, r=, z=, k= and unknown types: not used by the gateway, skipped.
                }
            }
            return current;
        }

        private SdpException error(String message) {
            return new SdpException("SDP line " + lineNo + ": " + message);
        }
    }
}
