// The conference room that dials out, and the live calls board. Plain browser JavaScript: no build step.
// Speaks the gateway's contract (shared/API.md): WebSocket /v1/dialout for calls, GET/DELETE /v1/calls for the board.
'use strict';

const $ = (sel, root = document) => root.querySelector(sel);

const room = {
  ws: null,
  wsReady: null,
  local: null,          // MediaStream of the camera and microphone
  calls: new Map(),     // callId -> call
  seq: 0,
};
window.dialout = room; // for tests and curious users: room.calls.get(id).pc.getStats()

// ---- auth token: ?access_token=... in the page address, or typed in the form -------------------------------
const params = new URLSearchParams(location.search);
if (params.get('access_token')) $('#token').value = params.get('access_token');
const token = () => $('#token').value.trim();
const authHeaders = () => (token() ? { Authorization: `Bearer ${token()}` } : {});

// ---- tabs ---------------------------------------------------------------------------------------------------
document.querySelectorAll('.tab').forEach((tab) => tab.addEventListener('click', () => {
  document.querySelectorAll('.tab').forEach((t) => t.classList.toggle('active', t === tab));
  document.querySelectorAll('.view').forEach((v) => v.classList.toggle('hidden', v.id !== `view-${tab.dataset.view}`));
  if (tab.dataset.view === 'board') refreshBoard();
}));
if (location.hash === '#board') $('#tab-board').click();

// ---- WebSocket ----------------------------------------------------------------------------------------------
function connect() {
  if (room.ws && room.ws.readyState <= WebSocket.OPEN) return room.wsReady;
  const q = token() ? `?access_token=${encodeURIComponent(token())}` : '';
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/v1/dialout${q}`);
  room.ws = ws;
  room.wsReady = new Promise((resolve, reject) => {
    ws.onopen = () => { setConn(true); resolve(ws); };
    ws.onerror = () => reject(new Error('cannot open the WebSocket (is the token right?)'));
  });
  ws.onclose = () => {
    setConn(false);
    // The gateway hangs every call of a closed connection up (cause controller-gone).
    for (const call of room.calls.values()) if (!call.ended) endCall(call, { cause: 'controller-gone', reason: 'connection closed' });
  };
  ws.onmessage = (e) => onMessage(JSON.parse(e.data));
  return room.wsReady;
}

function setConn(on) {
  const el = $('#conn');
  el.textContent = on ? 'connected' : 'offline';
  el.className = `pill ${on ? 'on' : 'off'}`;
}

function send(msg) {
  if (room.ws && room.ws.readyState === WebSocket.OPEN) room.ws.send(JSON.stringify(msg));
}

function onMessage(msg) {
  const call = room.calls.get(msg.callId);
  switch (msg.type) {
    case 'answer':
      if (call) call.pc.setRemoteDescription({ type: 'answer', sdp: msg.sdp }).catch((e) => log(call, `bad answer: ${e.message}`));
      break;
    case 'state':
      if (call) onState(call, msg);
      break;
    case 'dtmf':
      if (call) { $('.digits', call.el).textContent += msg.digit; log(call, `DTMF ${msg.digit} from the far end`); }
      break;
    case 'error':
      if (call && !call.answered && ['bad-request', 'busy', 'forbidden', 'duplicate-call'].includes(msg.code) && !call.sawState) {
        endCall(call, { cause: msg.code, reason: msg.message });
      } else if (call) {
        log(call, `error ${msg.code}: ${msg.message}`);
      }
      if (!call) $('#form-error').textContent = `${msg.code}: ${msg.message}`;
      break;
    default:
      break;
  }
}

// ---- local media --------------------------------------------------------------------------------------------
async function startMedia() {
  if (room.local) return room.local;
  const video = $('#with-video').checked;
  room.local = await navigator.mediaDevices.getUserMedia({ audio: true, video: video ? { width: 640, height: 360 } : false });
  $('#local-video').srcObject = room.local;
  $('#start-media').disabled = true;
  $('#with-video').disabled = true;
  return room.local;
}
$('#start-media').addEventListener('click', () => startMedia().catch((e) => { $('#form-error').textContent = e.message; }));

// ---- dialing ------------------------------------------------------------------------------------------------
document.querySelectorAll('#shortcuts button').forEach((b) => b.addEventListener('click', () => { $('#to').value = b.dataset.to; }));

$('#dial-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('#form-error').textContent = '';
  try {
    await dial($('#to').value.trim(), $('#display-name').value.trim(), Number($('#ring-timeout').value) || undefined);
  } catch (err) {
    $('#form-error').textContent = err.message;
  }
});

async function dial(to, displayName, ringTimeoutSec) {
  const local = await startMedia();
  await connect();
  const callId = `c${++room.seq}-${Math.random().toString(36).slice(2, 8)}`;
  const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
  const call = { callId, to, pc, el: newCallCard(callId, to), held: false, ended: false, answered: false, startedAt: null };
  room.calls.set(callId, call);
  local.getTracks().forEach((t) => pc.addTrack(t, local));
  pc.ontrack = (ev) => {
    const stream = ev.streams[0] || new MediaStream([ev.track]);
    if (ev.track.kind === 'video') $('.remote-video', call.el).srcObject = stream;
    else $('.remote-audio', call.el).srcObject = stream;
  };
  pc.onicecandidate = (ev) => send({ type: 'candidate', callId, candidate: ev.candidate ? ev.candidate.candidate : null,
    sdpMid: ev.candidate ? ev.candidate.sdpMid : undefined });
  pc.onconnectionstatechange = () => log(call, `WebRTC ${pc.connectionState}`);
  const offer = await pc.createOffer();
  await pc.setLocalDescription(offer);
  const msg = { type: 'dial', callId, to, offer: pc.localDescription.sdp };
  if (displayName) msg.from = { displayName };
  if (ringTimeoutSec) msg.ringTimeoutSec = ringTimeoutSec;
  send(msg);
  log(call, `dialing ${to}`);
  return call;
}

function onState(call, msg) {
  call.sawState = true;
  const pill = $('.state', call.el);
  pill.textContent = msg.state;
  pill.className = `pill state ${msg.state}`;
  const detail = [msg.sipStatus, msg.reason, msg.cause && `cause ${msg.cause}`, msg.by && `by ${msg.by}`]
    .filter(Boolean).join(' · ');
  log(call, `${msg.state}${detail ? ` (${detail})` : ''}`);
  if (msg.state === 'answered') { call.answered = true; call.startedAt = Date.now(); }
  if (msg.state === 'held') { call.held = true; $('.hold', call.el).textContent = 'Resume'; }
  if (msg.state === 'resumed') { call.held = false; $('.hold', call.el).textContent = 'Hold'; }
  if (msg.state === 'ended') endCall(call, msg);
}

function endCall(call, msg) {
  if (call.ended) return;
  call.ended = true;
  call.pc.close();
  const pill = $('.state', call.el);
  pill.textContent = `ended: ${msg.cause || 'over'}`;
  pill.className = 'pill state ended';
  call.el.querySelectorAll('button').forEach((b) => { b.disabled = true; });
  call.el.classList.add('over');
}

// ---- one call's card ----------------------------------------------------------------------------------------
function newCallCard(callId, to) {
  $('#no-calls').classList.add('hidden');
  const el = $('#call-template').content.firstElementChild.cloneNode(true);
  el.dataset.callId = callId;
  $('.call-to', el).textContent = to;
  el.querySelectorAll('.keypad button').forEach((b) => b.addEventListener('click', () => {
    send({ type: 'dtmf', callId, digits: b.textContent, durationMs: 120 });
  }));
  $('.hold', el).addEventListener('click', () => {
    const call = room.calls.get(callId);
    send({ type: call.held ? 'resume' : 'hold', callId });
  });
  $('.hangup', el).addEventListener('click', () => send({ type: 'hangup', callId }));
  $('#calls').prepend(el);
  return el;
}

function log(call, text) {
  const li = document.createElement('li');
  li.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  $('.log', call.el).append(li);
  li.scrollIntoView({ block: 'nearest' });
}

setInterval(() => {
  for (const call of room.calls.values()) {
    if (call.startedAt && !call.ended) $('.call-timer', call.el).textContent = duration((Date.now() - call.startedAt) / 1000);
  }
}, 1000);

function duration(sec) {
  const s = Math.max(0, Math.floor(sec));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

// ---- the live calls board -----------------------------------------------------------------------------------
async function refreshBoard() {
  if ($('#view-board').classList.contains('hidden')) return;
  try {
    const res = await fetch('/v1/calls', { headers: authHeaders() });
    if (!res.ok) throw new Error(`GET /v1/calls: HTTP ${res.status}`);
    const body = await res.json();
    renderBoard(Array.isArray(body) ? body : body.calls || []);
    $('#board-error').textContent = '';
  } catch (e) {
    $('#board-error').textContent = e.message;
  }
}
setInterval(refreshBoard, 1000);

const pick = (o, ...paths) => {
  for (const p of paths) {
    const v = p.split('.').reduce((x, k) => (x == null ? undefined : x[k]), o);
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
};

function renderBoard(calls) {
  const body = $('#board-body');
  body.replaceChildren();
  $('#board-empty').classList.toggle('hidden', calls.length > 0);
  for (const c of calls) {
    const tr = document.createElement('tr');
    const id = pick(c, 'id');
    tr.dataset.id = id;
    const started = pick(c, 'startTime', 'startedAt');
    const room = pick(c, 'media.room', 'room') || {};
    const sip = pick(c, 'media.sip', 'sip') || {};
    const cells = [
      pick(c, 'callId', 'id'),
      pick(c, 'to'),
      pick(c, 'state'),
      started ? duration((Date.now() - Date.parse(started)) / 1000) : '',
      `${pick(room, 'audioCodec', 'codec') || '-'} / ${pick(sip, 'audioCodec', 'codec') || '-'}`,
      `${pick(room, 'packetsReceived') ?? 0} / ${pick(room, 'packetsSent') ?? 0}`,
      `${pick(sip, 'packetsReceived') ?? 0} / ${pick(sip, 'packetsSent') ?? 0}`,
      `${pick(room, 'packetsLost') ?? 0} / ${pick(sip, 'packetsLost') ?? 0}`,
    ];
    for (const v of cells) {
      const td = document.createElement('td');
      td.textContent = v ?? '';
      tr.append(td);
    }
    const td = document.createElement('td');
    const b = document.createElement('button');
    b.className = 'danger board-hangup';
    b.textContent = 'Hang up';
    b.addEventListener('click', async () => {
      b.disabled = true;
      await fetch(`/v1/calls/${encodeURIComponent(id)}`, { method: 'DELETE', headers: authHeaders() });
      refreshBoard();
    });
    td.append(b);
    tr.append(td);
    body.append(tr);
  }
}
