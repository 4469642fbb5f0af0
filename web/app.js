// The conference room that dials out, and the live calls board. An ES module with no build step of its own: the
// WebSocket and HTTP code is the typed client (clients/typescript, compiled by tsc into client/), which speaks the
// gateway's contract (docs/API.md): WebSocket /v1/dialout for calls, GET/DELETE /v1/calls for the board.
import { DialoutClient, deleteCall, dialoutUrl, listCalls } from './client/index.js';
import { LEGS, LEG_NAMES, METRICS, QualityHistory, drawPlot, drawTimeline, latest, newPlot } from './quality.js';

const $ = (sel, root = document) => root.querySelector(sel);

const room = {
  client: null,         // DialoutClient: the one WebSocket of this page
  ready: null,          // Promise<DialoutClient> while connecting
  local: null,          // MediaStream of the camera and microphone
  calls: new Map(),     // callId -> call
  seq: 0,
};
window.dialout = room; // for tests and curious users: room.calls.get(id).pc.getStats()

// ---- auth token: ?access_token=... in the page address, or typed in the form -------------------------------
const params = new URLSearchParams(location.search);
if (params.get('access_token')) $('#token').value = params.get('access_token');
const token = () => $('#token').value.trim();

// ---- tabs ---------------------------------------------------------------------------------------------------
document.querySelectorAll('.tab').forEach((tab) => tab.addEventListener('click', () => {
  document.querySelectorAll('.tab').forEach((t) => t.classList.toggle('active', t === tab));
  document.querySelectorAll('.view').forEach((v) => v.classList.toggle('hidden', v.id !== `view-${tab.dataset.view}`));
  if (tab.dataset.view === 'board') refreshBoard();
}));
if (location.hash === '#board') $('#tab-board').click();

// ---- WebSocket ----------------------------------------------------------------------------------------------
function connect() {
  if (room.client && room.client.open) return Promise.resolve(room.client);
  if (room.ready) return room.ready;
  room.ready = DialoutClient.connect(dialoutUrl(location.href), { token: token() || undefined })
    .then((client) => {
      room.client = client;
      setConn(true);
      client.onMessage(onMessage);
      client.onClose(() => {
        setConn(false);
        room.client = null;
        // The gateway hangs every call of a closed connection up (cause controller-gone).
        for (const call of room.calls.values()) if (!call.ended) endCall(call, { cause: 'controller-gone', reason: 'connection closed' });
      });
      return client;
    })
    .finally(() => { room.ready = null; });
  return room.ready;
}

function setConn(on) {
  const el = $('#conn');
  el.textContent = on ? 'connected' : 'offline';
  el.className = `pill ${on ? 'on' : 'off'}`;
}

/** The open client, or null: a message for a call whose connection is gone is dropped, as before. */
const client = () => (room.client && room.client.open ? room.client : null);

function onMessage(msg) {
  const call = room.calls.get(msg.callId);
  switch (msg.type) {
    case 'answer':
      if (call) call.pc.setRemoteDescription({ type: 'answer', sdp: msg.sdp }).catch((e) => log(call, `bad answer: ${e.message}`));
      break;
    case 'state':
      if (call) onState(call, msg);
      break;
    case 'speaker':
      if (call) onSpeaker(call, msg);
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
  $('#start-media').textContent = video ? 'Camera & microphone on' : 'Microphone on';
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
  const meeting = $('#meeting').checked;
  const local = meeting ? null : await startMedia();
  await connect();
  const callId = `c${++room.seq}-${Math.random().toString(36).slice(2, 8)}`;
  const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
  const call = { callId, to, from: displayName, pc, el: newCallCard(callId, to), held: false, ended: false,
    answered: false, startedAt: null, dialSent: false, pendingCandidates: [] };
  room.calls.set(callId, call);
  if (meeting) {
    // One stream per participant, so each has its own transceivers and a=msid: the gateway sees a meeting.
    call.participants = simulateParticipants(Number($('#meeting-size').value) || 3, call);
    call.participants.forEach((p) => p.stream.getTracks().forEach((t) => pc.addTrack(t, p.stream)));
  } else {
    local.getTracks().forEach((t) => pc.addTrack(t, local));
  }
  pc.ontrack = (ev) => {
    const stream = ev.streams[0] || new MediaStream([ev.track]);
    if (ev.track.kind === 'video') {
      const v = $('.remote-video', call.el);
      v.srcObject = stream;
      // The room leg may carry video while the far end sends none (it refused video): show it once frames come.
      v.onresize = () => $('.media', call.el).classList.toggle('has-video', v.videoWidth > 0);
    }
    else $('.remote-audio', call.el).srcObject = stream;
  };
  // Trickled candidates (API.md `candidate`) must follow the dial that names the call: hold them until it is sent.
  pc.onicecandidate = (ev) => {
    const c = [ev.candidate ? ev.candidate.candidate : null, ev.candidate ? ev.candidate.sdpMid : undefined];
    if (call.dialSent) client()?.candidate(callId, ...c); else call.pendingCandidates.push(c);
  };
  pc.onconnectionstatechange = () => log(call, `WebRTC ${pc.connectionState}`);
  const offer = await pc.createOffer();
  await pc.setLocalDescription(offer);
  const request = { callId, to, offer: pc.localDescription.sdp };
  if (displayName) request.from = { displayName };
  if (ringTimeoutSec) request.ringTimeoutSec = ringTimeoutSec;
  client()?.dial(request);
  call.dialSent = true;
  call.pendingCandidates.splice(0).forEach((c) => client()?.candidate(callId, ...c));
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
  if (call.participants) call.participants.forEach((p) => p.stop());
  const pill = $('.state', call.el);
  pill.textContent = `ended: ${msg.cause || 'over'}`;
  pill.className = 'pill state ended';
  call.el.querySelectorAll('button').forEach((b) => { b.disabled = true; });
  call.el.classList.add('over');
}

// ---- meeting mode: simulated participants, each a tone and a coloured video --------------------------------
const PARTICIPANT_LOOKS = [
  { name: 'Red', colour: '#ff0000', hz: 440 }, { name: 'Green', colour: '#00ff00', hz: 660 },
  { name: 'Blue', colour: '#0000ff', hz: 880 }, { name: 'Yellow', colour: '#ffff00', hz: 550 },
  { name: 'Magenta', colour: '#ff00ff', hz: 770 }, { name: 'Cyan', colour: '#00ffff', hz: 990 },
  { name: 'White', colour: '#ffffff', hz: 330 }, { name: 'Orange', colour: '#ff8000', hz: 1100 },
];

let audioContext = null;

// Participant i: an OscillatorNode at its own frequency through a gain (its loudness), and a canvas of its colour
// drawn 15 times a second (a small moving mark keeps the encoder sending frames), captured as a video track.
function simulateParticipants(n, call) {
  audioContext = audioContext || new AudioContext();
  const list = $('.participant-list', call.el);
  $('.participants', call.el).classList.remove('hidden');
  return PARTICIPANT_LOOKS.slice(0, n).map((look, i) => {
    const osc = audioContext.createOscillator();
    osc.frequency.value = look.hz;
    const gain = audioContext.createGain();
    gain.gain.value = i === 0 ? 0.5 : 0.05; // the first one talks, the others murmur
    const dest = audioContext.createMediaStreamDestination();
    osc.connect(gain).connect(dest);
    osc.start();
    const canvas = Object.assign(document.createElement('canvas'), { width: 320, height: 180 });
    const g = canvas.getContext('2d');
    let frame = 0;
    const draw = () => {
      g.fillStyle = look.colour;
      g.fillRect(0, 0, canvas.width, canvas.height);
      g.fillStyle = look.colour === '#ffffff' ? '#000000' : '#ffffff';
      g.fillRect((frame++ * 4) % canvas.width, canvas.height - 6, 6, 6);
    };
    draw();
    const timer = setInterval(draw, 1000 / 15);
    const video = canvas.captureStream(15).getVideoTracks()[0];
    const stream = new MediaStream([dest.stream.getAudioTracks()[0], video]);
    const li = document.createElement('li');
    li.dataset.msid = stream.id;
    li.innerHTML = `<span class="swatch" style="background:${look.colour}"></span> ${look.name} (${look.hz} Hz)
      <input type="range" class="loudness" min="0" max="100" value="${Math.round(gain.gain.value * 100)}"
        aria-label="${look.name}'s loudness">
      <button type="button" class="loudest">Make loudest</button>`;
    list.append(li);
    const p = { index: i, ...look, stream, gain, li,
      setLevel(v) { gain.gain.setTargetAtTime(v, audioContext.currentTime, 0.01); $('.loudness', li).value = Math.round(v * 100); },
      stop() { clearInterval(timer); osc.stop(); stream.getTracks().forEach((t) => t.stop()); } };
    $('.loudness', li).addEventListener('input', (e) => p.setLevel(Number(e.target.value) / 100));
    $('.loudest', li).addEventListener('click', () => makeLoudest(call, i));
    return p;
  });
}

// One participant talks (gain 0.5, about -9 dBov for a full-scale sine), the others drop to 0.05 (-29 dBov):
// a 20 dB lead, well past the gateway's 6 dB.
function makeLoudest(call, index) {
  call.participants.forEach((p) => p.setLevel(p.index === index ? 0.5 : 0.05));
}

function onSpeaker(call, msg) {
  const p = (call.participants || []).find((x) => x.stream.id === msg.msid);
  $('.speaker', call.el).textContent = p ? `${p.name} (${p.hz} Hz)` : `${msg.msid || '?'} (mid ${msg.mid})`;
  (call.participants || []).forEach((x) => x.li.classList.toggle('shown', x === p));
  call.speaker = msg;
  log(call, `the phone sees ${p ? p.name : msg.msid}`);
}

// ---- one call's card ----------------------------------------------------------------------------------------
function newCallCard(callId, to) {
  $('#no-calls').classList.add('hidden');
  const el = $('#call-template').content.firstElementChild.cloneNode(true);
  el.dataset.callId = callId;
  $('.call-to', el).textContent = to;
  el.querySelectorAll('.keypad button').forEach((b) => b.addEventListener('click', () => {
    client()?.dtmf(callId, b.textContent, 120);
  }));
  $('.hold', el).addEventListener('click', () => {
    const call = room.calls.get(callId);
    if (call.held) client()?.resume(callId); else client()?.hold(callId);
  });
  $('.hangup', el).addEventListener('click', () => client()?.hangup(callId));
  $('#calls').prepend(el);
  return el;
}

function log(call, text) {
  const li = document.createElement('li');
  li.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  const ol = $('.log', call.el);
  ol.append(li);
  ol.scrollTop = ol.scrollHeight; // only the log scrolls, never the page
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
// Once opened, the board keeps polling while the room tab is shown, so its plots have no gap when it comes back.
const board = {
  history: new QualityHistory(), // per call: samples of each leg's loss, jitter and MOS (quality.js)
  sampling: false,               // the board was opened: poll even while hidden
  busy: false,                   // a poll is in flight
  detail: null,                  // gateway id of the call shown in the detail view
  samples: 0,                    // polls rendered, for tests and the curious
};
room.board = board;

async function refreshBoard() {
  const hidden = $('#view-board').classList.contains('hidden');
  if (hidden && !board.sampling) return;
  if (!hidden) board.sampling = true;
  if (board.busy) return;
  board.busy = true;
  try {
    const calls = await listCalls('', token() || undefined);
    board.history.add(calls, Date.now(), board.detail);
    renderBoard(calls);
    renderDetail(calls);
    board.samples += 1;
    $('#board-error').textContent = '';
  } catch (e) {
    $('#board-error').textContent = e.message;
  } finally {
    board.busy = false;
  }
}
setInterval(refreshBoard, 1000);

// Columns of the board: one cell per class, filled from one entry of GET /v1/calls (gateway http/CallView.java:
// id, callId, to, state, startedAt, answeredAt, sipCallId, transcoding, roomConnected, room{...}, sip{...} where each
// leg has audioCodec, videoCodec, packetsReceived, bytesReceived, packetsSent, bytesSent, packetsLost, jitterMs).
// The plot cells (loss-plot, jitter, mos-plot) draw each leg's quality history (quality.js) with its latest figures.
const COLUMNS = ['call-id', 'to', 'state', 'duration', 'audio-codecs', 'video-codecs', 'room-packets', 'sip-packets',
  'lost', 'loss-plot', 'jitter', 'mos-plot', 'sources'];
const PLOT_CELLS = { 'loss-plot': 'loss', jitter: 'jitter', 'mos-plot': 'mos' };

const num = (v) => (typeof v === 'number' ? v : 0);
const codec = (v) => (v ? v.replace(/\/\d+(\/\d+)?$/, '') : '–'); // "opus/48000/2" -> "opus"

function fillRow(tr, c) {
  const room = c.room || {};
  const sip = c.sip || {};
  const cell = (name) => tr.querySelector(`.${name}`);
  cell('call-id').textContent = c.callId || c.id;
  cell('call-id').title = `gateway id ${c.id}${c.sipCallId ? `\nSIP Call-ID ${c.sipCallId}` : ''}`;
  cell('to').textContent = c.to || '';
  cell('to').title = c.to || '';
  const state = cell('state');
  state.replaceChildren(Object.assign(document.createElement('span'), { className: `pill ${c.state}`, textContent: c.state }));
  cell('duration').textContent = c.startedAt ? duration((Date.now() - Date.parse(c.startedAt)) / 1000) : '';
  cell('audio-codecs').textContent = `${codec(room.audioCodec)} / ${codec(sip.audioCodec)}${c.transcoding ? ' ⇄' : ''}`;
  cell('audio-codecs').title = c.transcoding ? 'transcoded' : 'passed through';
  cell('video-codecs').textContent = room.videoCodec || sip.videoCodec ? `${codec(room.videoCodec)} / ${codec(sip.videoCodec)}` : '–';
  for (const [name, leg] of [['room-packets', room], ['sip-packets', sip]]) {
    const el = cell(name);
    el.dataset.received = num(leg.packetsReceived);
    el.dataset.sent = num(leg.packetsSent);
    el.textContent = `${num(leg.packetsReceived)} / ${num(leg.packetsSent)}`;
  }
  cell('lost').textContent = `${num(room.packetsLost)} / ${num(sip.packetsLost)}`;
  const history = board.history.get(c.id);
  for (const [name, metric] of Object.entries(PLOT_CELLS)) {
    drawPlot($('svg', cell(name)), history, metric, { width: 70, height: 22, now: Date.now() });
    $('.figures', cell(name)).textContent = latest(history, metric);
  }
  // The room's streams (a meeting): stream id, kind, level in dBov; ★ marks the video on the SIP leg and the
  // active speaker's audio.
  const sources = c.sources || [];
  cell('sources').textContent = sources.length
    ? sources.map((s) => `${s.onSipVideo ? '★' : ''}${(s.msid || s.mid).slice(0, 8)} ${s.kind}`
      + `${typeof s.level === 'number' ? ` ${s.level.toFixed(0)} dB` : ''}`).join(', ')
    : '–';
  cell('sources').dataset.count = sources.length;
}

function newRow(c) {
  const tr = document.createElement('tr');
  tr.dataset.id = c.id;
  tr.dataset.callId = c.callId || '';
  for (const name of COLUMNS) {
    const td = Object.assign(document.createElement('td'), { className: name });
    if (PLOT_CELLS[name]) {
      td.classList.add('plot-cell');
      td.append(newPlot('spark'), Object.assign(document.createElement('span'), { className: 'figures' }));
    }
    tr.append(td);
  }
  tr.addEventListener('click', (e) => { if (!e.target.closest('button')) openDetail(c.id); });
  const td = document.createElement('td');
  const b = Object.assign(document.createElement('button'), { className: 'danger board-hangup', textContent: 'Hang up' });
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      await deleteCall(c.id, '', token() || undefined);
    } catch (e) {
      b.disabled = false;
      $('#board-error').textContent = e.message;
    }
    refreshBoard();
  });
  td.append(b);
  tr.append(td);
  return tr;
}

// Rows are kept per call id and updated in place, so a button being clicked is never replaced under the pointer.
function renderBoard(calls) {
  const body = $('#board-body');
  const rows = new Map([...body.children].map((tr) => [tr.dataset.id, tr]));
  calls.forEach((c, i) => {
    let tr = rows.get(c.id);
    rows.delete(c.id);
    if (!tr) tr = newRow(c);
    fillRow(tr, c);
    if (body.children[i] !== tr) body.insertBefore(tr, body.children[i] || null);
  });
  rows.forEach((tr) => tr.remove());
  $('#board-empty').classList.toggle('hidden', calls.length > 0);
  $('#board-count').textContent = calls.length ? `${calls.length} active` : '';
}

// ---- one call's detail view -----------------------------------------------------------------------------------
function openDetail(id) {
  board.detail = id;
  $('#detail').classList.remove('hidden');
  const listed = [...board.history.calls.values()].map((h) => h.last).filter(Boolean);
  renderDetail(listed);
}

function closeDetail() {
  board.detail = null;
  $('#detail').classList.add('hidden');
}
$('#detail-close').addEventListener('click', closeDetail);
$('#detail').addEventListener('click', (e) => { if (e.target.id === 'detail') closeDetail(); });
document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && board.detail) closeDetail(); });

const fixed = (digits, scale = 1) => (v) => (typeof v === 'number' ? (v * scale).toFixed(digits) : '–');
const whole = (v) => (typeof v === 'number' ? String(v) : '–');
// Rows of the quality table: a leg's `quality` field (docs/quality.md), as the detail view shows it.
const QUALITY_ROWS = [
  ['mos', 'MOS (E-model, worse direction)', fixed(2)],
  ['rttMs', 'round trip, ms (RTCP)', fixed(1)],
  ['jitterMs', 'jitter we receive, ms', fixed(1)],
  ['fractionLost', 'loss we receive, last seconds, %', fixed(1, 100)],
  ['packetsLost', 'packets lost we receive', whole],
  ['remoteJitterMs', 'jitter the peer reports, ms', fixed(1)],
  ['remoteFractionLost', 'loss the peer reports, %', fixed(1, 100)],
  ['remotePacketsLost', 'packets lost the peer reports', whole],
];

function row(cells, tag = 'td') {
  const tr = document.createElement('tr');
  for (const c of cells) {
    const td = document.createElement(tag);
    if (typeof c === 'string') td.textContent = c;
    else Object.assign(td, c);
    tr.append(td);
  }
  return tr;
}

function renderDetail(calls) {
  if (!board.detail) return;
  const listed = calls.find((c) => c.id === board.detail);
  const history = board.history.get(board.detail);
  const c = listed || history?.last;
  if (!c) { closeDetail(); return; }
  const mine = room.calls.get(c.callId);
  $('#detail').dataset.id = c.id;
  $('#detail').dataset.callId = c.callId || '';
  $('#detail-title').textContent = `Call ${c.callId || c.id}`;
  $('#detail-state').textContent = listed ? c.state : 'ended';
  $('#detail-state').className = `pill ${listed ? c.state : 'ended'}`;
  $('#detail-duration').textContent = c.startedAt && listed ? duration((Date.now() - Date.parse(c.startedAt)) / 1000) : '';
  $('#detail-over').textContent = listed ? '' : 'The call is over: its last figures from GET /v1/calls.';

  const setup = c.answeredAt && c.startedAt ? ` (set-up ${Date.parse(c.answeredAt) - Date.parse(c.startedAt)} ms)` : '';
  const parties = [
    ['room', mine ? `this page, call ${c.callId}` : `call ${c.callId || '–'} of a room`],
    ['from', mine ? mine.from || '(no display name)' : 'not in GET /v1/calls'],
    ['to', c.to || '–'],
    ['SIP Call-ID', c.sipCallId || '–'],
    ['gateway id', c.id],
    ['started', c.startedAt ? new Date(c.startedAt).toLocaleTimeString() : '–'],
    ['answered', c.answeredAt ? new Date(c.answeredAt).toLocaleTimeString() + setup : '–'],
  ];
  $('#detail-parties').replaceChildren(...parties.flatMap(([k, v]) => [
    Object.assign(document.createElement('dt'), { textContent: k }),
    Object.assign(document.createElement('dd'), { textContent: v, className: `party-${k.replace(/\W+/g, '-').toLowerCase()}` }),
  ]));

  $('#detail-codecs').replaceChildren(
    row(['audio', c.room?.audioCodec || '–', c.sip?.audioCodec || '–']),
    row(['video', c.room?.videoCodec || '–', c.sip?.videoCodec || '–']),
    row(['bridge', { colSpan: 2, textContent: c.transcoding ? 'transcoded' : c.transcoding === false ? 'passed through' : '–' }]),
  );

  $('#detail-quality tbody').replaceChildren(...QUALITY_ROWS.map(([field, label, fmt]) => row([
    label,
    ...LEGS.map((leg) => ({ textContent: fmt(c[leg]?.quality?.[field]), className: `q-${leg}-${field}` })),
  ])));

  const plots = $('#detail-plots');
  if (!plots.children.length) {
    for (const name of Object.keys(METRICS)) {
      const fig = Object.assign(document.createElement('figure'), { className: `detail-plot ${name}` });
      fig.append(Object.assign(document.createElement('figcaption'), {}), newPlot('large'));
      plots.append(fig);
    }
  }
  for (const [name, metric] of Object.entries(METRICS)) {
    const fig = $(`.detail-plot.${name}`, plots);
    $('figcaption', fig).textContent = `${metric.label}${metric.unit ? ` (${metric.unit})` : ''}: `
      + LEGS.map((leg) => LEG_NAMES[leg]).join(' / ') + ` ${latest(history, name)}`;
    drawPlot($('svg', fig), history, name, { width: 430, height: 84, now: Date.now(), axes: true });
  }
  drawTimeline($('#detail-timeline'), c.timeline, 860);
}
