/**
 * {@link io.dialout.media.engine.DefaultMediaEngine}, the {@link io.dialout.media.MediaEngine} of the gateway, and
 * its per-call {@link io.dialout.media.CallMedia}.
 * <h2>Threads and ownership</h2>
 * <ul>
 * <li>The gateway's per-call executor calls the {@code CallMedia} methods: SDP work (room answer, SIP offer and
 * answers, re-offers) happens there, and the result is handed to the call's I/O thread as a task.</li>
 * <li>A fixed set of {@link io.dialout.media.engine.IoLoop} threads ({@code MediaConfig.ioThreads}); a call is given
 * to the loop with the fewest calls and stays on it. The loop owns everything of the call's media: the SIP sockets
 * (one selector per loop), both direction pipelines, RTCP, transcoders, DTMF, the media timeout, the 20 ms tick.</li>
 * <li>The room port's reader thread decrypts room packets and copies them into the call's lock-free ring; the loop
 * drains it. Relaying on the reader thread would have saved one copy, but the SIP-bound stream also has state the
 * tick writes (transcoded frames, DTMF we originate, sequence numbers, SDES-SRTP context) and the room endpoint
 * wants all sends from one thread; with the hand-off every piece of per-call state has exactly one owner.</li>
 * <li>{@link io.dialout.media.MediaListener} is called from the reader thread (room connected or failed) and from
 * the loop (DTMF, media timeout); the gateway posts those to its executor and returns at once.</li>
 * </ul>
 * <h2>Codecs</h2>
 * The room's codec is fixed in its answer (docs/design.md, "Codecs"); when the callee's answer picks the same codec (name and clock)
 * audio passes through with SSRC/PT/sequence/timestamp rewritten, otherwise an AudioTranscoder per direction runs on
 * the tick. Video always passes through, on its own SIP port pair.
 */
package io.dialout.media.engine;
