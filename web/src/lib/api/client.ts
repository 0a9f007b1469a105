/**
 * The only module that talks to the API: GraphQL over HTTP (queries, mutations) and over a WebSocket
 * (graphql-transport-ws, live readings). Screens call the functions below and get typed data or an ApiError.
 *
 * The session is an HttpOnly cookie set by `signIn`; the browser sends it with every request and on the
 * WebSocket upgrade, so no token is ever handled here.
 */
import { Client, fetchExchange, subscriptionExchange, type AnyVariables, type TypedDocumentNode } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import {
  CABINET_QUERY,
  READING_ADDED_SUBSCRIPTION,
  SIGNED_IN_QUERY,
  SIGN_IN_MUTATION,
  SIGN_OUT_MUTATION,
  type Account,
  type Reading,
  type Viewer,
} from './documents';
import { ApiError, toApiError } from './errors';

const GRAPHQL_PATH = '/graphql';
/** A ping this often keeps proxies from dropping an idle socket and tells us when the link is dead. */
const KEEP_ALIVE_MS = 20_000;
/** No pong within this after a ping: the socket is treated as dead and reopened. */
const PONG_TIMEOUT_MS = 8_000;
/** Reconnection backoff: 1 s, 2 s, 4 s … capped here, plus jitter so many tabs do not return in step. */
const MAX_RETRY_DELAY_MS = 30_000;
const CLOSE_FORBIDDEN = 4403;
const CLOSE_PONG_TIMEOUT = 4408;

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
    // Every close is worth retrying (a restart, a dropped link) except a refusal: the session is gone, and
    // knocking again would never help; the subscriber is told instead and sends the person to sign in.
    shouldRetry: (event) => (event as { code?: number } | null)?.code !== CLOSE_FORBIDDEN,
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
function dropLiveConnection(): void {
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

async function query<Data, Variables extends AnyVariables>(document: TypedDocumentNode<Data, Variables>, variables: Variables): Promise<Data> {
  const result = await client.query(document, variables).toPromise();
  if (result.error) throw toApiError(result.error);
  if (!result.data) throw new ApiError('Сервер прислал пустой ответ', 'INTERNAL_SERVER_ERROR');
  return result.data;
}

async function mutate<Data, Variables extends AnyVariables>(document: TypedDocumentNode<Data, Variables>, variables: Variables): Promise<Data> {
  const result = await client.mutation(document, variables).toPromise();
  if (result.error) throw toApiError(result.error);
  if (!result.data) throw new ApiError('Сервер прислал пустой ответ', 'INTERNAL_SERVER_ERROR');
  return result.data;
}

/** The account and its meters with their latest readings; null when not signed in. */
export async function fetchCabinet(): Promise<Viewer | null> {
  return (await query(CABINET_QUERY, {})).viewer;
}

export async function isSignedIn(): Promise<boolean> {
  return (await query(SIGNED_IN_QUERY, {})).viewer !== null;
}

/** Sets the session cookie; a wrong phone or password is an ApiError with code BAD_USER_INPUT. */
export async function signIn(phone: string, password: string): Promise<Account> {
  const data = await mutate(SIGN_IN_MUTATION, { phone, password });
  dropLiveConnection();
  return data.signIn.account;
}

export async function signOut(): Promise<void> {
  try {
    await mutate(SIGN_OUT_MUTATION, {});
  } finally {
    dropLiveConnection();
  }
}

export interface ReadingsWatcher {
  /** Each reading of the viewer's meters, as the API stores it. */
  reading(reading: Reading): void;
  /** The live connection changed state (reported at once with the current state). */
  status(status: LiveStatus): void;
  /**
   * The socket is connected again (also the first time): readings stored while it was down never arrive,
   * so this is the moment to fetch the latest values once.
   */
  connected(): void;
  /** The subscription ended for good, e.g. UNAUTHENTICATED after the session expired. */
  failed(error: ApiError): void;
}

/** Live readings of all the viewer's meters; returns a function that stops them. */
export function watchReadings(watcher: ReadingsWatcher): () => void {
  statusListeners.add(watcher.status);
  connectedListeners.add(watcher.connected);
  watcher.status(liveStatus);
  const subscription = client.subscription(READING_ADDED_SUBSCRIPTION, {}).subscribe((result) => {
    if (result.error) watcher.failed(toApiError(result.error));
    else if (result.data) watcher.reading(result.data.readingAdded);
  });
  return () => {
    subscription.unsubscribe();
    statusListeners.delete(watcher.status);
    connectedListeners.delete(watcher.connected);
  };
}
