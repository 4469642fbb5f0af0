// Feeds a real Chromium offer to the gateway's RoomNegotiator and applies the answer in Chromium.
const http = require('http'); const fs = require('fs'); const os = require('os'); const path = require('path');
const { execFileSync } = require('child_process');
const { chromium } = require('playwright-core');
(async () => {
  const server = http.createServer((q, r) => { r.writeHead(200, {'content-type': 'text/html'}); r.end('<!doctype html>'); });
  await new Promise(r => server.listen(0, '127.0.0.1', r));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chr-'));
  const ctx = await chromium.launchPersistentContext(dir, { executablePath: '/usr/bin/chromium', headless: true,
    args: ['--headless','--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking',
      '--disable-component-update','--disable-sync','--use-fake-device-for-media-stream','--use-fake-ui-for-media-stream',
      '--disable-features=WebRtcHideLocalIpsWithMdns'] });
  const page = await ctx.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.exposeFunction('answerFor', (offer, mode) => execFileSync('java',
    ['-cp', `/work/wt/sdp/media/target/classes:${__dirname}/tool`, 'AnswerTool', mode], { input: offer }).toString());
  for (const mode of ['default', 'g711']) for (const extra of [false, true]) {
    const res = await page.evaluate(async ([mode, extra]) => {
      const s = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
      const pc = new RTCPeerConnection();
      s.getTracks().forEach(t => pc.addTrack(t, s));
      if (extra) { pc.addTransceiver('audio'); pc.createDataChannel('x'); }
      await pc.setLocalDescription(await pc.createOffer());
      const answer = await window.answerFor(pc.localDescription.sdp, mode);
      try { await pc.setRemoteDescription({ type: 'answer', sdp: answer }); }
      catch (e) { return 'FAILED ' + e.message + '\n' + answer; }
      const codecs = pc.getTransceivers().map(t => t.mid + ':' + t.currentDirection + ':' +
        (t.sender.getParameters().codecs || []).map(c => c.mimeType + '/' + c.payloadType).join(','));
      pc.close(); s.getTracks().forEach(t => t.stop());
      return 'OK ' + codecs.join(' | ');
    }, [mode, extra]);
    console.log(mode, extra, res);
  }
  await ctx.close(); server.close(); fs.rmSync(dir, { recursive: true, force: true });
})().catch(e => { console.error(e); process.exit(1); });
