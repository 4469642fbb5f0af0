/**
 * The RTP leg toward SIP: RTP/RTCP port pairs from the configured range, symmetric RTP with latching
 * (RFC 4961: we send from the port we receive on). Its optional SDES-SRTP (RFC 4568) is in {@link
 * io.dialout.media.srtp}, shared with the room leg.
 */
package io.dialout.media.sipleg;
