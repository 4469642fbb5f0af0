// A WebRTC room played by headless Debian chromium, driven by the Java testkit (io.dialout.testkit.ChromiumPeer).
// Protocol: one JSON object per line on stdin, {"id": n, "cmd": "...", ...}; one JSON object per line on stdout,
// {"id": n, "ok": true, "result": ...} or {"id": n, "ok": false, "error": "..."}. Diagnostics go to stderr.
import http from 'node:http';
import readline from 'node:readline';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
  '--disable-features=WebRtcHideLocalIpsWithMdns', '--autoplay-policy=no-user-gesture-required',
];

const BLANK = '<!doctype html><meta charset="utf-8"><title>testkit room</title><body>room</body>';

// Everything below runs inside the page.
const PAGE_LIB = () => {
  const S = (window.__room = { pc: null, ctx: null, remote: null, analyser: null, oscillator: null });

  S.setup = async ({ toneHz, video, audio }) => {
    S.ctx = new AudioContext({ sampleRate: 48000 });
    await S.ctx.resume();
    S.pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
    S.pc.ontrack = (e) => {
      if (e.track.kind !== 'audio') return;
      S.remote = e.streams[0] || new MediaStream([e.track]);
      // Chrome only feeds a remote WebRTC stream into WebAudio while a media element plays it.
      const el = new Audio();
      el.muted = true;
      el.srcObject = S.remote;
      el.play().catch(() => {});
      const src = S.ctx.createMediaStreamSource(S.remote);
      S.analyser = S.ctx.createAnalyser();
      S.analyser.fftSize = 8192;
      S.analyser.smoothingTimeConstant = 0;
      src.connect(S.analyser);
    };
    const stream = new MediaStream();
    if (audio !== false) {
      if (toneHz > 0) {
        S.oscillator = S.ctx.createOscillator();
        S.oscillator.frequency.value = toneHz;
        const gain = S.ctx.createGain();
        gain.gain.value = 0.5;
        const dest = S.ctx.createMediaStreamDestination();
        S.oscillator.connect(gain).connect(dest);
        S.oscillator.start();
        dest.stream.getAudioTracks().forEach((t) => stream.addTrack(t));
      } else {
        const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
        mic.getAudioTracks().forEach((t) => stream.addTrack(t));
      }
    }
    if (video) {
      const cam = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 360, frameRate: 30 } });
      cam.getVideoTracks().forEach((t) => stream.addTrack(t));
    }
    stream.getTracks().forEach((t) => S.pc.addTrack(t, stream));
    return true;
  };

  S.createOffer = async () => {
    const offer = await S.pc.createOffer();
    await S.pc.setLocalDescription(offer);
    await new Promise((resolve) => {
      if (S.pc.iceGatheringState === 'complete') return resolve();
      const t = setTimeout(resolve, 5000);
      S.pc.addEventListener('icegatheringstatechange', () => {
        if (S.pc.iceGatheringState === 'complete') { clearTimeout(t); resolve(); }
      });
    });
    return S.pc.localDescription.sdp;
  };

  S.setAnswer = async (sdp) => { await S.pc.setRemoteDescription({ type: 'answer', sdp }); return true; };

  S.addCandidate = async (c) => { await S.pc.addIceCandidate(c); return true; };

  S.states = () => ({
    connection: S.pc.connectionState, ice: S.pc.iceConnectionState, signaling: S.pc.signalingState,
  });

  S.stats = async () => {
    const out = [];
    (await S.pc.getStats()).forEach((r) => out.push(r));
    return out;
  };

  // Averages the power spectrum of what the room hears over durationMs; returns the peak in [loHz, hiHz].
  S.measureTone = async ({ durationMs, loHz, hiHz }) => {
    if (!S.analyser) return { frequency: 0, levelDb: -200, frames: 0 };
    const bins = S.analyser.frequencyBinCount;
    const db = new Float32Array(bins);
    const power = new Float64Array(bins);
    const time = new Float32Array(S.analyser.fftSize);
    let frames = 0, rmsSum = 0;
    const end = performance.now() + durationMs;
    while (performance.now() < end) {
      await new Promise((r) => setTimeout(r, 50));
      S.analyser.getFloatFrequencyData(db);
      for (let i = 0; i < bins; i++) power[i] += Math.pow(10, db[i] / 10);
      S.analyser.getFloatTimeDomainData(time);
      let s = 0;
      for (let i = 0; i < time.length; i++) s += time[i] * time[i];
      rmsSum += Math.sqrt(s / time.length);
      frames++;
    }
    const hz = S.ctx.sampleRate / S.analyser.fftSize;
    const lo = Math.max(1, Math.floor(loHz / hz)), hi = Math.min(bins - 2, Math.ceil(hiHz / hz));
    let best = lo;
    for (let i = lo; i <= hi; i++) if (power[i] > power[best]) best = i;
    // Parabolic interpolation over the log power of the peak and its neighbours.
    const a = Math.log(power[best - 1] + 1e-30), b = Math.log(power[best] + 1e-30), c = Math.log(power[best + 1] + 1e-30);
    const shift = (a - 2 * b + c) !== 0 ? 0.5 * (a - c) / (a - 2 * b + c) : 0;
    const rms = frames ? rmsSum / frames : 0;
    return {
      frequency: (best + shift) * hz,
      peakDb: 10 * Math.log10(power[best] / Math.max(frames, 1) + 1e-30),
      levelDbfs: 20 * Math.log10(rms + 1e-12),
      frames,
    };
  };

  S.sendDtmf = ({ tones, durationMs, gapMs }) => {
    const sender = S.pc.getSenders().find((s) => s.track && s.track.kind === 'audio');
    if (!sender || !sender.dtmf) throw new Error('no audio sender with DTMF');
    sender.dtmf.insertDTMF(tones, durationMs || 100, gapMs || 70);
    return true;
  };

  S.close = () => { if (S.pc) S.pc.close(); if (S.ctx) S.ctx.close(); return true; };
};

async function main() {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(BLANK);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on('console', (m) => process.stderr.write(`[page] ${m.text()}\n`));
  await page.goto(url);
  await page.evaluate(`(${PAGE_LIB.toString()})()`);

  const call = (fn, arg) => page.evaluate(([f, a]) => window.__room[f](a), [fn, arg]);
  const waitFor = async (pred, timeoutMs) => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const st = await call('states');
      if (pred(st)) return st;
      if (st.connection === 'failed' || st.connection === 'closed') throw new Error(`peer connection ${st.connection}`);
      if (Date.now() > end) throw new Error(`timed out; states ${JSON.stringify(st)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const handlers = {
    setup: (m) => call('setup', { toneHz: m.toneHz || 0, video: !!m.video, audio: m.audio !== false }),
    offer: () => call('createOffer'),
    answer: (m) => call('setAnswer', m.sdp),
    candidate: (m) => call('addCandidate', m.candidate),
    states: () => call('states'),
    waitConnected: (m) => waitFor((s) => s.connection === 'connected', m.timeoutMs || 20000),
    stats: () => call('stats'),
    tone: (m) => call('measureTone', { durationMs: m.durationMs || 1000, loHz: m.loHz || 100, hiHz: m.hiHz || 4000 }),
    dtmf: (m) => call('sendDtmf', { tones: m.tones, durationMs: m.durationMs, gapMs: m.gapMs }),
    eval: (m) => page.evaluate(m.expression),
    // Page mode: drive a real web page (the gateway's room page) instead of the built-in room.
    goto: async (m) => { await page.goto(m.url); return page.url(); },
    click: async (m) => { await page.click(m.selector, { timeout: m.timeoutMs || 10000 }); return true; },
    fill: async (m) => { await page.fill(m.selector, m.value, { timeout: m.timeoutMs || 10000 }); return true; },
    text: async (m) => page.textContent(m.selector, { timeout: m.timeoutMs || 10000 }),
    waitForText: async (m) => {
      await page.waitForFunction(([sel, want]) => {
        const el = document.querySelector(sel);
        return !!el && el.textContent.includes(want);
      }, [m.selector, m.text], { timeout: m.timeoutMs || 20000, polling: 100 });
      return page.textContent(m.selector);
    },
    count: async (m) => page.locator(m.selector).count(),
    screenshot: async (m) => { await page.screenshot({ path: m.path, fullPage: !!m.fullPage }); return m.path; },
    close: async () => { await call('close').catch(() => {}); return true; },
  };

  const send = (o) => process.stdout.write(JSON.stringify(o) + '\n');
  send({ id: 0, ok: true, result: 'ready' });
  const rl = readline.createInterface({ input: process.stdin });
  let queue = Promise.resolve();
  const shutdown = async () => {
    await browser.close().catch(() => {});
    server.close();
    process.exit(0);
  };
  rl.on('line', (line) => {
    queue = queue.then(async () => {
      let msg;
      try { msg = JSON.parse(line); } catch (e) { send({ id: -1, ok: false, error: 'bad json' }); return; }
      const h = handlers[msg.cmd];
      if (!h) { send({ id: msg.id, ok: false, error: `unknown cmd ${msg.cmd}` }); return; }
      try {
        send({ id: msg.id, ok: true, result: await h(msg) });
      } catch (e) {
        send({ id: msg.id, ok: false, error: String(e && e.message || e) });
      }
      if (msg.cmd === 'close') await shutdown();
    });
  });
  rl.on('close', shutdown);
}

main().catch((e) => {
  process.stderr.write(`peer failed: ${e && e.stack || e}\n`);
  process.stdout.write(JSON.stringify({ id: 0, ok: false, error: String(e && e.message || e) }) + '\n');
  process.exit(1);
});
