// A small typed client of the gateway: one WebSocket (/v1/dialout) that controls many calls, plus the HTTP calls
// API. Browser and Node (>= 22, or 20 with --experimental-websocket) alike: it only needs a WebSocket constructor.
import { isEnded, isServerMessage, parseServerMessage, } from './messages.js';
const OPEN = 1;
/** The WebSocket URL of a gateway from its HTTP base URL (`http://host:8080` -> `ws://host:8080/v1/dialout`). */
export function dialoutUrl(base, token) {
    const u = new URL('/v1/dialout', base);
    u.protocol = u.protocol === 'https:' ? 'wss:' : u.protocol === 'http:' ? 'ws:' : u.protocol;
    if (token)
        u.searchParams.set('access_token', token);
    return u.toString();
}
/** One WebSocket to the gateway and the calls it controls. Closing it ends them all (cause `controller-gone`). */
export class DialoutClient {
    ws;
    calls = new Map();
    listeners = new Set();
    closeListeners = new Set();
    constructor(ws) {
        this.ws = ws;
        ws.onmessage = (ev) => this.receive(String(ev.data));
        ws.onclose = (ev) => this.closed(typeof ev?.code === 'number' ? ev.code : 1006);
    }
    /** Opens the WebSocket; resolves once it is open, rejects when the handshake fails (e.g. 401). */
    static connect(url, options = {}) {
        const Ws = options.webSocket ?? globalThis.WebSocket;
        if (!Ws)
            return Promise.reject(new Error('no WebSocket implementation: pass options.webSocket'));
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
    get open() {
        return this.ws.readyState === OPEN;
    }
    /** Sends any client message; false when the connection is not open. */
    send(message) {
        if (!this.open)
            return false;
        this.ws.send(JSON.stringify(message));
        return true;
    }
    /** Starts a call; its messages go to `handlers` (and to every {@link onMessage} listener). */
    dial(request, handlers = {}) {
        this.calls.set(request.callId, handlers);
        const sent = this.send({ type: 'dial', ...request });
        if (!sent)
            this.calls.delete(request.callId);
        return sent;
    }
    candidate(callId, candidate, sdpMid) {
        const m = { type: 'candidate', callId, candidate };
        if (sdpMid !== undefined && sdpMid !== null)
            m.sdpMid = sdpMid;
        return this.send(m);
    }
    hangup(callId) {
        return this.send({ type: 'hangup', callId });
    }
    dtmf(callId, digits, durationMs) {
        return this.send(durationMs === undefined ? { type: 'dtmf', callId, digits } : { type: 'dtmf', callId, digits, durationMs });
    }
    hold(callId) {
        return this.send({ type: 'hold', callId });
    }
    resume(callId) {
        return this.send({ type: 'resume', callId });
    }
    /** Addition: asks the callee to call `target` (blind transfer, RFC 3515). */
    transfer(callId, target) {
        return this.send({ type: 'transfer', callId, target });
    }
    /** Addition: the room's new offer in a running call; the gateway answers with an `answer`. */
    reoffer(callId, sdp) {
        return this.send({ type: 'offer', callId, sdp });
    }
    /** Every frame from the gateway, parsed; returns a function that removes the listener. */
    onMessage(listener) {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }
    /** The connection closed (with its WebSocket close code); every call it controlled is over. */
    onClose(listener) {
        this.closeListeners.add(listener);
        return () => this.closeListeners.delete(listener);
    }
    /** Resolves with the next message that `match` accepts (within `timeoutMs`). */
    next(match, timeoutMs = 20_000) {
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
    close() {
        this.ws.close(1000, 'bye');
    }
    receive(text) {
        let m;
        try {
            m = parseServerMessage(text);
        }
        catch {
            return; // not a contract frame: nothing to tell anyone
        }
        if (isServerMessage(m) && m.callId !== undefined)
            this.dispatch(m);
        for (const l of [...this.listeners])
            l(m);
    }
    dispatch(m) {
        const h = this.calls.get(m.callId);
        if (!h)
            return;
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
    closed(code) {
        const handlers = [...this.calls.values()];
        this.calls.clear();
        for (const h of handlers)
            h.ended?.(null);
        for (const l of [...this.closeListeners])
            l(code);
    }
}
// ---- HTTP --------------------------------------------------------------------------------------------------
function authHeaders(token) {
    return token ? { Authorization: `Bearer ${token}` } : {};
}
/** `GET /v1/calls`: the active calls of the gateway at `base` (`''` for the page's own origin). */
export async function listCalls(base = '', token) {
    const res = await fetch(`${base}/v1/calls`, { headers: authHeaders(token) });
    if (!res.ok)
        throw new Error(`GET /v1/calls: HTTP ${res.status}`);
    const body = await res.json();
    if (Array.isArray(body))
        return body;
    return (body.calls ?? []);
}
/** `DELETE /v1/calls/{id}`: hangs a call up (ends as `local-hangup`); true if it existed. */
export async function deleteCall(id, base = '', token) {
    const res = await fetch(`${base}/v1/calls/${encodeURIComponent(id)}`, { method: 'DELETE', headers: authHeaders(token) });
    if (res.status === 404)
        return false;
    if (!res.ok)
        throw new Error(`DELETE /v1/calls/${id}: HTTP ${res.status}`);
    return true;
}
