/**
 * The SIP leg's negotiation (RFC 3264 offer/answer): {@link io.dialout.media.negotiation.sip.SipSdpSession} holds the
 * leg's offer, answers, re-offers and far-end re-offers with the {@code o=} version tracked, built from its parts
 * {@link io.dialout.media.negotiation.sip.SipOfferBuilder} (our offer: the room's codec first, then what the gateway
 * can transcode to), {@link io.dialout.media.negotiation.sip.SipAnswer} (the callee's answer, read) and {@link
 * io.dialout.media.negotiation.sip.SipReofferAnswerer} (our answer to a far-end re-INVITE).
 * <p>
 * Everything here is plain data and single-threaded: build and read on the call's executor.
 */
package io.dialout.media.negotiation.sip;
