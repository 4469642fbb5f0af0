// The messages of the dial-out gateway's contract (docs/API.md), as TypeScript types. Every message is one JSON
// object per WebSocket text frame with a "type". Fields the gateway adds later are allowed (the contract only grows):
// unknown fields are kept, unknown types are reported as such and never thrown at.
export const SERVER_TYPES = ['answer', 'state', 'dtmf', 'error', 'transfer', 'speaker'];
/**
 * Parses one text frame from the gateway. Throws on a frame that is not a JSON object with a string `type`
 * (the contract says every frame is one); returns other types unchanged as {@link UnknownMessage}.
 */
export function parseServerMessage(text) {
    const value = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new TypeError('a gateway frame must be a JSON object');
    }
    const type = value.type;
    if (typeof type !== 'string') {
        throw new TypeError('a gateway frame must have a string "type"');
    }
    return value;
}
export function isServerMessage(m) {
    return SERVER_TYPES.includes(m.type);
}
export function isEnded(m) {
    return m.type === 'state' && m.state === 'ended';
}
