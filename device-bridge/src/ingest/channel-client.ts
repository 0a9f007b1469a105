/**
 * Readings to the API over its ingest channel (API_TRANSPORT=channel): one WebSocket at /ingest kept open, batches
 * as JSON frames matched to their answers by id (api/src/http/ingest-channel.ts) — no HTTP request, Express or
 * GraphQL per batch. The same contract as the mutation (api-client.ts): an answer means the batch is committed;
 * STORAGE_UNAVAILABLE is StorageUnavailable; no answer within the timeout is ApiUnreachable (the devices get 5.03
 * and retry). The connection is checked by pings; after it drops it is opened again with backoff, and every batch
 * still waiting for its answer is sent again (ingest is idempotent: what was stored counts as duplicates).
 */
import WebSocket from 'ws';
import { ApiUnreachable, StorageUnavailable, toColumns, type ApiClient, type PackInput, type PackResult } from './api-client.js';

export interface ChannelOptions {
  /** How long a batch may wait for its answer, resends included (default 10 s, as over HTTP). */
  timeoutMs?: number;
  /** Ping interval (default 15 s); no pong within half of it closes the socket, and it is opened again. */
  keepAliveMs?: number;
  /** Longest wait between connection attempts (default 5 s). */
  maxRetryWaitMs?: number;
  onError?: (err: Error) => void;
}

interface Waiting {
  frame: string;
  count: number;
  resolve: (r: PackResult[]) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

type Answer = { id: number; results?: PackResult[]; error?: { code: string; message?: string; retryAfter?: number } };

export const channelUrlOf = (graphqlUrl: string): string => {
  const u = new URL(graphqlUrl);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  u.pathname = '/ingest';
  u.search = '';
  return u.toString();
};

export class ChannelApiClient implements ApiClient {
  private ws: WebSocket | null = null;
  private open = false;
  private seq = 0;
  private failures = 0;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private pongTimer: NodeJS.Timeout | undefined;
  private readonly waiting = new Map<number, Waiting>();
  private readonly url: string;

  constructor(
    graphqlUrl: string,
    private readonly secret: string,
    private readonly options: ChannelOptions = {},
  ) {
    this.url = channelUrlOf(graphqlUrl);
  }

  get connected(): boolean {
    return this.open;
  }

  ingest(packs: PackInput[]): Promise<PackResult[]> {
    if (this.closed) return Promise.reject(new ApiUnreachable('the ingest channel is closed'));
    const id = ++this.seq;
    const frame = JSON.stringify({ id, packs: packs.map(toColumns) });
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    return new Promise<PackResult[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new ApiUnreachable(`no answer on the ingest channel within ${timeoutMs} ms (batch ${id})`));
      }, timeoutMs);
      this.waiting.set(id, { frame, count: packs.length, resolve, reject, timer });
      if (this.open) this.ws!.send(frame);
      else this.connect();
    });
  }

  /** Closes the channel; batches still waiting fail as unreachable (their devices retry). */
  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.stopPings();
    this.ws?.close(1001, 'Bridge shutting down');
    for (const [id, w] of this.waiting) {
      clearTimeout(w.timer);
      w.reject(new ApiUnreachable('the ingest channel closed'));
      this.waiting.delete(id);
    }
  }

  private connect(): void {
    if (this.ws || this.closed || this.retryTimer) return;
    const ws = new WebSocket(this.url, { headers: { authorization: `Bearer ${this.secret}` }, handshakeTimeout: 5000, perMessageDeflate: false });
    this.ws = ws;
    ws.on('open', () => {
      this.open = true;
      this.failures = 0;
      this.startPings(ws);
      // What was sent on the last connection and not answered goes again (idempotent on the API's side).
      for (const w of this.waiting.values()) ws.send(w.frame);
    });
    ws.on('message', (data) => this.answer(String(data)));
    ws.on('pong', () => clearTimeout(this.pongTimer));
    ws.on('unexpected-response', (_req, res) => {
      this.options.onError?.(new Error(`the ingest channel was refused: HTTP ${res.statusCode}`));
      ws.terminate();
    });
    ws.on('error', (err) => this.options.onError?.(new Error(`ingest channel: ${err.message}`)));
    ws.on('close', () => {
      this.ws = null;
      this.open = false;
      this.stopPings();
      if (this.closed || !this.waiting.size) return;
      const wait = Math.min(this.options.maxRetryWaitMs ?? 5000, 100 * 2 ** Math.min(this.failures++, 10)) * (0.5 + Math.random() / 2);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.connect();
      }, wait);
    });
  }

  private answer(text: string): void {
    let a: Answer;
    try {
      a = JSON.parse(text) as Answer;
    } catch {
      return void this.options.onError?.(new Error('the ingest channel answered something that is not JSON'));
    }
    const w = this.waiting.get(a.id);
    if (!w) return; // answered after its timeout, or a resend's second answer
    this.waiting.delete(a.id);
    clearTimeout(w.timer);
    if (a.error?.code === 'STORAGE_UNAVAILABLE') return w.reject(new StorageUnavailable(a.error.retryAfter ?? 10));
    if (a.error || !a.results) return w.reject(new Error(`ingest failed on the channel: ${a.error?.code ?? 'no result'}${a.error?.message ? ` (${a.error.message})` : ''}`));
    if (a.results.length !== w.count) return w.reject(new Error('ingest answered a different number of packs'));
    w.resolve(a.results);
  }

  private startPings(ws: WebSocket): void {
    const every = this.options.keepAliveMs ?? 15_000;
    this.pingTimer = setInterval(() => {
      ws.ping();
      clearTimeout(this.pongTimer);
      this.pongTimer = setTimeout(() => ws.terminate(), every / 2);
    }, every);
    this.pingTimer.unref();
  }

  private stopPings(): void {
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
  }
}
