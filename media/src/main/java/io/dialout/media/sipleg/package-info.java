/**
 * The RTP leg toward SIP: RTP/RTCP port pairs from the configured range, symmetric RTP with latching
 * (RFC 4961: we send from the port we receive on), and the optional SDES-SRTP transform (RFC 4568).
 */
package io.dialout.media.sipleg;
