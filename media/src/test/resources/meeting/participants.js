// Simulated meeting participants inside the testkit room page (window.__room, set up with no tracks of its own):
// each an OscillatorNode tone through a gain and a canvas of one colour, captured as its own MediaStream, so the
// offer has one audio and one video m-line per participant with its a=msid. Evaluated once by MeetingWithChromiumTest.
(() => {
  const S = window.__room;
  const M = (window.__meet = { parts: [], video: null });

  // The gateway's video (the SIP side's echo of the participant shown) decoded into a <video>, sampled by colour().
  S.pc.addEventListener('track', (e) => {
    if (e.track.kind !== 'video') return;
    const v = document.createElement('video');
    v.muted = true;
    v.playsInline = true;
    v.srcObject = new MediaStream([e.track]);
    document.body.append(v);
    v.play().catch(() => {});
    M.video = v;
  });

  M.add = (hz, colour, gain) => {
    const osc = S.ctx.createOscillator();
    osc.frequency.value = hz;
    const g = S.ctx.createGain();
    g.gain.value = gain;
    const dest = S.ctx.createMediaStreamDestination();
    osc.connect(g).connect(dest);
    osc.start();
    const canvas = Object.assign(document.createElement('canvas'), { width: 320, height: 180 });
    const c2 = canvas.getContext('2d');
    let f = 0;
    const draw = () => {
      c2.fillStyle = colour;
      c2.fillRect(0, 0, canvas.width, canvas.height);
      c2.fillStyle = '#808080'; // a moving mark in a corner keeps the encoder sending frames
      c2.fillRect((f++ * 4) % canvas.width, canvas.height - 6, 6, 6);
    };
    draw();
    const timer = setInterval(draw, 1000 / 15);
    const stream = new MediaStream([dest.stream.getAudioTracks()[0], canvas.captureStream(15).getVideoTracks()[0]]);
    const senders = stream.getTracks().map((t) => S.pc.addTrack(t, stream));
    M.parts.push({ hz, colour, gain: g, stream, senders, osc, timer });
    return stream.id;
  };

  M.level = (i, v) => { M.parts[i].gain.gain.setValueAtTime(v, S.ctx.currentTime); return true; };

  M.loudest = (i, loud, quiet) => { M.parts.forEach((p, k) => M.level(k, k === i ? loud : quiet)); return true; };

  // A participant leaves: its senders are removed (their m-lines no longer send in the next offer).
  M.remove = (i) => {
    const p = M.parts[i];
    p.senders.forEach((s) => S.pc.removeTrack(s));
    p.osc.stop();
    clearInterval(p.timer);
    return true;
  };

  M.offer = async () => {
    await S.pc.setLocalDescription(await S.pc.createOffer());
    return S.pc.localDescription.sdp;
  };

  // The level of each frequency in what the room hears (the SIP side's echo), as a sine amplitude in dBFS: a
  // Hann-windowed DFT at each frequency over 16384 samples, read every 200 ms for durationMs; the second-highest
  // read (90th percentile of about 15): the level of the tone as delivered, which reads spoiled by frames the
  // gateway's starved I/O thread did not produce on a machine at load 30+ (gaps, concealment) do not pull down.
  M.tones = async ({ freqs, durationMs }) => {
    const a = S.analyser;
    if (!a) return freqs.map(() => -200);
    a.fftSize = 16384;
    const n = a.fftSize;
    const buf = new Float32Array(n);
    const w = new Float32Array(n);
    let wsum = 0;
    for (let i = 0; i < n; i++) { w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1)); wsum += w[i]; }
    const reads = freqs.map(() => []);
    const end = performance.now() + durationMs;
    while (performance.now() < end) {
      await new Promise((r) => setTimeout(r, 200));
      a.getFloatTimeDomainData(buf);
      freqs.forEach((f, k) => {
        const step = (2 * Math.PI * f) / S.ctx.sampleRate;
        let re = 0, im = 0;
        for (let i = 0; i < n; i++) { const x = buf[i] * w[i]; re += x * Math.cos(step * i); im -= x * Math.sin(step * i); }
        reads[k].push((2 * Math.sqrt(re * re + im * im)) / wsum);
      });
    }
    return reads.map((r) => {
      if (r.length === 0) return -200;
      const sorted = r.slice().sort((x, y) => x - y);
      return 20 * Math.log10(sorted[Math.max(0, Math.ceil(sorted.length * 0.9) - 1)] + 1e-12);
    });
  };

  // The colour at the centre of the decoded video: [r, g, b], or null before a frame.
  M.colour = () => {
    const v = M.video;
    if (!v || v.videoWidth === 0) return null;
    const c = Object.assign(document.createElement('canvas'), { width: 16, height: 16 });
    const g = c.getContext('2d');
    g.drawImage(v, v.videoWidth / 2 - 8, v.videoHeight / 2 - 8, 16, 16, 0, 0, 16, 16);
    return Array.from(g.getImageData(8, 8, 1, 1).data.slice(0, 3));
  };
  return true;
})()
