package io.dialout.media.negotiation.room;

import io.dialout.media.Direction;
import io.dialout.media.sdp.Candidate;
import io.dialout.media.sdp.CodecSpec;
import java.util.List;

/**
 * The outcome of answering a room's WebRTC offer: the answer and everything the media engine needs to run the
 * room leg. Codecs carry the room's payload type numbers.
 *
 * @param answerSdp                  the answer text (CRLF)
 * @param audio                      the audio codec toward the room
 * @param roomTelephoneEventPt       the room's telephone-event PT at the audio clock rate, -1 when not offered
 * @param audioDirection             the direction we answered for audio (our point of view)
 * @param video                      the video codec toward the room, null when video is rejected or absent
 * @param videoRtcpFeedback          the rtcp-fb values kept for the video codec ("nack", "nack pli", "ccm fir",
 *                                   "goog-remb"), empty without video
 * @param videoDirection             the direction we answered for video, null without video
 * @param remoteUfrag                the room's ICE ufrag
 * @param remotePwd                  the room's ICE password
 * @param remoteFingerprintAlgorithm always "sha-256" (the one the gateway requires)
 * @param remoteFingerprint          the room's certificate fingerprint, uppercase colon-separated hex
 * @param dtlsServer                 true when we answered a=setup:passive (we are the DTLS server)
 * @param remoteAudioSsrcs           the room's audio SSRCs from a=ssrc
 * @param remoteVideoSsrcs           the room's video SSRCs from a=ssrc, without rtx/FEC SSRCs
 * @param audioMid                   the audio m-line's mid (null when the offer has none)
 * @param videoMid                   the video m-line's mid, null without video
 * @param rtcpReducedSize            the room offered a=rtcp-rsize and we accepted it (RFC 5506)
 * @param remoteCandidates           the room's UDP candidates for component 1 of the accepted m-lines
 * @param streams                    every source the room sends on the accepted m-lines, in offer order (the main
 *                                   audio and video first of their kind); one audio stream is the classic call
 * @param audioLevelId               the extmap id of the RFC 6464 audio level the room sends in a meeting (echoed
 *                                   in the answer), -1 when none
 */
public record RoomNegotiation(
        String answerSdp,
        CodecSpec audio,
        int roomTelephoneEventPt,
        Direction audioDirection,
        CodecSpec video,
        List<String> videoRtcpFeedback,
        Direction videoDirection,
        String remoteUfrag,
        String remotePwd,
        String remoteFingerprintAlgorithm,
        String remoteFingerprint,
        boolean dtlsServer,
        List<Long> remoteAudioSsrcs,
        List<Long> remoteVideoSsrcs,
        String audioMid,
        String videoMid,
        boolean rtcpReducedSize,
        List<Candidate> remoteCandidates,
        List<RoomStream> streams,
        int audioLevelId) {

    public RoomNegotiation {
        videoRtcpFeedback = List.copyOf(videoRtcpFeedback);
        remoteAudioSsrcs = List.copyOf(remoteAudioSsrcs);
        remoteVideoSsrcs = List.copyOf(remoteVideoSsrcs);
        remoteCandidates = List.copyOf(remoteCandidates);
        streams = List.copyOf(streams);
    }

    /** The room's audio sources; more than one means a meeting, whose audio is mixed toward SIP. */
    public List<RoomStream> audioStreams() {
        return streams.stream().filter(RoomStream::isAudio).toList();
    }

    /** The room's video sources. */
    public List<RoomStream> videoStreams() {
        return streams.stream().filter(s -> !s.isAudio()).toList();
    }

    /** The same negotiation with another answer text (a re-offer's answer keeps the session's {@code o=}). */
    RoomNegotiation withAnswer(String sdp) {
        return new RoomNegotiation(
                sdp,
                audio,
                roomTelephoneEventPt,
                audioDirection,
                video,
                videoRtcpFeedback,
                videoDirection,
                remoteUfrag,
                remotePwd,
                remoteFingerprintAlgorithm,
                remoteFingerprint,
                dtlsServer,
                remoteAudioSsrcs,
                remoteVideoSsrcs,
                audioMid,
                videoMid,
                rtcpReducedSize,
                remoteCandidates,
                streams,
                audioLevelId);
    }

    /** The stream with this SSRC, or null. */
    public RoomStream stream(long ssrc) {
        for (RoomStream s : streams) {
            if (s.ssrc() == ssrc) {
                return s;
            }
        }
        return null;
    }

    /** The video SSRC of the participant that sends {@code audioSsrc} (same stream id), or -1. */
    public long videoOf(long audioSsrc) {
        RoomStream a = stream(audioSsrc);
        if (a == null || a.msid() == null) {
            return -1;
        }
        for (RoomStream s : streams) {
            if (!s.isAudio() && a.msid().equals(s.msid())) {
                return s.ssrc();
            }
        }
        return -1;
    }

    /** More than one audio source: the room's audio is mixed toward SIP instead of passed through. */
    public boolean multiStream() {
        return audioStreams().size() > 1;
    }
}
