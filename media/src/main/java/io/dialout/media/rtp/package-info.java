/**
 * RTP and RTCP packet views over {@code (byte[], offset, length)} (RFC 3550), RTCP feedback (RFC 4585, RFC 5104,
 * REMB), and the per-source receive statistics of RFC 3550 appendix A. Views never copy and never throw on
 * malformed input: {@code wrap} returns false instead.
 */
package io.dialout.media.rtp;
