package io.dialout.demo.media;

import io.dialout.media.Direction;

/** One accepted m-line's media: its sockets, what it does with received packets and what it sends. */
interface MediaStream extends AutoCloseable {
    /** The answer's direction: the stream sends only when it {@link Direction#sends()} (hold, RFC 3264 8.4). */
    void setDirection(Direction d);

    PortPair ports();

    long packetsReceived();

    long packetsSent();

    /** Stops sending and unregisters the sockets without closing them (the session owns the ports). */
    @Override
    void close();
}
