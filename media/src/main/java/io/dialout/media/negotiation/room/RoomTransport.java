package io.dialout.media.negotiation.room;

import io.dialout.media.sdp.Fingerprint;
import io.dialout.media.sdp.MediaDescription;
import io.dialout.media.sdp.Sdp;
import io.dialout.media.sdp.SdpException;
import io.dialout.media.sdp.SessionDescription;
import java.util.List;
import java.util.Locale;

/**
 * The ICE and DTLS parameters a WebRTC offer gives for one m-line, checked against what the gateway requires
 * (JSEP, RFC 8829 section 5.8; ICE RFC 8839; DTLS-SRTP RFC 5763/8842). Messages name the m-line.
 */
record RoomTransport(String ufrag, String pwd, Fingerprint fingerprint, String setup) {

    static final String PROTO = "UDP/TLS/RTP/SAVPF";

    static String label(SessionDescription offer, MediaDescription m) {
        return "m-line " + (offer.media().indexOf(m) + 1) + " (" + Sdp.clip(m.type()) + ")";
    }

    static RoomTransport check(SessionDescription offer, MediaDescription m) throws SdpException {
        String where = label(offer, m);
        if (!m.proto().equals(PROTO)) {
            throw new SdpException(where + ": proto is " + Sdp.clip(m.proto()) + ", expected " + PROTO);
        }
        String ufrag = offer.iceUfrag(m);
        String pwd = offer.icePwd(m);
        if (ufrag == null || ufrag.isBlank()) {
            throw new SdpException(where + ": no a=ice-ufrag at session or media level");
        }
        if (pwd == null || pwd.isBlank()) {
            throw new SdpException(where + ": no a=ice-pwd at session or media level");
        }
        List<Fingerprint> fps = offer.fingerprints(m);
        if (fps.isEmpty()) {
            throw new SdpException(where + ": no a=fingerprint at session or media level");
        }
        Fingerprint sha256 = null;
        for (Fingerprint f : fps) {
            if (f.algorithm().equals("sha-256")) {
                sha256 = f;
                break;
            }
        }
        if (sha256 == null) {
            throw new SdpException(where + ": no sha-256 a=fingerprint (offered: "
                    + Sdp.clip(fps.get(0).algorithm()) + ")");
        }
        if (sha256.value().length() != 32 * 3 - 1) {
            throw new SdpException(where + ": the sha-256 fingerprint is not 32 bytes long");
        }
        String setup = offer.setup(m);
        if (setup == null) {
            throw new SdpException(where + ": no a=setup at session or media level");
        }
        setup = setup.trim().toLowerCase(Locale.ROOT);
        if (!setup.equals("actpass") && !setup.equals("active") && !setup.equals("passive")) {
            throw new SdpException(where + ": a=setup:" + Sdp.clip(setup) + " is not actpass, active or passive");
        }
        if (!m.rtcpMux()) {
            throw new SdpException(where + ": no a=rtcp-mux (the gateway requires RTP/RTCP multiplexing)");
        }
        return new RoomTransport(ufrag.trim(), pwd.trim(), sha256, setup);
    }

    /**
     * The transport of a re-offer in a running call: our DTLS role stays ({@code server}: passive), RFC 8842 section
     * 5.5. An actpass offer lets us keep it; an offer that demands the other role would need a new DTLS association.
     */
    RoomTransport keeping(boolean server) throws SdpException {
        if (setup.equals("actpass") || answerPassive() == server) {
            return new RoomTransport(ufrag, pwd, fingerprint, server ? "active" : "passive");
        }
        throw new SdpException("a=setup:" + setup + " would change the DTLS role of the running call");
    }

    /**
     * RFC 8842 section 5.3 (via RFC 5763 section 5): an actpass or active offerer gets a passive answerer, which
     * is then the DTLS server; a passive offerer gets an active answerer (DTLS client).
     */
    boolean answerPassive() {
        return !setup.equals("passive");
    }
}
