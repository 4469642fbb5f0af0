/** 1-64 chars of [A-Za-z0-9._:-], unique within one connection. */
export type CallId = string;
/** `dial` starts one outbound call. */
export interface DialMessage {
    type: 'dial';
    callId: CallId;
    /** A SIP or SIPS URI, a `tel:` URI or an E.164 number. */
    to: string;
    /** The room's WebRTC SDP offer. */
    offer: string;
    from?: {
        user?: string;
        displayName?: string;
        /** Addition: the From host, when the trunk allows it. */
        host?: string;
        /** Addition: a `sip:`, `sips:` or `tel:+` URI sent as P-Asserted-Identity or P-Preferred-Identity. */
        assertedIdentity?: string;
        /** Addition: RFC 3323 privacy values separated by `;`, or `none`. */
        privacy?: string;
    };
    /** Addition: RFC 5806 Diversion. */
    diversion?: {
        uri: string;
        reason?: string;
        counter?: number;
    };
    /** Only `X-` headers. */
    headers?: Record<string, string>;
    ringTimeoutSec?: number;
    maxDurationSec?: number;
}
/** `candidate` trickles one ICE candidate; `candidate: null` ends the trickle. */
export interface CandidateMessage {
    type: 'candidate';
    callId: CallId;
    candidate: string | null;
    sdpMid?: string;
}
export interface HangupMessage {
    type: 'hangup';
    callId: CallId;
}
/** Digits to the SIP side (RFC 4733 events, or SIP INFO). */
export interface DtmfSendMessage {
    type: 'dtmf';
    callId: CallId;
    digits: string;
    durationMs?: number;
}
export interface HoldMessage {
    type: 'hold';
    callId: CallId;
}
export interface ResumeMessage {
    type: 'resume';
    callId: CallId;
}
/**
 * Addition: the room transfers the callee (REFER): exactly one of `target` (as a dial's `to`) and `replacesCallId`
 * (attended: the room's other answered call whose far end the callee should reach).
 */
export interface TransferSendMessage {
    type: 'transfer';
    callId: CallId;
    target?: string;
    replacesCallId?: CallId;
}
/** Addition: the room's new offer in a running call (a meeting's participants joined or left). */
export interface OfferMessage {
    type: 'offer';
    callId: CallId;
    sdp: string;
}
export type ClientMessage = DialMessage | CandidateMessage | HangupMessage | DtmfSendMessage | HoldMessage | ResumeMessage | TransferSendMessage | OfferMessage;
/** The gateway's WebRTC SDP answer, sent as soon as the dial is accepted (and, an addition, to each `offer`). */
export interface AnswerMessage {
    type: 'answer';
    callId: CallId;
    sdp: string;
}
export type CallState = 'trying' | 'ringing' | 'early-media' | 'answered' | 'held' | 'resumed' | 'ended'
/** Addition: the call now reaches another party (RFC 3515). */
 | 'transferred';
export type Cause = 'local-hangup' | 'remote-hangup' | 'busy' | 'declined' | 'no-answer' | 'not-found' | 'unreachable' | 'rejected' | 'policy' | 'media-failure' | 'max-duration' | 'controller-gone' | 'shutdown' | 'error';
export type Party = 'local' | 'remote';
/** Each step of a call. */
export interface StateMessage {
    type: 'state';
    callId: CallId;
    state: CallState;
    sipStatus?: number;
    reason?: string;
    /** held/resumed/ended: who did it. */
    by?: Party;
    /** ended only. */
    cause?: Cause;
    /** ended only: whole seconds from `answered` (0 if never answered). */
    durationSec?: number;
    /** Addition, ended only: the seconds of the far end's Retry-After. */
    retryAfter?: number;
    /** Addition, ended only (answered calls): each leg's quality. */
    quality?: {
        room?: LegQuality;
        sip?: LegQuality;
    };
    /** Addition, transferred only: the target the call now reaches. */
    transferredTo?: string;
    /** Addition, trying after a followed 3xx: the SIP URI now dialled. */
    redirectedTo?: string;
}
/** The `ended` state: always exactly once per call. */
export interface EndedMessage extends StateMessage {
    state: 'ended';
    cause: Cause;
}
/** A digit received from the SIP side. */
export interface DtmfReceivedMessage {
    type: 'dtmf';
    callId: CallId;
    digit: string;
}
export type ErrorCode = 'bad-request' | 'unknown-call' | 'duplicate-call' | 'forbidden' | 'busy';
/** One message refused; the connection stays up. `callId` is absent when the message could not be tied to a call. */
export interface ErrorMessage {
    type: 'error';
    callId?: CallId;
    code: ErrorCode;
    message: string;
}
/** Addition: a step of a transfer (the REFER's response, then each NOTIFY's sipfrag status). */
export interface TransferProgressMessage {
    type: 'transfer';
    callId: CallId;
    by: Party;
    target?: string;
    sipStatus: number;
    reason?: string;
    final: boolean;
}
/** Addition: in a meeting, the participant whose video the phone now sees. */
export interface SpeakerMessage {
    type: 'speaker';
    callId: CallId;
    mid: string;
    /** The participant's stream id (`a=msid`), `""` when the room gave none. */
    msid: string;
}
export type ServerMessage = AnswerMessage | StateMessage | DtmfReceivedMessage | ErrorMessage | TransferProgressMessage | SpeakerMessage;
/** A frame whose `type` this client does not know (a later addition to the contract). */
export interface UnknownMessage {
    type: string;
    [field: string]: unknown;
}
export declare const SERVER_TYPES: readonly ["answer", "state", "dtmf", "error", "transfer", "speaker"];
/**
 * Parses one text frame from the gateway. Throws on a frame that is not a JSON object with a string `type`
 * (the contract says every frame is one); returns other types unchanged as {@link UnknownMessage}.
 */
export declare function parseServerMessage(text: string): ServerMessage | UnknownMessage;
export declare function isServerMessage(m: ServerMessage | UnknownMessage): m is ServerMessage;
export declare function isEnded(m: ServerMessage | UnknownMessage): m is EndedMessage;
/** One side of a call: codecs and counters. */
export interface CallLeg {
    audioCodec?: string;
    videoCodec?: string;
    packetsReceived: number;
    bytesReceived: number;
    packetsSent: number;
    bytesSent: number;
    packetsLost: number;
    jitterMs: number;
    /** Addition: packets from sources other than the leg's peer that were not let in. */
    packetsRefused?: number;
    /** Addition (issue 16): the leg's quality both ways; null numbers are not known yet. */
    quality?: LegQuality;
}
/** The quality of one leg (docs/quality.md): what the gateway receives, and what the peer reports receiving. */
export interface LegQuality {
    rttMs: number | null;
    jitterMs: number | null;
    /** Fraction of the audio packets lost over the last few seconds, 0..1. */
    fractionLost: number | null;
    packetsLost: number | null;
    remoteJitterMs: number | null;
    remoteFractionLost: number | null;
    remotePacketsLost: number | null;
    /** E-model estimate (ITU-T G.107) of the leg's worse direction, 1..4.5. */
    mos: number | null;
}
/** The set-up of a call, in ms from the dial; a step not reached (yet) is null or absent. */
export interface CallTimeline {
    inviteSent?: number | null;
    /** The first 18x. */
    firstProvisional?: number | null;
    /** The 200 OK to the INVITE. */
    answered?: number | null;
    /** ICE connected and DTLS-SRTP done with the room. */
    roomConnected?: number | null;
    firstRtpFromRoom?: number | null;
    firstRtpFromSip?: number | null;
}
/** One entry of `GET /v1/calls`. */
export interface CallView {
    /** The gateway's id of the call (for `DELETE /v1/calls/{id}`). */
    id: string;
    callId: CallId;
    to: string;
    state: string;
    startedAt: string;
    answeredAt?: string;
    sipCallId?: string;
    transcoding?: boolean;
    roomConnected?: boolean;
    room?: CallLeg;
    sip?: CallLeg;
    /** Addition: the relay's stages per direction, in packet order (read them by name, not by position). */
    pipeline?: {
        roomToSip: PipelineStage[];
        sipToRoom: PipelineStage[];
    };
    /** Addition (issue 16): the set-up timeline so far. */
    timeline?: CallTimeline;
    /** Addition (issue 13): a meeting's room streams. */
    sources?: RoomSource[];
}
/** One of a meeting room's streams, as `GET /v1/calls` lists it. */
export interface RoomSource {
    mid: string;
    msid: string;
    kind: 'audio' | 'video';
    ssrc?: number;
    /** Audio only: the smoothed level in dBov (0 loudest, -127 silence). */
    level?: number;
    /** Video: on the SIP video leg; audio: the active speaker's. */
    onSipVideo?: boolean;
}
/** One stage of the relay: the packets that reached it and those it dropped there. */
export interface PipelineStage {
    stage: string;
    in: number;
    dropped: number;
}
export type LifecycleKind = 'dialing' | 'trying' | 'ringing' | 'early-media' | 'answered' | 'held' | 'resumed' | 'transferred' | 'ended';
export interface CodecsUsed {
    room: {
        audio?: string;
        video?: string;
    };
    sip: {
        audio?: string;
        video?: string;
    };
    transcoding: boolean;
}
/** The body of one webhook POST (signed in `X-Dialout-Signature`). */
export interface CallEvent {
    type: `call.${LifecycleKind}`;
    /** Unique per event: de-duplicate retried deliveries with it. */
    id: string;
    version: number;
    /** 1, 2, 3, ... per call, in the order of the steps. */
    sequence: number;
    timestamp: string;
    call: {
        gatewayCallId: string;
        callId: CallId;
        sipCallId?: string;
        to: string;
        from: {
            user?: string;
            displayName?: string;
        };
        startedAt?: string;
    };
    state: LifecycleKind;
    sipStatus?: number;
    reason?: string;
    cause?: Cause;
    by?: Party;
    /** call.ended only, as are the fields below. */
    durationSec?: number;
    answeredAt?: string;
    endedAt?: string;
    codecs?: CodecsUsed;
    /** Reserved: null until per-leg quality is measured, then an object. */
    quality?: Record<string, unknown> | null;
}
/** One call detail record (a JSON line). */
export interface CallDetailRecord {
    type: 'cdr';
    version: number;
    gatewayCallId: string;
    callId: CallId;
    sipCallId?: string;
    to: string;
    from: {
        user?: string;
        displayName?: string;
    };
    startedAt?: string;
    answeredAt?: string;
    endedAt: string;
    setupMs?: number;
    durationSec: number;
    cause: Cause;
    sipStatus?: number;
    reason?: string;
    by?: Party;
    codecs: CodecsUsed;
    quality: Record<string, unknown> | null;
}
