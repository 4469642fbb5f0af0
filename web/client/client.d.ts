import { type AnswerMessage, type CallId, type CallView, type ClientMessage, type DialMessage, type DtmfReceivedMessage, type EndedMessage, type ErrorMessage, type ServerMessage, type SpeakerMessage, type TransferProgressMessage, type StateMessage, type UnknownMessage } from './messages.js';
/** The part of the WebSocket API the client uses (the browser's and Node's WebSocket have it). */
export interface WebSocketLike {
    readonly readyState: number;
    send(data: string): void;
    close(code?: number, reason?: string): void;
    onopen: ((ev: any) => void) | null;
    onclose: ((ev: any) => void) | null;
    onerror: ((ev: any) => void) | null;
    onmessage: ((ev: {
        data: any;
    }) => void) | null;
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
/** The WebSocket URL of a gateway from its HTTP base URL (`http://host:8080` -> `ws://host:8080/v1/dialout`). */
export declare function dialoutUrl(base: string, token?: string): string;
/** One WebSocket to the gateway and the calls it controls. Closing it ends them all (cause `controller-gone`). */
export declare class DialoutClient {
    private readonly ws;
    private readonly calls;
    private readonly listeners;
    private readonly closeListeners;
    private constructor();
    /** Opens the WebSocket; resolves once it is open, rejects when the handshake fails (e.g. 401). */
    static connect(url: string, options?: ConnectOptions): Promise<DialoutClient>;
    get open(): boolean;
    /** Sends any client message; false when the connection is not open. */
    send(message: ClientMessage): boolean;
    /** Starts a call; its messages go to `handlers` (and to every {@link onMessage} listener). */
    dial(request: Omit<DialMessage, 'type'>, handlers?: CallHandlers): boolean;
    candidate(callId: CallId, candidate: string | null, sdpMid?: string): boolean;
    hangup(callId: CallId): boolean;
    dtmf(callId: CallId, digits: string, durationMs?: number): boolean;
    hold(callId: CallId): boolean;
    resume(callId: CallId): boolean;
    /** Addition: asks the callee to call `target` (blind transfer, RFC 3515). */
    transfer(callId: CallId, target: string): boolean;
    /** Addition: the room's new offer in a running call; the gateway answers with an `answer`. */
    reoffer(callId: CallId, sdp: string): boolean;
    /** Every frame from the gateway, parsed; returns a function that removes the listener. */
    onMessage(listener: (m: ServerMessage | UnknownMessage) => void): () => void;
    /** The connection closed (with its WebSocket close code); every call it controlled is over. */
    onClose(listener: (code: number) => void): () => void;
    /** Resolves with the next message that `match` accepts (within `timeoutMs`). */
    next<T extends ServerMessage | UnknownMessage>(match: (m: ServerMessage | UnknownMessage) => m is T, timeoutMs?: number): Promise<T>;
    close(): void;
    private receive;
    private dispatch;
    private closed;
}
/** `GET /v1/calls`: the active calls of the gateway at `base` (`''` for the page's own origin). */
export declare function listCalls(base?: string, token?: string): Promise<CallView[]>;
/** `DELETE /v1/calls/{id}`: hangs a call up (ends as `local-hangup`); true if it existed. */
export declare function deleteCall(id: string, base?: string, token?: string): Promise<boolean>;
