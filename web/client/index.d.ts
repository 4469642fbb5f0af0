export * from './messages.js';
export * from './client.js';
