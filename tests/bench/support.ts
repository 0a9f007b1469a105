/** Shared by the benchmarks: the product under test, child processes running TypeScript, statistics, a table printer. */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCompiledApiProcess, type Proc } from '../support/processes.js';
import { databaseEnv, type Database } from '../support/storage.js';
import { cpuSecondsOf } from '../support/os.js';

export const testsDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

export function forkTs(file: string, env: Record<string, string> = {}): ChildProcess {
  return fork(path.join(testsDir, file), [], {
    cwd: testsDir,
    execArgv: ['--import', '@swc-node/register/esm-register'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

export function message<T>(child: ChildProcess, filter: (m: any) => boolean = () => true): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: unknown) => {
      if (filter(m)) {
        child.off('message', onMessage);
        resolve(m as T);
      }
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
  });
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const median = (values: number[]) => percentile(values, 50);

export function table(rows: Array<Record<string, string | number>>): string {
  const cols = Object.keys(rows[0]);
  const cell = (v: string | number) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : v);
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => `| ${vals.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  return [line(cols), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(cols.map((c) => cell(r[c]))))].join('\n');
}

/** The product a benchmark drives, and where it listens. */
export interface BenchProduct {
  proc: Proc;
  /** The API (and cabinet) base URL. */
  url: string;
  coapPort: number;
}

/**
 * The product as `pnpm start` runs it (the API with the bridge as its child, compiled ahead of time), on `db`, without demo data or
 * simulator, on free ports. Benchmark modems send back to back, far above what the per-controller limit lets a
 * real modem do, so that limit is raised; on PostgreSQL live readings go through Redis under `redisPrefix`.
 * `extra` adds or overrides variables. Resolves once the bridge listens; a product that fails to start is killed.
 */
export async function startBenchProduct(dataDir: string, db: Database, redisPrefix: string, extra: Record<string, string> = {}): Promise<BenchProduct> {
  const proc = startCompiledApiProcess({
    DATA_DIR: dataDir,
    PORT: '0',
    COAP_PORT: '0',
    COAP_HOST: '127.0.0.1',
    DEMO: '0',
    SIMULATE: '0',
    SERVE_WEB: '0',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '60000',
    RATE_LIMIT_BURST: '100000',
    ...databaseEnv(db),
    ...(db.kind === 'postgresql'
      ? { REDIS_URL: process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', REDIS_PREFIX: redisPrefix }
      : {}),
    ...extra,
  });
  try {
    const url = await proc.waitFor(/Кабинет:\s+(http:\/\/\S+)/, 90_000);
    const coapPort = Number(await proc.waitFor(/CoAP:\s+coap:\/\/localhost:(\d+)/, 90_000));
    return { proc, url, coapPort };
  } catch (err) {
    await proc.stop('SIGKILL');
    throw err;
  }
}

/** Named groups of processes whose CPU time a benchmark accounts for (each resolved when measured: pools come and go). */
export type CpuGroups = Record<string, () => Promise<number[]>>;

/** CPU seconds used so far by each process of each group. */
export async function cpuSnapshot(groups: CpuGroups): Promise<Record<string, Map<number, number>>> {
  const out: Record<string, Map<number, number>> = {};
  for (const [name, pids] of Object.entries(groups)) {
    const m = new Map<number, number>();
    for (const pid of await pids()) {
      const s = await cpuSecondsOf(pid);
      if (Number.isFinite(s)) m.set(pid, s);
    }
    out[name] = m;
  }
  return out;
}

/** CPU seconds each group used between two snapshots (a process that appeared meanwhile counts from zero). */
export function cpuBetween(before: Record<string, Map<number, number>>, after: Record<string, Map<number, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, m] of Object.entries(after)) {
    let sum = 0;
    for (const [pid, s] of m) sum += s - (before[name]?.get(pid) ?? 0);
    out[name] = sum;
  }
  return out;
}

/**
 * The p-th percentile of latencies where every sample that was due but never arrived counts as infinitely late:
 * `delivered` holds the arrived samples' latencies, `lost` how many more were due. Infinity once the lost
 * samples reach into the percentile (for p99: more than 1 % lost); NaN when nothing was due.
 */
export function percentileWithLosses(delivered: number[], lost: number, p: number): number {
  const total = delivered.length + lost;
  if (!total) return NaN;
  const rank = Math.min(total - 1, Math.floor((p / 100) * total));
  if (rank >= delivered.length) return Infinity;
  const sorted = [...delivered].sort((a, b) => a - b);
  return sorted[rank];
}

/** A latency in ms for a table: '∞ (lost)' for Infinity. */
export const ms = (v: number, digits = 1) => (v === Infinity ? '∞ (lost)' : Number.isNaN(v) ? '–' : v.toFixed(digits));

/** min / median / max of `xs`, formatted. */
export const spreadOf = (xs: number[], digits = 0) =>
  xs.length ? `min ${Math.min(...xs).toFixed(digits)} / median ${median(xs).toFixed(digits)} / max ${Math.max(...xs).toFixed(digits)}` : '–';
