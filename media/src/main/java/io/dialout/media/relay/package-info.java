/**
 * The per-call relay between the room leg and the SIP leg. Per direction a {@link
 * io.dialout.media.relay.DirectionPipeline} assembles small stages, one file each, on one contract ({@link
 * io.dialout.media.relay.Stage}: transformer, observer, demuxer, source; the base class counts each stage's packets
 * in and dropped), in the style of jitsi-media-transform. A {@link io.dialout.media.relay.CallRelay} and everything it
 * holds is owned by one I/O thread; other threads only read counters and hand packets in through a {@link
 * io.dialout.media.relay.PacketRing}.
 */
package io.dialout.media.relay;
