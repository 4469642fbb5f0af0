// The dial-out gateway's typed client: messages (docs/API.md) and the WebSocket/HTTP client.
export * from './messages.js';
export * from './client.js';
