// Captures real Chromium WebRTC offers (complete ICE gathering) for the SDP fixtures.
const http = require('http');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

async function main() {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>cap</title>');
  });
  await new Promise(r => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chr-'));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
      '--disable-features=WebRtcHideLocalIpsWithMdns'],
  });
  try {
    const page = await ctx.newPage();
    await page.goto(url);
    for (const video of [true, false]) {
      const sdp = await page.evaluate(async (video) => {
        const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video });
        const pc = new RTCPeerConnection();
        for (const t of stream.getTracks()) pc.addTrack(t, stream);
        const offer = await pc.createOffer();
        await pc.setLocalDescription(offer);
        await new Promise(resolve => {
          if (pc.iceGatheringState === 'complete') return resolve();
          pc.addEventListener('icegatheringstatechange', () => {
            if (pc.iceGatheringState === 'complete') resolve();
          });
          setTimeout(resolve, 10000);
        });
        const out = pc.localDescription.sdp;
        pc.close();
        stream.getTracks().forEach(t => t.stop());
        return out;
      }, video);
      const name = video ? 'chromium-offer-audio-video.sdp' : 'chromium-offer-audio.sdp';
      fs.writeFileSync(path.join(process.argv[2] || '.', name), sdp);
      console.log(name, sdp.length);
    }
    console.log(await page.evaluate(() => navigator.userAgent));
  } finally {
    await ctx.close();
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
main().catch(e => { console.error(e); process.exit(1); });
