// One real call through a running gateway, for scripts/verify-image.sh: a headless chromium room (peer.mjs, driven
// over its line protocol) opens the WebSocket API from the page, dials, measures the tone that comes back, then runs
// a command (the container stop) with the call up and waits for the call's `ended`.
//
//   node image-call.mjs --ws ws://127.0.0.1:8080/v1/dialout --to sip:echo@demo --tone 440 --then 'podman stop ...'
//
// Prints one JSON object on stdout: the call's states with their times, the tone measured, what ended the call and
// how long after the command started, and the command's exit code. Exits 0 when the call was answered, a tone was
// measured and `ended` arrived; the caller judges the values.
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const WS = args.ws;
const TO = args.to || 'sip:echo@demo';
const TONE = Number(args.tone || 440);
const THEN = args.then || '';
const ANSWER_MS = Number(args['answer-timeout-ms'] || 30000);
const ENDED_MS = Number(args['ended-timeout-ms'] || 90000);
if (!WS) {
  process.stderr.write('usage: image-call.mjs --ws ws://host:port/v1/dialout [--to URI] [--tone Hz] [--then CMD]\n');
  process.exit(2);
}

const here = path.dirname(fileURLToPath(import.meta.url));
const peer = spawn(process.execPath, [path.join(here, 'peer.mjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
const pending = new Map();
let nextId = 1;
let ready;
const readyP = new Promise((r) => { ready = r; });
readline.createInterface({ input: peer.stdout }).on('line', (line) => {
  const m = JSON.parse(line);
  if (m.id === 0) { m.ok ? ready() : fail(`peer: ${m.error}`); return; }
  const p = pending.get(m.id);
  if (!p) return;
  pending.delete(m.id);
  m.ok ? p.resolve(m.result) : p.reject(new Error(m.error));
});
const cmd = (name, extra = {}) => new Promise((resolve, reject) => {
  const id = nextId++;
  pending.set(id, { resolve, reject });
  peer.stdin.write(JSON.stringify({ id, cmd: name, ...extra }) + '\n');
});
const page = (expression) => cmd('eval', { expression });

const t0 = Date.now();
const log = [];
const out = { to: TO, toneSentHz: TONE, states: log };
function fail(why) {
  out.error = why;
  process.stdout.write(JSON.stringify(out) + '\n');
  peer.kill();
  process.exit(1);
}

// Messages from the gateway, collected in the page; polled here.
async function messages() {
  return page('window.__msgs.splice(0)');
}
async function until(pred, timeoutMs, what) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    for (const m of await messages()) {
      if (m.type === 'state' || m.type === 'error' || m.type === 'closed') {
        log.push({ atMs: Date.now() - t0, ...m, sdp: undefined });
      }
      if (m.type === 'answer') {
        log.push({ atMs: Date.now() - t0, type: 'answer' });
        await cmd('answer', { sdp: m.sdp });
      }
      const r = pred(m);
      if (r) return m;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

try {
  await readyP;
  await cmd('setup', { toneHz: TONE });
  const offer = await cmd('offer');
  await page(`new Promise((resolve, reject) => {
    const ws = new WebSocket(${JSON.stringify(WS)});
    window.__msgs = [];
    window.__ws = ws;
    ws.onmessage = (e) => window.__msgs.push(JSON.parse(e.data));
    ws.onopen = () => resolve(true);
    ws.onerror = () => reject(new Error('WebSocket error'));
    ws.onclose = (e) => window.__msgs.push({ type: 'closed', code: e.code });
  })`);
  const dial = { type: 'dial', callId: 'verify-1', to: TO, offer };
  const dialAt = Date.now();
  await page(`window.__ws.send(${JSON.stringify(JSON.stringify(dial))}), true`);
  const answered = await until(
    (m) => m.type === 'state' && (m.state === 'answered' || m.state === 'ended') || m.type === 'error',
    ANSWER_MS, 'answered');
  if (answered.state !== 'answered') fail(`call not answered: ${JSON.stringify(answered)}`);
  out.answeredAfterDialMs = Date.now() - dialAt;
  await cmd('waitConnected', { timeoutMs: 20000 });
  out.roomConnectedAfterDialMs = Date.now() - dialAt;
  // Let the echo fill the analyser, then average two seconds of what the room hears.
  await new Promise((r) => setTimeout(r, 1000));
  out.tone = await cmd('tone', { durationMs: 2000, loHz: 100, hiHz: 4000 });
  await messages().then((ms) => ms.forEach((m) => log.push({ atMs: Date.now() - t0, ...m })));

  if (THEN) {
    const started = Date.now();
    const child = spawn('/bin/sh', ['-c', THEN], { stdio: ['ignore', 'ignore', 'inherit'] });
    const exited = new Promise((r) => child.on('exit', (code) => r({ code, afterMs: Date.now() - started })));
    const ended = await until((m) => m.type === 'state' && m.state === 'ended', ENDED_MS, 'ended');
    out.ended = { cause: ended.cause, by: ended.by, reason: ended.reason, sipStatus: ended.sipStatus,
      durationSec: ended.durationSec, afterCommandMs: Date.now() - started };
    out.command = await exited;
  }
  await cmd('close');
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(0);
} catch (e) {
  fail(String(e && e.message || e));
}
