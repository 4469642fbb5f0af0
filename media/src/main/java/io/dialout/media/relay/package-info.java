/**
 * The per-call relay between the room leg and the SIP leg: per direction a short chain of small stages
 * (demux by payload type, receive statistics, header rewrite or transcode, DTMF events), each with its own
 * counters, in the style of jitsi-media-transform. A {@link io.dialout.media.relay.CallRelay} and everything it
 * holds is owned by one I/O thread; other threads only read counters and hand packets in through a
 * {@link io.dialout.media.relay.PacketRing}.
 */
package io.dialout.media.relay;
