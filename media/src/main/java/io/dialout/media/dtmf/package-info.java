/**
 * RFC 4733 telephone-events for DTMF: {@link io.dialout.media.dtmf.DtmfEvent} (the 4-byte payload),
 * {@link io.dialout.media.dtmf.DtmfSender} (the packet sequence of queued digits, one packet per 20 ms tick at most)
 * and {@link io.dialout.media.dtmf.DtmfReceiver} (each received event reported once, keyed by its RTP timestamp).
 * RTP headers, sequence numbers and SSRCs are the media engine's; these classes deal in payloads, markers and
 * timestamps only. Single-threaded: use from the call's I/O thread.
 */
package io.dialout.media.dtmf;
