// Call quality on the board: a short history per call of each leg's loss, jitter and MOS, sampled from the board's
// polling of GET /v1/calls (the `quality` of each leg, docs/quality.md), drawn as small inline SVG plots; and the
// set-up timeline of one call drawn on a time axis. Plain DOM and SVG, no chart library.

const SVG = 'http://www.w3.org/2000/svg';

/** How far back the plots reach. */
export const WINDOW_MS = 3 * 60 * 1000;

export const LEGS = ['room', 'sip'];
export const LEG_NAMES = { room: 'room', sip: 'SIP' };

/**
 * The plotted figures of a leg's `quality`. `floor`/`ceiling` fix an end of the y axis; `span` is the smallest range
 * shown above the floor, so a clean call draws flat near the bottom instead of noise blown up to full height.
 */
export const METRICS = {
  loss: { label: 'Loss', unit: '%', value: (q) => q?.fractionLost, shown: (v) => (v * 100).toFixed(1), floor: 0, span: 0.05 },
  jitter: { label: 'Jitter', unit: 'ms', value: (q) => q?.jitterMs, shown: (v) => v.toFixed(1), floor: 0, span: 20 },
  mos: { label: 'MOS', unit: '', value: (q) => q?.mos, shown: (v) => v.toFixed(2), floor: 1, ceiling: 4.5 },
};

const finite = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Samples per call: times, and per leg and metric the values (null: not known at that time). */
export class QualityHistory {
  constructor(windowMs = WINDOW_MS) {
    this.windowMs = windowMs;
    this.calls = new Map(); // gateway call id -> { t: [], last, room: {loss: [], ...}, sip: {...} }
  }

  /** One sample per call of a GET /v1/calls answer taken at `now`; calls no longer listed are forgotten, but `keep`. */
  add(calls, now, keep) {
    const listed = new Set();
    for (const c of calls) {
      listed.add(c.id);
      let h = this.calls.get(c.id);
      if (!h) {
        h = { t: [] };
        for (const leg of LEGS) h[leg] = Object.fromEntries(Object.keys(METRICS).map((m) => [m, []]));
        this.calls.set(c.id, h);
      }
      h.last = c;
      h.t.push(now);
      for (const leg of LEGS) {
        for (const [name, metric] of Object.entries(METRICS)) h[leg][name].push(finite(metric.value(c[leg]?.quality)));
      }
      const old = h.t.findIndex((t) => t >= now - this.windowMs);
      if (old > 0) {
        h.t.splice(0, old);
        for (const leg of LEGS) for (const name of Object.keys(METRICS)) h[leg][name].splice(0, old);
      }
    }
    for (const id of [...this.calls.keys()]) if (!listed.has(id) && id !== keep) this.calls.delete(id);
  }

  get(id) {
    return this.calls.get(id);
  }
}

function el(name, attrs = {}, text) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

const round1 = (v) => Math.round(v * 10) / 10;

/**
 * Draws one metric of a call's history, both legs, into `svg` (replacing what it held). The x axis runs from the
 * first sample (or `now` minus the window, whichever is later) to `now`; null values leave gaps. Each leg's line
 * carries its values in `data-values` (comma separated, empty for null), oldest first.
 */
export function drawPlot(svg, history, metricName, { width, height, now, axes = false }) {
  const metric = METRICS[metricName];
  const padL = axes ? 34 : 2;
  const padR = axes ? 8 : 4;
  const padT = axes ? 8 : 3;
  const padB = axes ? 18 : 3;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', width);
  svg.setAttribute('height', height);
  svg.dataset.metric = metricName;
  svg.replaceChildren();
  const t = history ? history.t : [];
  const values = LEGS.flatMap((leg) => (history ? history[leg][metricName] : [])).filter((v) => v !== null);
  const lo = metric.floor;
  const hi = metric.ceiling ?? Math.max(lo + metric.span, ...values);
  svg.dataset.min = lo;
  svg.dataset.max = hi;
  const t0 = t.length ? Math.max(t[0], now - WINDOW_MS) : now - 1000;
  const t1 = Math.max(now, t0 + 1000);
  const x = (ms) => round1(padL + ((ms - t0) / (t1 - t0)) * (width - padL - padR));
  const y = (v) => round1(height - padB - ((Math.min(Math.max(v, lo), hi) - lo) / (hi - lo)) * (height - padT - padB));
  svg.append(el('rect', { class: 'frame', x: padL, y: padT, width: width - padL - padR, height: height - padT - padB }));
  if (axes) {
    svg.append(el('text', { class: 'axis', x: padL - 4, y: padT + 8, 'text-anchor': 'end' }, metric.shown(hi)));
    svg.append(el('text', { class: 'axis', x: padL - 4, y: height - padB, 'text-anchor': 'end' }, metric.shown(lo)));
    const secs = Math.round((t1 - t0) / 1000);
    svg.append(el('text', { class: 'axis', x: padL, y: height - 4 }, `−${Math.floor(secs / 60)}:${String(secs % 60).padStart(2, '0')}`));
    svg.append(el('text', { class: 'axis', x: width - padR, y: height - 4, 'text-anchor': 'end' }, 'now'));
  }
  for (const leg of LEGS) {
    const series = history ? history[leg][metricName] : [];
    let d = '';
    let pen = false;
    let last = null;
    series.forEach((v, i) => {
      if (v === null) { pen = false; return; }
      d += `${pen ? 'L' : 'M'}${x(t[i])},${y(v)}`;
      pen = true;
      last = [x(t[i]), y(v)];
    });
    const path = el('path', { class: `line ${leg}`, d: d || 'M0,0', 'data-leg': leg });
    path.dataset.values = series.map((v) => (v === null ? '' : String(v))).join(',');
    path.dataset.points = series.filter((v) => v !== null).length;
    svg.append(path);
    if (last) svg.append(el('circle', { class: `dot ${leg}`, cx: last[0], cy: last[1], r: axes ? 2.5 : 1.8 }));
  }
}

/** "room / SIP" of the latest values of a metric, as the plots show them. */
export function latest(history, metricName) {
  const metric = METRICS[metricName];
  return LEGS.map((leg) => {
    const s = history ? history[leg][metricName] : [];
    const v = s.length ? s[s.length - 1] : null;
    return v === null ? '–' : metric.shown(v);
  }).join(' / ');
}

export function newPlot(className) {
  return el('svg', { class: `plot ${className}`, role: 'img' });
}

// ---- the set-up timeline ----------------------------------------------------------------------------------------

/** The steps of a call's set-up, as named in GET /v1/calls `timeline` (ms from the dial). */
export const STAGES = [
  ['dial', 'dial (room → gateway)'],
  ['inviteSent', 'INVITE sent'],
  ['firstProvisional', 'first 18x'],
  ['answered', '200 OK'],
  ['roomConnected', 'ICE + DTLS up (room)'],
  ['firstRtpFromRoom', 'first RTP from the room'],
  ['firstRtpFromSip', 'first RTP from SIP'],
];

/** A round step for axis ticks: about `parts` of them over `span`. */
function tickStep(span, parts) {
  const raw = span / parts;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw);
}

/**
 * Draws the set-up of a call as one row per step in the order they happened, each a bar from the dial to its offset
 * on a shared ms axis; steps not (yet) seen follow, greyed. Each row is a `g.stage` with `data-stage` and, once seen,
 * `data-offset` (ms).
 */
export function drawTimeline(svg, timeline, width) {
  const seen = [];
  const pending = [];
  for (const [key, label] of STAGES) {
    const v = key === 'dial' ? 0 : finite(timeline?.[key]);
    (v === null ? pending : seen).push({ key, label, v });
  }
  seen.sort((a, b) => a.v - b.v); // stable: equal offsets keep the order of the protocol
  const rows = [...seen, ...pending];
  const row = 22;
  const padL = 178;
  const padR = 70;
  const top = 6;
  const height = top + rows.length * row + 26;
  const maxMs = Math.max(10, ...seen.map((s) => s.v));
  const step = tickStep(maxMs, 5);
  const end = Math.ceil(maxMs / step) * step;
  const x = (ms) => round1(padL + (ms / end) * (width - padL - padR));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', width);
  svg.setAttribute('height', height);
  svg.replaceChildren();
  const axisY = top + rows.length * row + 4;
  for (let ms = 0; ms <= end + 1e-9; ms += step) {
    svg.append(el('line', { class: 'tick', x1: x(ms), x2: x(ms), y1: top, y2: axisY }));
    svg.append(el('text', { class: 'axis', x: x(ms), y: axisY + 14, 'text-anchor': 'middle' }, `${ms} ms`));
  }
  rows.forEach((s, i) => {
    const g = el('g', { class: `stage${s.v === null ? ' pending' : ''}`, 'data-stage': s.key });
    const cy = top + i * row + row / 2;
    g.append(el('text', { class: 'stage-name', x: padL - 8, y: cy + 4, 'text-anchor': 'end' }, s.label));
    if (s.v === null) {
      g.append(el('text', { class: 'stage-ms', x: padL + 4, y: cy + 4 }, 'not seen'));
    } else {
      g.dataset.offset = s.v;
      g.append(el('line', { class: 'bar', x1: x(0), x2: x(s.v), y1: cy, y2: cy }));
      g.append(el('circle', { class: 'mark', cx: x(s.v), cy, r: 4.5 }));
      g.append(el('text', { class: 'stage-ms', x: x(s.v) + 9, y: cy + 4 }, `${s.v} ms`));
    }
    svg.append(g);
  });
}
