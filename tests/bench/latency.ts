/**
 * End-to-end latency (pnpm bench latency [--pg] [--rate R] [--modems N] [--rounds R] [--seconds S]): from a CoAP
 * POST leaving a modem to the reading arriving at a graphql-ws subscriber of that meter's customer.
 *
 * The product runs as `pnpm start` runs it (SQLite; PostgreSQL + Redis with --pg). A probe — one UDP socket
 * and one graphql-ws subscription in this process, on one clock — sends a reading every 50 ms and times each
 * to its arrival at the subscriber. Baseline: the probe alone. System under load: the same probe while
 * `modems` other modems send at `rate` readings/s (open loop, tests/bench/paced-load.ts); by default the rate
 * is half of the end-to-end rate P1 measured first in the same run the way `pnpm bench ingest` measures it
 * (closed loop, tests/bench/loadgen.ts). Rounds alternate baseline and load; p50/p99 over all rounds and their
 * ratio are printed. Target to report against: p99 ≤ 50 ms at half the P1 rate.
 */
import { createSocket, type Socket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { Code, ContentFormat, MessageType, Option, encodeUint, parseMessage, serializeMessage } from '@askue/device-bridge/testing';
import { provisionCustomers, type Customer } from '../support/customers.js';
import { sleep } from '../support/os.js';
import type { Proc } from '../support/processes.js';
import { createPostgres, databaseEnv, provisionModems, sqliteIn, type Database } from '../support/storage.js';
import type { LoadResult, LoadSpec } from './loadgen.js';
import type { PacedResult, PacedSpec } from './paced-load.js';
import { forkTs, median, message, percentile, startBenchProduct, table } from './support.js';

export interface LatencyOptions {
  pg: boolean;
  /** Background readings per second; default half the P1 rate measured first. */
  rate?: number;
  modems: number;
  rounds: number;
  seconds: number;
}

interface Sample {
  /** CoAP POST sent → 2.04 received, ms. */
  ackMs?: number;
  /** CoAP POST sent → graphql-ws `next` received, ms. */
  deliveredMs?: number;
}

/** One modem and one subscriber of its meter, in this process. */
class Probe {
  private socket!: Socket;
  private client!: Client;
  private dispose: () => void = () => {};
  private seq = 0;
  private mid = 1;
  private lastTime = 0;
  private readonly sent = new Map<number, { at: number; sample: Sample; token: Buffer; mid: number }>();
  private readonly path: Array<{ number: number; value: Buffer }>;
  received = 0;

  constructor(
    private readonly url: string,
    private readonly coapPort: number,
    private readonly customer: Customer,
  ) {
    this.path = ['v1', customer.deviceToken, 'readings'].map((p) => ({ number: Option.URI_PATH, value: Buffer.from(p) }));
  }

  async start(): Promise<void> {
    this.socket = createSocket('udp4');
    this.socket.on('message', (buf) => {
      let m;
      try {
        m = parseMessage(buf);
      } catch {
        return;
      }
      if (m.type === MessageType.CON) this.socket.send(serializeMessage({ type: MessageType.ACK, code: Code.EMPTY, messageId: m.messageId }), this.coapPort, '127.0.0.1');
      if (m.code !== Code.CHANGED) return;
      for (const s of this.sent.values()) {
        if (s.token.equals(m.token)) {
          s.sample.ackMs ??= performance.now() - s.at;
          break;
        }
      }
    });
    await new Promise<void>((r) => this.socket.bind(0, '127.0.0.1', () => r()));
    this.client = createClient({
      url: `${this.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${this.customer.sessions[0]}` },
      retryAttempts: 0,
    });
    this.dispose = this.client.subscribe<{ readingAdded: { value: number } }>(
      { query: 'subscription($m: [ID!]) { readingAdded(meterIds: $m) { value time } }', variables: { m: [String(this.customer.meter.id)] } },
      {
        next: (v) => {
          const now = performance.now();
          this.received++;
          const s = this.sent.get(v.data?.readingAdded.value ?? NaN);
          if (s) s.sample.deliveredMs ??= now - s.at;
        },
        error: (e) => console.error('probe subscription failed', e),
        complete: () => {},
      },
    );
    // The subscription may not be registered yet right after connecting: send until one arrives.
    const deadline = Date.now() + 30_000;
    while (this.received === 0) {
      if (Date.now() > deadline) throw new Error('the probe subscription received nothing in 30 s');
      this.send();
      await sleep(200);
    }
  }

  private send(): Sample {
    const value = ++this.seq + 0.5;
    // Reading times in the present, strictly increasing (one reading per millisecond at most).
    const time = (this.lastTime = Math.max(Date.now(), this.lastTime + 1));
    const token = Buffer.alloc(8);
    token.writeUInt32BE(0xabcd);
    token.writeUInt32BE(this.seq, 4);
    this.mid = (this.mid + 1) & 0xffff;
    const buf = serializeMessage({
      type: MessageType.CON,
      code: Code.POST,
      messageId: this.mid,
      token,
      options: [...this.path, { number: Option.CONTENT_FORMAT, value: encodeUint(ContentFormat.SENML_JSON) }],
      payload: Buffer.from(JSON.stringify([{ n: `${this.customer.meter.serial}:power`, u: 'W', v: value, t: time / 1000 }])),
    });
    const sample: Sample = {};
    this.sent.set(value, { at: performance.now(), sample, token, mid: this.mid });
    this.socket.send(buf, this.coapPort, '127.0.0.1');
    return sample;
  }

  /** One reading every `everyMs` for `durationMs`; the samples, after waiting 2 s for stragglers. */
  async measure(durationMs: number, everyMs = 50): Promise<Sample[]> {
    const samples: Sample[] = [];
    const end = performance.now() + durationMs;
    let next = performance.now();
    while (performance.now() < end) {
      samples.push(this.send());
      next += everyMs;
      await sleep(Math.max(0, next - performance.now()));
    }
    await sleep(2000);
    this.sent.clear();
    return samples;
  }

  async close(): Promise<void> {
    this.dispose();
    await this.client?.dispose();
    this.socket?.close();
  }
}

const delivered = (s: Sample[]) => s.flatMap((x) => (x.deliveredMs === undefined ? [] : [x.deliveredMs]));
const acked = (s: Sample[]) => s.flatMap((x) => (x.ackMs === undefined ? [] : [x.ackMs]));

export async function benchLatency(o: LatencyOptions): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'askue-latency-'));
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const pgdb = o.pg ? await createPostgres(adminUrl, 'askue_latency') : null;
  const db: Database = pgdb ? pgdb.db : sqliteIn(dataDir);
  let product: Proc | undefined;
  let probe: Probe | undefined;
  try {
    console.log(`Provisioning ${o.modems} modems and the probe's customer…`);
    const modems = await provisionModems(db, o.modems, 'LB');
    const [customer] = await provisionCustomers(db, 1, () => 1, 'LP', 9_000_000);
    const started = await startBenchProduct(dataDir, db, pgdb?.name ?? '');
    product = started.proc;
    const { url, coapPort } = started;

    let p1: number | undefined;
    let rate = o.rate;
    if (rate === undefined) {
      // P1 the way `pnpm bench ingest` measures it: every modem keeps one request in flight, 2 s warm-up, 5 s measured.
      const child = forkTs('bench/loadgen.ts');
      const spec: LoadSpec = { port: coapPort, modems, warmupMs: 2000, durationMs: 5000, recordsPerRequest: 1, baseTimeMs: Date.now() - 40 * 3_600_000 };
      child.send(spec);
      const r = await message<LoadResult>(child);
      p1 = r.ok / (r.windowMs / 1000);
      rate = Math.max(1, Math.round(p1 / 2));
      console.log(`P1 (end to end, durable, ${o.modems} modems back to back): ${p1.toFixed(0)} readings/s → background load ${rate} readings/s`);
    }

    probe = new Probe(url, coapPort, customer);
    await probe.start();
    const base: Sample[] = [];
    const loaded: Sample[] = [];
    const background: PacedResult[] = [];
    for (let round = 0; round < o.rounds; round++) {
      const b = await probe.measure(o.seconds * 1000);
      base.push(...b);
      const child = forkTs('bench/paced-load.ts');
      const spec: PacedSpec = { port: coapPort, modems, rate, durationMs: (o.seconds + 5) * 1000, times: 'unique', baseTimeMs: Date.now() - 30 * 3_600_000 + round * 10_000_000 };
      child.send(spec);
      await sleep(2500); // the load reaches its rate
      const l = await probe.measure(o.seconds * 1000);
      loaded.push(...l);
      const r = await message<PacedResult>(child);
      background.push(r);
      console.log(
        `round ${round + 1}/${o.rounds}: p99 ${percentile(delivered(b), 99).toFixed(1)} ms alone, ${percentile(delivered(l), 99).toFixed(1)} ms under ` +
          `${(r.ok / (r.elapsedMs / 1000)).toFixed(0)} readings/s acknowledged (${r.skipped} turns skipped, answers other than 2.04: ${JSON.stringify(r.other)})`,
      );
    }

    const row = (what: string, s: Sample[]) => {
      const d = delivered(s);
      return {
        what,
        samples: s.length,
        'lost (no message in 2 s)': s.length - d.length,
        'delivered p50 ms': median(d),
        'delivered p99 ms': percentile(d, 99),
        'delivered max ms': Math.max(...d),
        '2.04 p50 ms': median(acked(s)),
        '2.04 p99 ms': percentile(acked(s), 99),
      };
    };
    const achieved = median(background.map((r) => r.ok / (r.elapsedMs / 1000)));
    console.log(`\nEnd-to-end latency, CoAP POST → graphql-ws subscriber (one probe reading every 50 ms), storage: ${o.pg ? 'PostgreSQL + Redis' : 'SQLite (embedded)'},`);
    console.log(`${o.rounds} rounds of ${o.seconds} s each way:\n`);
    console.log(table([row('probe alone (baseline)', base), row(`probe + background ${rate} readings/s offered (${achieved.toFixed(0)}/s acknowledged, median)`, loaded)]));
    const p99Base = percentile(delivered(base), 99);
    const p99Load = percentile(delivered(loaded), 99);
    console.log(`\nratio under load / alone: p50 ×${(median(delivered(loaded)) / median(delivered(base))).toFixed(2)}, p99 ×${(p99Load / p99Base).toFixed(2)}`);
    console.log(
      `target p99 ≤ 50 ms at half the P1 rate${p1 === undefined ? ` (rate given: ${rate}/s; P1 not measured)` : ` (P1 ${p1.toFixed(0)}/s)`}: ${p99Load <= 50 ? 'met' : 'NOT met'} (${p99Load.toFixed(1)} ms)`,
    );
  } finally {
    await probe?.close().catch(() => {});
    await product?.stop();
    await pgdb?.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
