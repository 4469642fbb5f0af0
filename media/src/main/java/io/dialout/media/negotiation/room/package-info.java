/**
 * The room leg's negotiation: {@link io.dialout.media.negotiation.room.RoomNegotiator} answers the room's WebRTC offer
 * (JSEP) and returns a {@link io.dialout.media.negotiation.room.RoomNegotiation}; {@link
 * io.dialout.media.negotiation.room.CodecPolicy} is what the route allows. The room's codec is fixed here, before the
 * callee has chosen one (docs/design.md, "Codecs").
 * <p>
 * Choices in the room answer, and why:
 * <ul>
 * <li>ICE-lite ({@code a=ice-lite}, session level, RFC 8839 section 5.3), with our ice-ufrag, ice-pwd and sha-256
 * fingerprint at session level too, so they apply to every accepted m-line whatever the browser's bundle policy;
 * a=setup per m-line.</li>
 * <li>Host candidates and {@code a=end-of-candidates} only in the first accepted m-line, the answerer-tagged one of
 * the BUNDLE group (RFC 8843 section 7.3.1): the gateway has one transport per room.</li>
 * <li>The first audio and the first video m-line in the audio's BUNDLE group are taken; every other m-line (more
 * audio or video, data channels) is rejected with port 0 and left out of the group (RFC 8843 section 7.3.3).</li>
 * <li>No header extensions, no rtx/red/ulpfec, no transport-cc: the relay does not implement them.</li>
 * </ul>
 * Everything here is plain data and single-threaded: build and read on the call's executor.
 */
package io.dialout.media.negotiation.room;
