/**
 * Many graphql-ws subscribers in one child process (for the fanout benchmark): plain `ws` sockets speaking
 * graphql-transport-ws by hand — connection_init with a bearer token, one or more `subscribe`s, pong to ping —
 * so that thousands fit in a process. Each `next` is timed from the reading's own `time` to its arrival here
 * (same machine, same clock) into a 1-ms histogram; the parent opens and closes the measuring window. Only readings
 * whose own time falls in the window [from, until) count, whenever they arrive before the window closes (the parent
 * closes it a grace period after `until`); each is also counted under its meter and time, for the parent to match
 * against the readings actually sent (what was due).
 *
 * Messages from the parent: connect, window {on, from}, until {until}, window {on: false}, close. To the parent:
 * connected, stats.
 */
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';

export interface ClientSocketSpec {
  /** Bearer token for connection_init (ignored by the raw baseline server). */
  token: string;
  subscriptions: Array<{ id: string; meterId: string }>;
}

export type ClientsCommand =
  | { type: 'connect'; url: string; sockets: ClientSocketSpec[]; concurrency: number; query: string }
  | { type: 'window'; on: true; from: number }
  | { type: 'until'; until: number }
  | { type: 'window'; on: false }
  | { type: 'close' };

export interface ClientsConnected {
  type: 'connected';
  open: number;
  failed: number;
  failures: Record<string, number>;
  ms: number;
  fdLimit: string;
}

export interface ClientsStats {
  type: 'stats';
  /** [delay ms, count] pairs; the last bucket collects everything from HIST_MAX_MS on. */
  histogram: Array<[number, number]>;
  received: number;
  /** `${meterId}|${reading time, epoch ms}` → messages received of that reading (counted ones only). */
  byReading: Array<[string, number]>;
  subscriptions: number;
  subscriptionsWithMessage: number;
  errors: Record<string, number>;
  closes: Record<string, number>;
  openAtEnd: number;
}

const HIST_MAX_MS = 60_000;

let hist = new Uint32Array(HIST_MAX_MS + 1);
let measuring = false;
let received = 0;
let from = Infinity;
let until = Infinity;
const byReading = new Map<string, number>();
const perSubscription = new Map<string, number>();
const errors: Record<string, number> = {};
const closes: Record<string, number> = {};
const sockets: WebSocket[] = [];
let subscriptionCount = 0;

function bump(o: Record<string, number>, k: string) {
  o[k] = (o[k] ?? 0) + 1;
}

function open(url: string, spec: ClientSocketSpec, query: string, index: number): Promise<string | null> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false, handshakeTimeout: 60_000 });
    let settled = false;
    const settle = (failure: string | null) => {
      if (settled) return;
      settled = true;
      resolve(failure);
    };
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${spec.token}` } })));
    ws.on('message', (data) => {
      const text = data.toString();
      // The hot path: `next` frames. Parse only what is needed.
      if (text.startsWith('{"id"') || text.includes('"type":"next"')) {
        const m = JSON.parse(text);
        if (m.type === 'next') {
          const r = m.payload?.data?.readingAdded;
          if (!r) {
            bump(errors, `next without data: ${JSON.stringify(m.payload?.errors?.[0]?.message ?? m.payload).slice(0, 80)}`);
            return;
          }
          if (!measuring) return;
          const time = Date.parse(r.time);
          if (!(time >= from && time < until)) return;
          const delay = Date.now() - time;
          const rk = `${r.meterId}|${time}`;
          byReading.set(rk, (byReading.get(rk) ?? 0) + 1);
          hist[Math.max(0, Math.min(HIST_MAX_MS, Math.round(delay)))]++;
          received++;
          const key = `${index}:${m.id}`;
          perSubscription.set(key, (perSubscription.get(key) ?? 0) + 1);
          return;
        }
        if (m.type === 'error') bump(errors, JSON.stringify(m.payload?.[0]?.message ?? m.payload).slice(0, 80));
        if (m.type === 'complete') bump(errors, 'complete');
        return;
      }
      const m = JSON.parse(text);
      if (m.type === 'connection_ack') {
        for (const s of spec.subscriptions) ws.send(JSON.stringify({ id: s.id, type: 'subscribe', payload: { query, variables: { m: [s.meterId] } } }));
        sockets.push(ws);
        settle(null);
      } else if (m.type === 'ping') {
        ws.send('{"type":"pong"}');
      }
    });
    ws.on('unexpected-response', (_req, res) => {
      settle(`HTTP ${res.statusCode}`);
      ws.terminate();
    });
    ws.on('error', (err) => settle((err as NodeJS.ErrnoException).code ?? err.message.slice(0, 60)));
    ws.on('close', (code) => {
      bump(closes, String(code));
      settle(`closed ${code}`);
    });
  });
}

process.on('message', async (cmd: ClientsCommand) => {
  if (cmd.type === 'connect') {
    const start = performance.now();
    const failures: Record<string, number> = {};
    let next = 0;
    let failed = 0;
    const worker = async () => {
      while (next < cmd.sockets.length) {
        const i = next++;
        const failure = await open(cmd.url, cmd.sockets[i], cmd.query, i);
        if (failure) {
          failed++;
          bump(failures, failure);
        }
      }
    };
    await Promise.all(Array.from({ length: cmd.concurrency }, worker));
    subscriptionCount = cmd.sockets.reduce((n, s) => n + s.subscriptions.length, 0);
    const limits = readFileSync('/proc/self/limits', 'utf8');
    const fdLimit = /^Max open files\s+(\S+)\s+(\S+)/m.exec(limits)?.slice(1).join('/') ?? '?';
    process.send!({ type: 'connected', open: sockets.length, failed, failures, ms: performance.now() - start, fdLimit } satisfies ClientsConnected);
  } else if (cmd.type === 'until') {
    until = cmd.until;
  } else if (cmd.type === 'window') {
    if (cmd.on) {
      hist = new Uint32Array(HIST_MAX_MS + 1);
      received = 0;
      byReading.clear();
      from = cmd.from;
      until = Infinity;
      perSubscription.clear();
      measuring = true;
    } else {
      measuring = false;
      const histogram: Array<[number, number]> = [];
      hist.forEach((n, ms) => {
        if (n) histogram.push([ms, n]);
      });
      process.send!({
        type: 'stats',
        histogram,
        received,
        byReading: [...byReading],
        subscriptions: subscriptionCount,
        subscriptionsWithMessage: perSubscription.size,
        errors,
        closes,
        openAtEnd: sockets.filter((s) => s.readyState === WebSocket.OPEN).length,
      } satisfies ClientsStats);
    }
  } else if (cmd.type === 'close') {
    for (const ws of sockets) ws.terminate();
    setTimeout(() => process.exit(0), 200);
  }
});
