// Captures a werift offer (audio+video), answers it with the gateway's RoomNegotiator and applies the answer.
const { RTCPeerConnection, RTCRtpCodecParameters } = require('werift');
const { execFileSync } = require('child_process');
(async () => {
  const pc = new RTCPeerConnection({
    codecs: {
      audio: [new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2 }),
              new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, payloadType: 0 })],
      video: [new RTCRtpCodecParameters({ mimeType: 'video/VP8', clockRate: 90000,
        rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'goog-remb' }] })],
    },
  });
  pc.addTransceiver('audio', { direction: 'sendrecv' });
  pc.addTransceiver('video', { direction: 'sendrecv' });
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise(r => { if (pc.iceGatheringState === 'complete') r(); pc.iceGatheringStateChange.subscribe(s => s === 'complete' && r()); setTimeout(r, 5000); });
  const offer = pc.localDescription.sdp;
  require('fs').writeFileSync(process.argv[2], offer);
  const answer = execFileSync('java', ['-cp', `/work/wt/sdp/media/target/classes:${__dirname}/tool`, 'AnswerTool', 'default'], { input: offer }).toString();
  await pc.setRemoteDescription({ type: 'answer', sdp: answer });
  console.log('answer applied; transceivers:', pc.getTransceivers().map(t => t.mid + ':' + t.currentDirection + ':' + (t.codecs || []).map(c => c.mimeType + '/' + c.payloadType).join(',')).join(' | '));
  await pc.close();
  process.exit(0);
})().catch(e => { console.error(e); process.exit(1); });
