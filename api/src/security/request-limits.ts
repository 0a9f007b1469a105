/**
 * The published request limits: one value each, enforced by the transports (graphql/limits.ts, http/server.ts,
 * http/websocket.ts) and published by the `limits` query (limits.resolver.ts).
 */
export const LIMITS = { maxDepth: 12, maxAliases: 15, maxCost: 150_000, maxDirectives: 50, maxTokens: 2000 } as const;

/** Largest GraphQL request body over HTTP; a bridge keeps its batches well below it. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Largest WebSocket message: subscriptions are small; the `ws` default of 100 MiB invites abuse. */
export const MAX_WS_MESSAGE_BYTES = 64 * 1024;
