/**
 * The API's `deviceConfigChanged` subscription, kept open for as long as the bridge runs: one graphql-ws
 * connection authenticated with the service credential, reconnecting with capped backoff whenever it drops,
 * and checked with pings so that a half-open connection is noticed within seconds, not at the next write.
 *
 * Changes made while the connection was down are lost to a subscription; `onResync` is called after every
 * reconnection so the bridge can check what it holds instead.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { graphql, queryText, type ResultOf } from '../graphql.js';
import { DEVICE_CONFIG_FIELDS, type DeviceConfig } from './device-api.js';

export interface ConfigFeedOptions {
  /** The API's GraphQL URL over HTTP (API_URL); the WebSocket URL is the same with ws(s):. */
  url: string;
  secret: string;
  onChange: (device: DeviceConfig) => void;
  onResync: () => void;
  onError?: (err: unknown) => void;
  /** Interval of keep-alive pings, ms (default 15 s); no pong within half of it closes the socket and reconnects. */
  keepAliveMs?: number;
  /** Longest wait between reconnection attempts, ms (default 30 s). */
  maxRetryWaitMs?: number;
}

const DEVICE_CONFIG_CHANGED_SUBSCRIPTION = graphql(
  `
    subscription DeviceConfigChanged {
      deviceConfigChanged {
        ...DeviceConfigFields
      }
    }
  `,
  [DEVICE_CONFIG_FIELDS],
);
/** graphql-ws treats 4408 as retryable; we use it for "no pong in time". */
const CLOSE_PONG_TIMEOUT = 4408;
/** How long `close()` waits for the socket to say goodbye. */
const CLOSE_WAIT_MS = 1000;

/** `ws` waits for an opening handshake forever by default; an API host that drops packets must not stall reconnection. */
class HandshakeTimedWebSocket extends WebSocket {
  constructor(address: string | URL, protocols?: string | string[]) {
    super(address, protocols, { handshakeTimeout: 10_000 });
  }
}

export const wsUrlOf = (httpUrl: string): string => httpUrl.replace(/^http(s?):/i, 'ws$1:');

export class ConfigFeed {
  private client: Client | null = null;
  private unsubscribe: (() => void) | null = null;
  private restartTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private everConnected = false;
  private connectedNow = false;
  private readyWaiters: Array<() => void> = [];
  private failures = 0;
  /** Ends the waits between reconnection attempts (graphql-ws would finish one before it can be disposed). */
  private readonly wakers = new Set<() => void>();

  constructor(private readonly options: ConfigFeedOptions) {}

  /** Whether the subscription's connection is up. */
  get connected(): boolean {
    return this.connectedNow;
  }

  start(): void {
    if (this.closed || this.client) return;
    const keepAlive = this.options.keepAliveMs ?? 15_000;
    const maxWait = this.options.maxRetryWaitMs ?? 30_000;
    let socket: WebSocket | null = null;
    let pongTimer: NodeJS.Timeout | undefined;
    const client = createClient({
      url: wsUrlOf(this.options.url),
      webSocketImpl: HandshakeTimedWebSocket,
      connectionParams: { authorization: `Bearer ${this.options.secret}` },
      lazy: true,
      keepAlive,
      retryAttempts: Infinity,
      shouldRetry: () => true,
      retryWait: async (retries) => {
        const wait = Math.min(maxWait, 500 * 2 ** Math.min(retries, 10)) * (0.5 + Math.random() / 2);
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            this.wakers.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, wait);
          this.wakers.add(wake);
        });
      },
      on: {
        connected: (s) => {
          socket = s as WebSocket;
          this.connectedNow = true;
          this.failures = 0;
          const again = this.everConnected;
          this.everConnected = true;
          this.readyWaiters.splice(0).forEach((resolve) => resolve());
          if (again) this.options.onResync();
        },
        closed: (event) => {
          if (this.connectedNow && !this.closed) {
            const { code, reason } = (event ?? {}) as { code?: number; reason?: string };
            this.options.onError?.(new Error(`connection to the API closed (${code ?? '?'} ${reason ?? ''}); reconnecting`));
          }
          socket = null;
          this.connectedNow = false;
          clearTimeout(pongTimer);
        },
        ping: (received) => {
          if (received) return;
          clearTimeout(pongTimer);
          pongTimer = setTimeout(() => {
            if (socket?.readyState === WebSocket.OPEN) socket.close(CLOSE_PONG_TIMEOUT, 'Pong timeout');
          }, keepAlive / 2);
        },
        pong: (received) => {
          if (received) clearTimeout(pongTimer);
        },
      },
    });
    this.client = client;
    this.unsubscribe = client.subscribe<ResultOf<typeof DEVICE_CONFIG_CHANGED_SUBSCRIPTION>>(
      { query: queryText(DEVICE_CONFIG_CHANGED_SUBSCRIPTION) },
      {
        next: (result) => {
          if (result.data?.deviceConfigChanged) this.options.onChange(result.data.deviceConfigChanged);
          if (result.errors?.length) this.options.onError?.(new Error(`deviceConfigChanged: ${result.errors[0].message}`));
        },
        // A refused subscription (a wrong secret) or one the server ended: start over with a new connection.
        // Callbacks of a client already replaced or stopped are ignored.
        error: (err) => this.client === client && this.restart(err),
        complete: () => this.client === client && this.restart(new Error('deviceConfigChanged completed by the API')),
      },
    );
  }

  /** Resolves once the subscription's connection has been acknowledged (for tests and start-up logs). */
  ready(): Promise<void> {
    if (this.connectedNow) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.restartTimer);
    await this.stop();
  }

  private async stop(): Promise<void> {
    const client = this.client;
    const unsubscribe = this.unsubscribe;
    this.client = null;
    this.unsubscribe = null;
    this.connectedNow = false;
    unsubscribe?.();
    this.wakers.forEach((wake) => wake());
    if (!client) return;
    // Disposing while a connection attempt is pending rejects with that attempt's close event: nothing to report.
    await Promise.race([Promise.resolve(client.dispose()).catch(() => {}), new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref())]);
  }

  private restart(err: unknown): void {
    if (this.closed) return;
    this.options.onError?.(err);
    void this.stop();
    const wait = Math.min(this.options.maxRetryWaitMs ?? 30_000, 1000 * 2 ** Math.min(this.failures++, 10));
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => this.start(), wait);
    this.restartTimer.unref();
  }
}
