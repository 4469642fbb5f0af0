// The typed client against a real gateway: GATEWAY_URL (http://host:port of a gateway running the demo endpoint,
// gateway.demo.enabled=true) and OFFER_FILE (a browser's SDP offer) come from the caller (gateway's
// TypeScriptClientTest starts the gateway and runs these; by hand: scripts/run.sh, then npm test with both set).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const client = await import(process.env.DIALOUT_CLIENT ?? '../../../web/client/index.js');
const { DialoutClient, dialoutUrl, listCalls, deleteCall, isEnded, parseServerMessage } = client;

const base = process.env.GATEWAY_URL;
const offer = process.env.OFFER_FILE ? readFileSync(process.env.OFFER_FILE, 'utf8') : undefined;
const skip = !base || !offer ? 'GATEWAY_URL and OFFER_FILE are not set' : false;
const open = [];

async function connect() {
  const c = await DialoutClient.connect(dialoutUrl(base));
  open.push(c);
  return c;
}

/** Dials and records every message of the call until it ends; resolves with them. */
function call(c, callId, to, extra = {}) {
  const seen = [];
  let answered;
  const answeredP = new Promise((r) => { answered = r; });
  const ended = new Promise((resolve) => {
    c.dial({ callId, to, offer, ...extra }, {
      answer: (m) => seen.push(m),
      state: (m) => { seen.push(m); if (m.state === 'answered') answered(m); },
      error: (m) => seen.push(m),
      ended: (m) => resolve(m),
    });
  });
  return { seen, answered: answeredP, ended };
}

const summary = (seen) => seen.map((m) => (m.type === 'state' ? `state:${m.state}` : m.type));

after(() => { for (const c of open) if (c.open) c.close(); });

test('a busy callee: answer, trying, then ended with busy 486', { skip }, async () => {
  const c = await connect();
  const k = call(c, 'ts-busy', 'sip:busy@demo');
  const ended = await k.ended;
  assert.deepEqual(summary(k.seen), ['answer', 'state:trying', 'state:ended']);
  assert.equal(k.seen[0].callId, 'ts-busy');
  assert.match(k.seen[0].sdp, /^v=0\r\n/);
  assert.equal(ended.cause, 'busy');
  assert.equal(ended.sipStatus, 486);
  assert.equal(ended.by, 'remote');
  assert.equal(ended.durationSec, 0);
  assert.ok(isEnded(ended));
});

test('an answered call is listed by GET /v1/calls and DELETE ends it as local-hangup', { skip }, async () => {
  const c = await connect();
  const k = call(c, 'ts-echo', 'sip:echo@demo', { from: { displayName: 'Node test' } });
  const answered = await k.answered;
  assert.equal(answered.sipStatus, 200);
  const listed = (await listCalls(base)).find((v) => v.callId === 'ts-echo');
  assert.ok(listed, 'the call is listed');
  assert.equal(listed.to, 'sip:echo@demo');
  assert.equal(listed.state, 'answered');
  assert.equal(typeof listed.room.packetsReceived, 'number');
  assert.equal(await deleteCall(listed.id, base), true);
  const ended = await k.ended;
  assert.equal(ended.cause, 'local-hangup');
  assert.equal(ended.by, 'local');
  assert.equal(await deleteCall(listed.id, base), false);
});

test('hold and resume of an answered call, then hangup', { skip }, async () => {
  const c = await connect();
  const k = call(c, 'ts-hold', 'sip:echo@demo');
  await k.answered;
  c.hold('ts-hold');
  const held = await c.next((m) => m.type === 'state' && m.callId === 'ts-hold' && m.state === 'held');
  assert.equal(held.by, 'local');
  c.resume('ts-hold');
  await c.next((m) => m.type === 'state' && m.callId === 'ts-hold' && m.state === 'resumed');
  c.dtmf('ts-hold', '12', 80);
  c.hangup('ts-hold');
  assert.equal((await k.ended).cause, 'local-hangup');
});

test('refused messages come back as typed errors and the connection stays up', { skip }, async () => {
  const c = await connect();
  c.hangup('no-such-call');
  const unknown = await c.next((m) => m.type === 'error');
  assert.equal(unknown.code, 'unknown-call');
  assert.equal(unknown.callId, 'no-such-call');
  c.send({ type: 'dial', callId: 'ts-bad', to: 'sip:echo@demo' }); // no offer
  const bad = await c.next((m) => m.type === 'error' && m.callId === 'ts-bad');
  assert.equal(bad.code, 'bad-request');
  assert.ok(c.open);
});

test('closing the connection ends its calls: the handlers hear ended(null), the gateway hangs up', { skip }, async () => {
  const c = await connect();
  const k = call(c, 'ts-close', 'sip:echo@demo');
  const answered = await k.answered;
  assert.equal(answered.state, 'answered');
  const closed = new Promise((r) => c.onClose(r));
  c.close();
  assert.equal(await k.ended, null);
  assert.equal(await closed, 1000);
  // controller-gone: the gateway ends the call within 2 s (API.md)
  const deadline = Date.now() + 5000;
  while ((await listCalls(base)).some((v) => v.callId === 'ts-close')) {
    assert.ok(Date.now() < deadline, 'the call is gone within 5 s');
    await new Promise((r) => setTimeout(r, 50));
  }
});

test('frames are parsed strictly: a JSON object with a type; unknown types are kept, not thrown', () => {
  assert.throws(() => parseServerMessage('[1]'), TypeError);
  assert.throws(() => parseServerMessage('{"callId":"x"}'), TypeError);
  assert.throws(() => parseServerMessage('nope'), SyntaxError);
  const future = parseServerMessage('{"type":"stats","callId":"c1","mos":4.2}');
  assert.equal(future.type, 'stats');
  assert.equal(future.mos, 4.2);
});

test('the WebSocket URL follows the page: http -> ws, https -> wss, the token as access_token', () => {
  assert.equal(dialoutUrl('http://gw:8080/'), 'ws://gw:8080/v1/dialout');
  assert.equal(dialoutUrl('https://gw.example/room?x=1'), 'wss://gw.example/v1/dialout');
  assert.equal(dialoutUrl('https://gw.example', 'a.b.c'), 'wss://gw.example/v1/dialout?access_token=a.b.c');
});
