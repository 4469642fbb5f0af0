// A small typed client of the gateway: one WebSocket (/v1/dialout) that controls many calls, plus the HTTP calls
// API. Browser and Node (>= 22, or 20 with --experimental-websocket) alike: it only needs a WebSocket constructor.
import {
  isEnded,
  isServerMessage,
  parseServerMessage,
  type AnswerMessage,
  type CallId,
  type CallView,
  type ClientMessage,
  type DialMessage,
  type DtmfReceivedMessage,
  type EndedMessage,
  type ErrorMessage,
  type ServerMessage,
  type SpeakerMessage,
  type TransferProgressMessage,
  type StateMessage,
  type UnknownMessage,
} from './messages.js';

/** The part of the WebSocket API the client uses (the browser's and Node's WebSocket have it). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: any) => void) | null;
  onclose: ((ev: any) => void) | null;
  onerror: ((ev: any) => void) | null;
  onmessage: ((ev: { data: any }) => void) | null;
}

export type WebSocketFactory = new (url: string) => WebSocketLike;

export interface ConnectOptions {
  /** A JWT, sent as the `access_token` query parameter (browsers cannot set headers on a WebSocket). */
  token?: string;
  /** The WebSocket constructor; the global one by default. */
  webSocket?: WebSocketFactory;
}

/** What happens on one call, in order; every handler is optional. */
export interface CallHandlers {
  answer?(m: AnswerMessage): void;
  state?(m: StateMessage): void;
  dtmf?(m: DtmfReceivedMessage): void;
  error?(m: ErrorMessage): void;
  /** Addition: a step of a transfer (its REFER's response, each NOTIFY). */
  transfer?(m: TransferProgressMessage): void;
  /** Addition: in a meeting, whose video the phone now sees. */
  speaker?(m: SpeakerMessage): void;
  /** The call is over (`ended`), or the connection closed first (`null`). */
  ended?(m: EndedMessage | null): void;
}

const OPEN = 1;

/** The WebSocket URL of a gateway from its HTTP base URL (`http://host:8080` -> `ws://host:8080/v1/dialout`). */
export function dialoutUrl(base: string, token?: string): string {
  const u = new URL('/v1/dialout', base);
  u.protocol = u.protocol === 'https:' ? 'wss:' : u.protocol === 'http:' ? 'ws:' : u.protocol;
  if (token) u.searchParams.set('access_token', token);
  return u.toString();
}

/** One WebSocket to the gateway and the calls it controls. Closing it ends them all (cause `controller-gone`). */
export class DialoutClient {
  private readonly calls = new Map<CallId, CallHandlers>();
  private readonly listeners = new Set<(m: ServerMessage | UnknownMessage) => void>();
  private readonly closeListeners = new Set<(code: number) => void>();

  private constructor(private readonly ws: WebSocketLike) {
    ws.onmessage = (ev) => this.receive(String(ev.data));
    ws.onclose = (ev) => this.closed(typeof ev?.code === 'number' ? ev.code : 1006);
  }

  /** Opens the WebSocket; resolves once it is open, rejects when the handshake fails (e.g. 401). */
  static connect(url: string, options: ConnectOptions = {}): Promise<DialoutClient> {
    const Ws: WebSocketFactory | undefined =
      options.webSocket ?? (globalThis as { WebSocket?: WebSocketFactory }).WebSocket;
    if (!Ws) return Promise.reject(new Error('no WebSocket implementation: pass options.webSocket'));
    let target = url;
    if (options.token) {
      const u = new URL(url);
      u.searchParams.set('access_token', options.token);
      target = u.toString();
    }
    const ws = new Ws(target);
    return new Promise((resolve, reject) => {
      ws.onopen = () => resolve(new DialoutClient(ws));
      ws.onerror = () => reject(new Error(`cannot open the WebSocket ${url} (is the token right?)`));
      ws.onclose = () => reject(new Error(`the WebSocket ${url} closed during the handshake`));
    });
  }

  get open(): boolean {
    return this.ws.readyState === OPEN;
  }

  /** Sends any client message; false when the connection is not open. */
  send(message: ClientMessage): boolean {
    if (!this.open) return false;
    this.ws.send(JSON.stringify(message));
    return true;
  }

  /** Starts a call; its messages go to `handlers` (and to every {@link onMessage} listener). */
  dial(request: Omit<DialMessage, 'type'>, handlers: CallHandlers = {}): boolean {
    this.calls.set(request.callId, handlers);
    const sent = this.send({ type: 'dial', ...request });
    if (!sent) this.calls.delete(request.callId);
    return sent;
  }

  candidate(callId: CallId, candidate: string | null, sdpMid?: string): boolean {
    const m: ClientMessage = { type: 'candidate', callId, candidate };
    if (sdpMid !== undefined && sdpMid !== null) m.sdpMid = sdpMid;
    return this.send(m);
  }

  hangup(callId: CallId): boolean {
    return this.send({ type: 'hangup', callId });
  }

  dtmf(callId: CallId, digits: string, durationMs?: number): boolean {
    return this.send(durationMs === undefined ? { type: 'dtmf', callId, digits } : { type: 'dtmf', callId, digits, durationMs });
  }

  hold(callId: CallId): boolean {
    return this.send({ type: 'hold', callId });
  }

  resume(callId: CallId): boolean {
    return this.send({ type: 'resume', callId });
  }

  /** Addition: asks the callee to call `target` (blind transfer, RFC 3515). */
  transfer(callId: CallId, target: string): boolean {
    return this.send({ type: 'transfer', callId, target });
  }

  /** Addition: the room's new offer in a running call; the gateway answers with an `answer`. */
  reoffer(callId: CallId, sdp: string): boolean {
    return this.send({ type: 'offer', callId, sdp });
  }

  /** Every frame from the gateway, parsed; returns a function that removes the listener. */
  onMessage(listener: (m: ServerMessage | UnknownMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The connection closed (with its WebSocket close code); every call it controlled is over. */
  onClose(listener: (code: number) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** Resolves with the next message that `match` accepts (within `timeoutMs`). */
  next<T extends ServerMessage | UnknownMessage>(
    match: (m: ServerMessage | UnknownMessage) => m is T,
    timeoutMs = 20_000,
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`no matching message within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.onMessage((m) => {
        if (match(m)) {
          clearTimeout(timer);
          off();
          resolve(m);
        }
      });
    });
  }

  close(): void {
    this.ws.close(1000, 'bye');
  }

  private receive(text: string): void {
    let m: ServerMessage | UnknownMessage;
    try {
      m = parseServerMessage(text);
    } catch {
      return; // not a contract frame: nothing to tell anyone
    }
    if (isServerMessage(m) && m.callId !== undefined) this.dispatch(m);
    for (const l of [...this.listeners]) l(m);
  }

  private dispatch(m: ServerMessage): void {
    const h = this.calls.get(m.callId as CallId);
    if (!h) return;
    switch (m.type) {
      case 'answer':
        h.answer?.(m);
        break;
      case 'state':
        h.state?.(m);
        if (isEnded(m)) {
          this.calls.delete(m.callId);
          h.ended?.(m);
        }
        break;
      case 'dtmf':
        h.dtmf?.(m);
        break;
      case 'error':
        h.error?.(m);
        break;
      case 'transfer':
        h.transfer?.(m);
        break;
      case 'speaker':
        h.speaker?.(m);
        break;
    }
  }

  private closed(code: number): void {
    const handlers = [...this.calls.values()];
    this.calls.clear();
    for (const h of handlers) h.ended?.(null);
    for (const l of [...this.closeListeners]) l(code);
  }
}

// ---- HTTP --------------------------------------------------------------------------------------------------

function authHeaders(token?: string): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** `GET /v1/calls`: the active calls of the gateway at `base` (`''` for the page's own origin). */
export async function listCalls(base = '', token?: string): Promise<CallView[]> {
  const res = await fetch(`${base}/v1/calls`, { headers: authHeaders(token) });
  if (!res.ok) throw new Error(`GET /v1/calls: HTTP ${res.status}`);
  const body: unknown = await res.json();
  if (Array.isArray(body)) return body as CallView[];
  return ((body as { calls?: CallView[] }).calls ?? []) as CallView[];
}

/** `DELETE /v1/calls/{id}`: hangs a call up (ends as `local-hangup`); true if it existed. */
export async function deleteCall(id: string, base = '', token?: string): Promise<boolean> {
  const res = await fetch(`${base}/v1/calls/${encodeURIComponent(id)}`, { method: 'DELETE', headers: authHeaders(token) });
  if (res.status === 404) return false;
  if (!res.ok) throw new Error(`DELETE /v1/calls/${id}: HTTP ${res.status}`);
  return true;
}
