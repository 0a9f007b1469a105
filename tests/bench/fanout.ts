/**
 * Fan-out of live readings (pnpm bench fanout [--subscribers 20000] [--meters M] [--seconds S] [--pg]).
 *
 * N graphql-ws subscriptions of `readingAdded(meterIds: [its meter])` on ONE API process, held by child
 * processes of plain `ws` clients (tests/bench/ws-clients.ts). The M meters (default N / 100: each meter
 * watched by 100 subscribers, every subscriber receiving one update a second) each get one reading a second
 * through the real ingest path — CoAP to the bridge, a batched mutation, the database, pub/sub — from
 * tests/bench/paced-load.ts, stamped with the time it was sent. Why not one meter per subscriber: that is
 * N readings/s of ingest, which `pnpm bench ingest` measures; here the question is what delivering one stored
 * reading to many sockets costs, and M meters × 100 subscribers asks it with the same N updates a second
 * (--meters N gives the one-meter-each case).
 *
 * Measured over S seconds after a warm-up: delivery delay from the reading's time to the client's receipt
 * (p50/p99, one clock), messages delivered against those due, and the API process's resident memory.
 * What was due is counted exactly: the driver reports every reading it sent (meter, time), and each reading
 * stamped inside the window is due once to every subscription of its meter in the layout (connected or not).
 * A due message not received by the end of the window plus GRACE_MS is lost and counts as infinitely late in the
 * percentiles (p99 is ∞ once more than 1 % are lost); the loss count is printed beside them.
 * Baseline in the same run: a raw `ws` server (tests/bench/ws-broadcast.ts) sending the same frames to the
 * same clients. Targets to report against: 20,000 subscribers, p99 ≤ 250 ms, RSS ≤ 1.5 GiB.
 *
 * All clients come from 127.0.0.1: the API's per-address and per-account socket limits are raised for the run.
 * Every process here may hold at most its hard open-files limit of sockets (`ulimit -Hn`, reported): when the
 * API's limit is below N plus a reserve, the remaining subscriptions ride as second subscriptions on sockets.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { provisionCustomers, type Customer } from '../support/customers.js';
import { cpuSecondsOf, fileLimitOf, memoryOf, raiseFileLimit, sleep } from '../support/os.js';
import type { Proc } from '../support/processes.js';
import { createPostgres, databaseEnv, sqliteIn, type Database } from '../support/storage.js';
import type { PacedResult, PacedSpec } from './paced-load.js';
import { forkTs, median, message, ms, startBenchProduct, table } from './support.js';
import type { ClientsCommand, ClientsConnected, ClientSocketSpec, ClientsStats } from './ws-clients.js';

export interface FanoutOptions {
  pg: boolean;
  subscribers: number;
  meters: number;
  seconds: number;
}

const QUERY = 'subscription($m: [ID!]) { readingAdded(meterIds: $m) { meterId quantity time value unit } }';
/** Open files a process keeps for everything but these sockets (database, logs, listeners, the runtime). */
const FD_RESERVE = 300;
/** Sockets per client process. */
const PER_CHILD = 5000;
const WARMUP_MS = 5000;
/** After the window, how long messages of its readings may still arrive before the missing ones count as lost. */
const GRACE_MS = 3000;

/** What a load reports when stopped: every reading it sent, [meterId, time (epoch ms)], and the driver's own figures. */
interface LoadOutcome {
  sent: Array<[string, number]>;
  driver?: PacedResult;
}

interface Layout {
  sockets: ClientSocketSpec[];
  subscriptions: number;
}

/** Socket j watches meter j % M with a session of that meter's customer; the first N − S sockets carry a second subscription. */
function layout(customers: Customer[], subscriptions: number, sockets: number): Layout {
  const out: ClientSocketSpec[] = [];
  const doubled = subscriptions - sockets;
  for (let j = 0; j < sockets; j++) {
    const c = customers[j % customers.length];
    const meterId = String(c.meter.id);
    const subs = [{ id: '1', meterId }];
    if (j < doubled) subs.push({ id: '2', meterId });
    out.push({ token: c.sessions[Math.floor(j / customers.length)], subscriptions: subs });
  }
  return { sockets: out, subscriptions };
}

interface PhaseResult {
  what: string;
  sockets: number;
  subscriptions: number;
  connected: number;
  connectFailures: Record<string, number>;
  connectMs: number;
  received: number;
  /** Messages due: Σ over the readings sent in the window of their meter's subscriptions. */
  due: number;
  /** Readings sent in the window. */
  readings: number;
  /** Due messages received (each counted at most once per due subscription). */
  matched: number;
  /** Due messages not received by the end of the grace period. */
  lost: number;
  withMessage: number;
  p50: number;
  p99: number;
  max: number;
  rssIdle: number;
  rssMax: number;
  /** CPU seconds the server used in the window. */
  cpu: number;
  peak: number;
  errors: Record<string, number>;
  closes: Record<string, number>;
  clientFdLimit: string;
  driver?: PacedResult;
}

/** The p-th percentile of the histogram's delays plus `lost` infinitely late messages (Infinity when they reach it). */
function percentileOf(hist: Map<number, number>, lost: number, p: number): number {
  let total = lost;
  for (const n of hist.values()) total += n;
  if (!total) return NaN;
  const target = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const ms of [...hist.keys()].sort((a, b) => a - b)) {
    seen += hist.get(ms)!;
    if (seen >= target) return ms;
  }
  return Infinity;
}

/** Connects the clients to `url`, starts `load`, measures `seconds`, and stops everything it started. */
async function phase(
  what: string,
  url: string,
  l: Layout,
  serverPid: number,
  seconds: number,
  load: () => Promise<() => Promise<LoadOutcome>>,
): Promise<PhaseResult> {
  const children: ChildProcess[] = [];
  for (let i = 0; i < l.sockets.length; i += PER_CHILD) children.push(forkTs('bench/ws-clients.ts'));
  try {
    const rssIdle = (await memoryOf(serverPid))?.rss ?? NaN;
    const started = performance.now();
    const connected = await Promise.all(
      children.map((child, i) => {
        const reply = message<ClientsConnected>(child, (m) => m?.type === 'connected');
        child.send({ type: 'connect', url, sockets: l.sockets.slice(i * PER_CHILD, (i + 1) * PER_CHILD), concurrency: 50, query: QUERY } satisfies ClientsCommand);
        return reply;
      }),
    );
    const connectMs = performance.now() - started;
    const open = connected.reduce((n, c) => n + c.open, 0);
    const failures: Record<string, number> = {};
    for (const c of connected) for (const [k, n] of Object.entries(c.failures)) failures[k] = (failures[k] ?? 0) + n;
    console.log(`  ${what}: ${open} of ${l.sockets.length} sockets open in ${(connectMs / 1000).toFixed(1)} s${Object.keys(failures).length ? `, failures ${JSON.stringify(failures)}` : ''}`);

    const stopLoad = await load();
    await sleep(WARMUP_MS);
    let rssMax = 0;
    const sampler = setInterval(() => void memoryOf(serverPid).then((m) => m && (rssMax = Math.max(rssMax, m.rss))), 500);
    const from = Date.now();
    children.forEach((c) => c.send({ type: 'window', on: true, from } satisfies ClientsCommand));
    const cpuStart = await cpuSecondsOf(serverPid);
    await sleep(seconds * 1000);
    const until = Date.now();
    children.forEach((c) => c.send({ type: 'until', until } satisfies ClientsCommand));
    const cpu = (await cpuSecondsOf(serverPid)) - cpuStart;
    await sleep(GRACE_MS);
    const stats = await Promise.all(
      children.map((child) => {
        const reply = message<ClientsStats>(child, (m) => m?.type === 'stats');
        child.send({ type: 'window', on: false } satisfies ClientsCommand);
        return reply;
      }),
    );
    clearInterval(sampler);
    const { sent, driver } = await stopLoad();
    const peak = (await memoryOf(serverPid))?.peak ?? NaN;

    const hist = new Map<number, number>();
    let received = 0;
    let withMessage = 0;
    const errors: Record<string, number> = {};
    const closes: Record<string, number> = {};
    const delivered = new Map<string, number>();
    for (const s of stats) {
      for (const [k, n] of s.byReading) delivered.set(k, (delivered.get(k) ?? 0) + n);
      for (const [ms, n] of s.histogram) hist.set(ms, (hist.get(ms) ?? 0) + n);
      received += s.received;
      withMessage += s.subscriptionsWithMessage;
      for (const [k, n] of Object.entries(s.errors)) errors[k] = (errors[k] ?? 0) + n;
      for (const [k, n] of Object.entries(s.closes)) closes[k] = (closes[k] ?? 0) + n;
    }
    // What was due: every reading sent inside the window, once per subscription of its meter. A reading's time can
    // come back a millisecond off (seconds with a fraction in SenML): ±1 ms is the same reading (one per meter a second).
    const subsOf = new Map<string, number>();
    for (const sock of l.sockets) for (const sub of sock.subscriptions) subsOf.set(sub.meterId, (subsOf.get(sub.meterId) ?? 0) + 1);
    let due = 0;
    let readings = 0;
    let matched = 0;
    for (const [meterId, time] of sent) {
      if (time < from || time >= until) continue;
      readings++;
      const subs = subsOf.get(meterId) ?? 0;
      due += subs;
      const got = [time, time - 1, time + 1].reduce((n, t) => n + (delivered.get(`${meterId}|${t}`) ?? 0), 0);
      matched += Math.min(subs, got);
    }
    const lost = due - matched;
    return {
      what,
      sockets: l.sockets.length,
      subscriptions: l.subscriptions,
      connected: open,
      connectFailures: failures,
      connectMs,
      received,
      due,
      readings,
      matched,
      lost,
      withMessage,
      p50: percentileOf(hist, lost, 50),
      p99: percentileOf(hist, lost, 99),
      max: lost ? Infinity : Math.max(...hist.keys()),
      rssIdle,
      rssMax,
      cpu,
      peak,
      errors,
      closes,
      clientFdLimit: connected[0]?.fdLimit ?? '?',
      driver,
    };
  } finally {
    for (const c of children) {
      if (c.connected) c.send({ type: 'close' } satisfies ClientsCommand);
    }
    await sleep(500);
    for (const c of children) c.kill('SIGKILL');
  }
}

const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;

export async function benchFanout(o: FanoutOptions): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'askue-fanout-'));
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const pgdb = o.pg ? await createPostgres(adminUrl, 'askue_fanout') : null;
  const db: Database = pgdb ? pgdb.db : sqliteIn(dataDir);
  let product: Proc | undefined;
  let baseline: ChildProcess | undefined;
  try {
    const own = await fileLimitOf('self');
    // The API inherits this process's limit; it can be raised only up to the hard limit (no CAP_SYS_RESOURCE here).
    const socketsPossible = Math.max(1, (own.hard === Infinity ? 1_048_576 : own.hard) - FD_RESERVE);
    const sockets = Math.min(o.subscribers, socketsPossible);
    const meters = Math.min(o.meters, sockets);
    console.log(
      `Fan-out: ${o.subscribers} subscriptions on ${sockets} sockets (open-files limit here ${own.soft}/${own.hard} soft/hard` +
        `${sockets < o.subscribers ? `: ${o.subscribers - sockets} sockets carry a second subscription` : ''}), ${meters} meters × one reading a second.`,
    );
    console.log(`Provisioning ${meters} customers with ${Math.ceil(sockets / meters)} sessions each…`);
    const customers = await provisionCustomers(db, meters, (i) => Math.ceil((sockets - i) / meters), 'FO');
    const l = layout(customers, o.subscribers, sockets);

    const started = await startBenchProduct(dataDir, db, pgdb?.name ?? '', {
      // Every benchmark client is 127.0.0.1, and 100 sockets share each customer: the per-address and per-account
      // socket limits (which a real deployment keeps) are raised for the run.
      WS_PER_IP: '1000000',
      WS_PER_ACCOUNT: '100000',
    });
    product = started.proc;
    const { url, coapPort } = started;
    const apiPid = product.child.pid!;
    const apiFiles = await raiseFileLimit(apiPid, sockets + FD_RESERVE);
    console.log(`API process ${apiPid}: open-files limit ${apiFiles}`);

    const driver = async () => {
      const child = forkTs('bench/paced-load.ts');
      const spec: PacedSpec = {
        port: coapPort,
        modems: customers.map((c) => ({ token: c.deviceToken, meter: c.meter.serial })),
        rate: meters,
        durationMs: WARMUP_MS + o.seconds * 1000 + 3000,
        times: 'now',
        record: true,
      };
      const done = message<PacedResult>(child);
      child.send(spec);
      return async (): Promise<LoadOutcome> => {
        const d = await done;
        return { sent: (d.sentReadings ?? []).map(([i, time]) => [String(customers[i].meter.id), time]), driver: d };
      };
    };
    const system = await phase('API (graphql-ws)', `${url.replace(/^http/, 'ws')}/graphql`, l, apiPid, o.seconds, driver);
    await product.stop();
    product = undefined;

    baseline = forkTs('bench/ws-broadcast.ts');
    const port = (await message<{ port: number }>(baseline, (m) => m?.type === 'ready')).port;
    const b = baseline;
    const raw = await phase('raw ws broadcast', `ws://127.0.0.1:${port}`, l, baseline.pid!, o.seconds, async () => {
      b.send({ type: 'start', meters: customers.map((c) => String(c.meter.id)) });
      return async (): Promise<LoadOutcome> => {
        const reply = message<{ type: 'sent'; readings: Array<[string, number]> }>(b, (m) => m?.type === 'sent');
        b.send({ type: 'stop' });
        return { sent: (await reply).readings };
      };
    });

    console.log(`\nFan-out of live readings: ${o.subscribers} subscriptions on ${sockets} sockets (${Math.ceil(sockets / PER_CHILD)} client processes, open files ${system.clientFdLimit} each),`);
    console.log(`${meters} meters × 1 reading/s, ${o.seconds} s measured after ${WARMUP_MS / 1000} s warm-up, storage: ${o.pg ? 'PostgreSQL + Redis' : 'SQLite (embedded)'}:\n`);
    const row = (r: PhaseResult) => ({
      server: r.what,
      'sockets open': `${r.connected}/${r.sockets}`,
      'connect s': r.connectMs / 1000,
      'delivered/due (readings sent)': `${r.matched}/${r.due} (${r.readings})`,
      [`lost (${GRACE_MS / 1000} s grace)`]: r.lost,
      'subs with a message': `${r.withMessage}/${r.subscriptions}`,
      'delay p50 ms': `${ms(r.p50, 0)} (${r.lost} lost)`,
      'delay p99 ms': `${ms(r.p99, 0)} (${r.lost} lost)`,
      'delay max ms': `${ms(r.max, 0)} (${r.lost} lost)`,
      'RSS idle': mib(r.rssIdle),
      'RSS max': mib(r.rssMax),
      'RSS peak (VmHWM)': mib(r.peak),
      'CPU s / 1000 msgs': (r.cpu / r.received) * 1000,
    });
    console.log(table([row(raw), row(system)]));
    console.log(
      `\nratios API / raw ws (lost messages infinitely late): p50 ×${(system.p50 / raw.p50).toFixed(2)}, p99 ×${(system.p99 / raw.p99).toFixed(2)}, RSS max ×${(system.rssMax / raw.rssMax).toFixed(2)}, ` +
        `CPU per message ×${(system.cpu / system.received / (raw.cpu / raw.received)).toFixed(2)} (${system.cpu.toFixed(1)} and ${raw.cpu.toFixed(1)} CPU s in ${o.seconds} s)`,
    );
    if (system.driver) {
      const d = system.driver;
      console.log(`readings driven: ${d.ok} acknowledged of ${d.sent} sent (${d.skipped} turns skipped, other answers ${JSON.stringify(d.other)}, CoAP p50 ${median(d.latenciesMs).toFixed(1)} ms)`);
    }
    for (const r of [raw, system]) {
      if (Object.keys(r.errors).length || Object.keys(r.closes).length) console.log(`${r.what}: errors ${JSON.stringify(r.errors)}, closes ${JSON.stringify(r.closes)}`);
    }
    const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
    console.log('\nTargets (API):');
    console.log(`  20,000 subscribers on one process: ${met(system.subscriptions >= 20_000 && system.connected === system.sockets && system.withMessage === system.subscriptions)} (${system.withMessage} subscriptions received messages, on ${system.connected} sockets)`);
    console.log(`  p99 ≤ 250 ms, lost messages infinitely late: ${met(system.p99 <= 250)} (${ms(system.p99, 0)} ms; ${system.lost} of ${system.due} due lost, raw ws: ${raw.lost} of ${raw.due})`);
    for (const r of [raw, system]) {
      if (r.received > r.matched) console.log(`${r.what}: ${r.received - r.matched} messages received beyond those due (duplicates or readings not sent in the window)`);
    }
    console.log(`  RSS ≤ 1.5 GiB: ${met(Math.max(system.rssMax, system.peak) <= 1.5 * 2 ** 30)} (peak ${mib(system.peak)})`);
  } finally {
    await product?.stop();
    if (baseline?.connected) baseline.send({ type: 'stop' });
    await sleep(300);
    baseline?.kill('SIGKILL');
    await pgdb?.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

