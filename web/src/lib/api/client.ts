/**
 * The only way the cabinet talks to the backend, split by concern: `connection.ts` (HTTP and the WebSocket,
 * reconnection, live status), `errors.ts` (what a failed call shows), `auth.ts`, `profile.ts`, `meters.ts`,
 * `readings.ts`, `support.ts`, `operator.ts`, `submissions.ts`, `costs.ts`, `alerts.ts`, `webhooks.ts` and `outbox.ts` (each domain's operations). Screens import from here.
 */
export { type LiveStatus, type LiveWatcher } from './connection.js';
export * from './auth.js';
export * from './profile.js';
export * from './meters.js';
export * from './readings.js';
export * from './support.js';
export * from './outbox.js';
export * from './operator.js';
export * from './submissions.js';
export * from './costs.js';
export * from './alerts.js';
export * from './webhooks.js';
