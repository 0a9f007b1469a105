/**
 * The connection to the API: GraphQL over HTTP (queries, mutations) and over a WebSocket (graphql-transport-ws)
 * with keep-alive, reconnection with backoff and the live status the screens show. Every domain module
 * (`auth.ts`, `profile.ts`, `meters.ts`, `readings.ts`, `support.ts`) calls the API through the helpers here.
 *
 * The session is an HttpOnly cookie set by every way of signing in; the browser sends it with every request and
 * on the WebSocket upgrade, so no session token is ever handled here.
 */
import { Client, fetchExchange, stringifyDocument, subscriptionExchange, type AnyVariables, type TypedDocumentNode } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { t } from '$lib/i18n';
import { ApiError, apiErrorOf, liveErrorOf } from './errors.js';

const GRAPHQL_PATH = '/graphql';
/** A ping this often keeps proxies from dropping an idle socket and tells us when the link is dead. */
const KEEP_ALIVE_MS = 20_000;
/** No pong within this after a ping: the socket is treated as dead and reopened. */
const PONG_TIMEOUT_MS = 8_000;
/** Reconnection backoff: 1 s, 2 s, 4 s … capped here, plus jitter so many tabs do not return in step. */
const MAX_RETRY_DELAY_MS = 30_000;
/** graphql-ws CloseCode.Forbidden: the session is gone, retrying would never help. */
const CLOSE_FORBIDDEN = 4403;
const CLOSE_PONG_TIMEOUT = 4408;
/** The API's code for «too many connections of this account» (not a graphql-ws one): knocking again would not help. */
const CLOSE_TOO_MANY_CONNECTIONS = 4430;

/** State of the live connection: `reconnecting` is shown to the user as «нет связи, переподключение…». */
export type LiveStatus = 'connecting' | 'online' | 'reconnecting';

let ws: WsClient | null = null;
let liveStatus: LiveStatus = 'connecting';
const statusListeners = new Set<(status: LiveStatus) => void>();
const connectedListeners = new Set<() => void>();

function setLiveStatus(status: LiveStatus): void {
  if (status === liveStatus) return;
  liveStatus = status;
  for (const listener of statusListeners) listener(status);
}

function webSocketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}${GRAPHQL_PATH}`;
}

/** Created on the first subscription, not at import: the login page never opens a socket. */
function liveClient(): WsClient {
  if (ws) return ws;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  let socket: WebSocket | null = null;
  // A disposed client still reports its socket closing; only the current one may change the shown status.
  const current = () => ws === self;
  const self: WsClient = createWsClient({
    url: webSocketUrl,
    lazy: true,
    keepAlive: KEEP_ALIVE_MS,
    retryAttempts: Infinity,
    retryWait: async (retries) => {
      const delay = Math.min(MAX_RETRY_DELAY_MS, 1000 * 2 ** retries) + Math.random() * 1000;
      await new Promise((resolve) => setTimeout(resolve, delay));
    },
    // Every close is worth retrying (a restart, a dropped link) except a refusal: the session is gone, or the
    // account has too many connections open, and knocking again would not help; the subscriber is told instead.
    shouldRetry: (event) => {
      const code = (event as { code?: number } | null)?.code;
      return code !== CLOSE_FORBIDDEN && code !== CLOSE_TOO_MANY_CONNECTIONS;
    },
    on: {
      connecting: (isRetry) => {
        if (current()) setLiveStatus(isRetry ? 'reconnecting' : 'connecting');
      },
      opened: (opened) => {
        socket = opened as WebSocket;
      },
      connected: () => {
        if (!current()) return;
        setLiveStatus('online');
        for (const listener of connectedListeners) listener();
      },
      ping: (received) => {
        if (!received) pongTimer = setTimeout(() => socket?.close(CLOSE_PONG_TIMEOUT, 'Pong timeout'), PONG_TIMEOUT_MS);
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
      closed: () => {
        clearTimeout(pongTimer);
        socket = null;
        if (current()) setLiveStatus('reconnecting');
      },
    },
  });
  ws = self;
  return self;
}

/**
 * A new session (signed in, signed out) must not ride on a socket authenticated as the previous one:
 * the API checks the cookie once, when the socket opens.
 */
export function dropLiveConnection(): void {
  ws?.dispose();
  ws = null;
  liveStatus = 'connecting';
}

const client = new Client({
  url: GRAPHQL_PATH,
  // The API's CSRF prevention refuses simple GET requests; a JSON POST always passes.
  preferGetMethod: false,
  fetchOptions: { credentials: 'include' },
  exchanges: [
    subscriptionExchange({
      forwardSubscription(request) {
        const payload = { ...request, query: request.query ?? '' };
        return {
          subscribe(sink) {
            return { unsubscribe: liveClient().subscribe(payload, sink) };
          },
        };
      },
    }),
    // No document cache: every screen wants the newest data, and a cache would outlive a sign-out.
    fetchExchange,
  ],
});
export async function query<Data, Variables extends AnyVariables>(document: TypedDocumentNode<Data, Variables>, variables: Variables): Promise<Data> {
  const result = await client.query(document, variables).toPromise();
  if (result.error) throw await apiErrorOf(result.error);
  if (!result.data) throw new ApiError(t.errors.emptyAnswer, 'INTERNAL_SERVER_ERROR');
  return result.data;
}

export async function mutate<Data, Variables extends AnyVariables>(document: TypedDocumentNode<Data, Variables>, variables: Variables): Promise<Data> {
  const result = await client.mutation(document, variables).toPromise();
  if (result.error) throw await apiErrorOf(result.error);
  if (!result.data) throw new ApiError(t.errors.emptyAnswer, 'INTERNAL_SERVER_ERROR');
  return result.data;
}

/** What a screen following a live stream hears about the connection itself. */
export interface LiveListeners {
  /** The live connection changed state (reported at once with the current state). */
  status?(status: LiveStatus): void;
  /** Connected (again, or the first time): what was sent while the socket was down never arrives, so fetch once more. */
  connected?(): void;
}

/** A subscription through urql that reports the connection to `listeners`; returns the function that stops it. */
export function subscribe<Data, Variables extends AnyVariables>(
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  next: (data: Data) => void,
  failed: (error: ApiError) => void,
  { status, connected }: LiveListeners = {},
): () => void {
  if (status) {
    statusListeners.add(status);
    status(liveStatus);
  }
  if (connected) connectedListeners.add(connected);
  const subscription = client.subscription(document, variables).subscribe((result) => {
    if (result.error) void apiErrorOf(result.error).then(failed);
    else if (result.data) next(result.data);
  });
  return () => {
    subscription.unsubscribe();
    if (status) statusListeners.delete(status);
    if (connected) connectedListeners.delete(connected);
  };
}

export interface LiveWatcher<T> {
  /** A new value (after a reconnection, first the ones missed while the socket was down). */
  next(value: T): void;
  /** The live connection changed state (reported at once with the current state). */
  status(status: LiveStatus): void;
  /** The subscription ended for good: UNAUTHENTICATED, FORBIDDEN (unbound meanwhile), BAD_USER_INPUT… */
  failed(error: ApiError): void;
}

/**
 * A resumable subscription straight on the socket: after every value `since` in the payload is moved to its
 * time, and graphql-ws sends that same payload when it reconnects, so the server replays exactly what was missed.
 */
export function watchLive<Data, Variables extends { since?: string | null }, T>(
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  pick: (data: Data) => { value: T; time: string },
  watcher: LiveWatcher<T>,
): () => void {
  statusListeners.add(watcher.status);
  watcher.status(liveStatus);
  const payload = { query: stringifyDocument(document), variables: { ...variables } };
  const unsubscribe = liveClient().subscribe<Data>(payload, {
    next: (result) => {
      if (result.errors?.length) return void liveErrorOf(result.errors).then(watcher.failed);
      if (!result.data) return;
      const { value, time } = pick(result.data as Data);
      if (!payload.variables.since || Date.parse(time) > Date.parse(payload.variables.since)) payload.variables.since = time;
      watcher.next(value);
    },
    error: (error) => void liveErrorOf(error).then(watcher.failed),
    complete: () => {},
  });
  return () => {
    unsubscribe();
    statusListeners.delete(watcher.status);
  };
}

