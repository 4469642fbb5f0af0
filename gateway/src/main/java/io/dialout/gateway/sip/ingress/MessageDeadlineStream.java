package io.dialout.gateway.sip.ingress;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * The input of a SIP connection (TCP, or TLS after decryption; admitted inbound, or opened by the stack), with a
 * deadline per message (issue 14 item 1, slowloris): a message that has started must be complete, headers and body,
 * within {@code readTimeout} of its first byte, or the connection is reset. Between messages the connection keeps its
 * idle timeout (none, 0, for the outbound connections).
 *
 * <p>The stack's own {@code READ_TIMEOUT} does not bound this: it is armed only once the request or status line has
 * been read, and again for the body, so a peer that trickles the first line a byte at a time (each byte within the idle
 * timeout) held the connection for as long as it liked. Here the framing is followed on the bytes the stack's reader
 * thread reads (RFC 3261 section 18.3: the headers end at the first empty line, the body is Content-Length bytes long;
 * CRLFs between messages are keep-alives, RFC 5626 section 4.4.1, and start no message), and the socket's SO_TIMEOUT
 * is set before each read to what is left of the message's time, or to the idle timeout between messages: the reader
 * thread itself wakes at the deadline, so no extra thread or timer is needed.
 *
 * <p>Only the stack's one reader thread reads; the framing state needs no lock.
 */
final class MessageDeadlineStream extends FilterInputStream {

    /** Called once when a connection is cut at its deadline, before it is closed. */
    interface Cut {
        void cut(Socket socket, long messageBytes, long millis);
    }

    private enum State {
        BETWEEN,
        HEADERS,
        BODY
    }

    /** Enough of a header line to see its name and a Content-Length value (the stack refuses longer values). */
    private static final int HEADER_PREFIX = 64;

    private final Socket socket;
    private final long readTimeoutNanos;
    private final int idleTimeoutMillis;
    private final Cut onCut;

    private State state = State.BETWEEN;
    private long startedAt;
    private long messageBytes;
    /** Characters of the current header line other than CR, up to its LF. */
    private int lineLength;

    private final StringBuilder line = new StringBuilder(HEADER_PREFIX);
    private long contentLength;
    private long bodyLeft;
    private int soTimeout = -1;

    MessageDeadlineStream(InputStream in, Socket socket, long readTimeoutMillis, long idleTimeoutMillis, Cut onCut) {
        super(in);
        this.socket = socket;
        this.readTimeoutNanos = readTimeoutMillis * 1_000_000L;
        this.idleTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, idleTimeoutMillis);
        this.onCut = onCut;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (true) {
            boolean inMessage = state != State.BETWEEN;
            if (inMessage) {
                long left = startedAt + readTimeoutNanos - System.nanoTime();
                if (left <= 0) {
                    throw cut();
                }
                // rounded up: the read wakes at or after the deadline, never just before it
                setTimeout((int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000));
            } else {
                setTimeout(idleTimeoutMillis);
            }
            int n;
            try {
                n = super.read(b, off, len);
            } catch (SocketTimeoutException timeout) {
                if (!inMessage) {
                    throw timeout; // idle: the stack closes the connection as before
                }
                continue; // the deadline is checked above
            }
            if (n > 0) {
                follow(b, off, n);
            }
            return n;
        }
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 4096)];
        int r = read(buf, 0, buf.length);
        return Math.max(r, 0);
    }

    private void setTimeout(int millis) throws SocketException {
        if (millis != soTimeout) {
            socket.setSoTimeout(millis == 0 ? 0 : Math.max(1, millis)); // 0 between messages: no idle timeout
            soTimeout = millis;
        }
    }

    private IOException cut() {
        long millis = (System.nanoTime() - startedAt) / 1_000_000;
        onCut.cut(socket, messageBytes, millis);
        try {
            socket.setSoLinger(true, 0); // a reset: the peer learns at once, and no TIME_WAIT is held
        } catch (IOException ignored) {
            // closed below all the same
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
        return new SocketException("SIP message not complete within the read timeout (" + millis + " ms, "
                + messageBytes + " bytes): connection reset");
    }

    /** Follows the message framing over {@code n} bytes just read. */
    private void follow(byte[] b, int off, int n) {
        for (int i = off; i < off + n; i++) {
            byte c = b[i];
            switch (state) {
                case BETWEEN -> {
                    if (c != '\r' && c != '\n') {
                        state = State.HEADERS;
                        startedAt = System.nanoTime();
                        messageBytes = 1;
                        contentLength = 0;
                        lineLength = 1;
                        line.setLength(0);
                        line.append((char) (c & 0xFF));
                    }
                }
                case HEADERS -> {
                    messageBytes++;
                    if (c == '\n') {
                        if (lineLength == 0) {
                            bodyLeft = contentLength;
                            state = bodyLeft > 0 ? State.BODY : State.BETWEEN;
                        } else {
                            headerLine();
                        }
                        lineLength = 0;
                        line.setLength(0);
                    } else if (c != '\r') {
                        lineLength++;
                        if (line.length() < HEADER_PREFIX) {
                            line.append((char) (c & 0xFF));
                        }
                    }
                }
                case BODY -> {
                    int take = (int) Math.min(bodyLeft, off + n - i);
                    messageBytes += take;
                    bodyLeft -= take;
                    i += take - 1;
                    if (bodyLeft == 0) {
                        state = State.BETWEEN;
                    }
                }
            }
        }
    }

    /** Takes the body length from a Content-Length header (or its compact form {@code l}, RFC 3261 section 7.3.3). */
    private void headerLine() {
        int colon = line.indexOf(":");
        if (colon <= 0) {
            return;
        }
        String name = line.substring(0, colon).trim();
        if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("l")) {
            return;
        }
        String value = line.substring(colon + 1).trim();
        try {
            contentLength = Math.max(0, Long.parseLong(value));
        } catch (NumberFormatException unreadable) {
            // the stack refuses the message; until then the deadline still runs on its headers
            contentLength = 0;
        }
    }
}
