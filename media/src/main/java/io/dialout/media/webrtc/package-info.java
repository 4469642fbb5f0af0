/**
 * The WebRTC transport toward rooms: one UDP port for every call ({@link io.dialout.media.webrtc.RoomPort}), one
 * {@link io.dialout.media.webrtc.RoomEndpoint} per call.
 * <pre>
 * datagram ─▶ RoomPort reader (RFC 7983 first byte)
 *   0-3     STUN  ─▶ endpoint by the local ufrag in USERNAME ─▶ IceLite: 400/401/487 or success
 *                    (XOR-MAPPED-ADDRESS,
 *                    MESSAGE-INTEGRITY, FINGERPRINT); a valid check latches its source address, USE-CANDIDATE
 *                    nominates it (and starts our DTLS client when the room said setup:passive)
 *   20-63   DTLS  ─▶ endpoint by latched source ─▶ DtlsSession queue ─▶ BouncyCastle on the handshake pool
 *                    ─▶ use_srtp + "EXTRACTOR-dtls_srtp" keys ─▶ SrtpSession
 *   128-191 SRTP/SRTCP (PT 192-223 = RTCP, RFC 5761) ─▶ endpoint by latched source ─▶ unprotect in place
 *                    ─▶ Handler.rtp / rtcp on the reader thread
 * </pre>
 * Design choices and why:
 * <ul>
 *   <li>ICE-lite (RFC 8445 section 2.5): the gateway has a public address, so it never sends checks; the browser
 *       (full, controlling) nominates. Consent (RFC 7675) is the browser's periodic checks on the selected pair.</li>
 *   <li>Demultiplexing by ufrag for STUN and by a source address proven by a valid check for everything else: an
 *       attacker cannot inject DTLS or SRTP for a call without the ICE password.</li>
 *   <li>Readers: blocking receives on N sockets sharing the port with SO_REUSEPORT, a thread each; Linux keeps a
 *       4-tuple on one socket. Measured in docs/benchmarks.md ("Room port readers").</li>
 *   <li>DTLS handshakes block a thread in BouncyCastle, so they run on a small shared pool; the server handshake
 *       starts on the first ClientHello, the client one on nomination. Server suites are ECDHE_ECDSA only with the
 *       ECDSA P-256 identity; the peer certificate must match the SDP fingerprint (RFC 8122).</li>
 *   <li>SRTP profile preference AEAD_AES_128_GCM, then AES_CM_128_HMAC_SHA1_80 (measured: GCM protects in about
 *       half the time); SRTP is jitsi-srtp with per-SSRC contexts made on first use, in {@link io.dialout.media.srtp}
 *       (shared with the SIP leg); only the DTLS key export stays here ({@code dtls.DtlsSrtpKeys}).</li>
 *   <li>Allocation: readers reuse one byte array and one STUN view; the JDK caches the sender address; only
 *       jitsi-srtp allocates per packet (its IV spec and MAC output, about 140 bytes).</li>
 * </ul>
 * Known limit: a socket bound to a wildcard address answers from the address the kernel routes by; on a multi-homed
 * host bind the room port to the advertised address (Java has no IP_PKTINFO to answer from the destination).
 */
package io.dialout.media.webrtc;
