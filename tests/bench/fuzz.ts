/**
 * CoAP fuzzing of the real bridge (pnpm bench fuzz [--count 1000000] [--seed N] [--pg]).
 *
 * The product runs as `pnpm start` runs it (the API with the bridge as its child; SQLite, or PostgreSQL with
 * --pg). The fuzzer (tests/support/coap-fuzz.ts) sends `count` datagrams from several sockets, paced by the
 * bridge's own answers. Printed: datagrams/s sent and answered, the answers by code and by kind of datagram,
 * the bridge's peak resident memory (VmHWM) next to its resident memory before the run, and the checks:
 * the bridge is the same process and still answers a valid request; no 5.00 carries text; nothing invalid
 * was stored (no NaN or infinity, nothing outside its quantity's range, no time before 2000 or more than
 * 10 minutes ahead, nothing of a quantity its meter does not measure, nothing for a meter of a controller whose
 * token was never used, no reading of a pack that had to be refused); every valid reading answered 2.04 is stored.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, MeterKind, ProvisioningService, QUANTITIES, type Quantity } from '@askue/api/testing';
import { request } from '../support/coap-client.js';
import { fuzzBridge, FORBIDDEN_VALUES, type FuzzResult, type FuzzTarget } from '../support/coap-fuzz.js';
import { alive, bridgeChildOf, memoryOf } from '../support/os.js';
import type { Proc } from '../support/processes.js';
import { checkDurability, createPostgres, databaseEnv, sqliteIn, withDatabase, type Database } from '../support/storage.js';
import { startBenchProduct, table } from './support.js';

export interface FuzzOptions {
  count: number;
  seed?: number;
  pg?: boolean;
  /** Progress lines on stdout (the benchmark); the test stays quiet. */
  verbose?: boolean;
}

export interface FuzzReport {
  fuzz: FuzzResult;
  seed: number;
  memory: { bridgeBefore: number; bridgePeak: number; bridgeSampledMax: number; apiPeak: number };
  bridgeSameProcess: boolean;
  finalAnswer: string;
  finalStored: boolean;
  /** Everything stored that should not have been, as sentences (empty: nothing). */
  invalidStored: string[];
  validAcknowledgedMissing: string[];
  storedReadings: number;
  productErrors: string[];
}

const MIN_TIME_MS = Date.UTC(2000, 0, 1);
const MAX_AHEAD_MS = 10 * 60_000;

async function provision(db: Database): Promise<Omit<FuzzTarget, 'port'>> {
  const orm = await openDatabase(db);
  try {
    const p = new ProvisioningService(orm.em.fork());
    const a = await p.createController('FZ-CA', [
      { serial: 'FZ-A1', kind: MeterKind.ELECTRICITY },
      { serial: 'FZ-A2', kind: MeterKind.COLD_WATER },
    ]);
    const b = await p.createController('FZ-CB', [{ serial: 'FZ-B1', kind: MeterKind.ELECTRICITY }]);
    // C's token is never used: no reading may ever be stored for its meter.
    await p.createController('FZ-CC', [{ serial: 'FZ-C1', kind: MeterKind.ELECTRICITY }]);
    return {
      a: { token: a.token, serial: 'FZ-CA', meters: ['FZ-A1', 'FZ-A2'] },
      b: { token: b.token, serial: 'FZ-CB', meters: ['FZ-B1'] },
      c: { serial: 'FZ-CC', meters: ['FZ-C1'] },
      kinds: { 'FZ-A1': 'ELECTRICITY', 'FZ-A2': 'COLD_WATER', 'FZ-B1': 'ELECTRICITY' },
    };
  } finally {
    await orm.close();
  }
}

/** What is stored that a working bridge and API must have refused. */
async function invalidStored(db: Database, target: Omit<FuzzTarget, 'port'>, notAfterMs: number): Promise<{ problems: string[]; rows: number }> {
  return withDatabase(db, async (sql) => {
    const problems: string[] = [];
    let rows = 0;
    for (const tableName of ['reading', 'latest_reading']) {
      const groups = await sql<{ quantity: string; n: number | string; nv: number | string; minv: number | null; maxv: number | null; mint: unknown; maxt: unknown }>(
        `select quantity, count(*) as n, count(value) as nv, min(value) as minv, max(value) as maxv, min(time) as mint, max(time) as maxt from ${tableName} group by quantity`,
      );
      for (const g of groups) {
        if (tableName === 'reading') rows += Number(g.n);
        const info = QUANTITIES[g.quantity as Quantity];
        const where = `${tableName}.${g.quantity}`;
        if (!info) {
          problems.push(`${where}: a quantity outside the vocabulary (${g.n} rows)`);
          continue;
        }
        if (Number(g.nv) !== Number(g.n)) problems.push(`${where}: ${Number(g.n) - Number(g.nv)} rows without a value (NaN stored as NULL?)`);
        const [min, max] = info.range;
        const lo = Number(g.minv);
        const hi = Number(g.maxv);
        if (!Number.isFinite(lo) || !Number.isFinite(hi)) problems.push(`${where}: a value that is not finite (min ${g.minv}, max ${g.maxv})`);
        if (lo < min || hi > max) problems.push(`${where}: values ${lo} … ${hi} outside ${min} … ${max}`);
        const first = new Date(g.mint as string | number).getTime();
        const last = new Date(g.maxt as string | number).getTime();
        if (!(first >= MIN_TIME_MS)) problems.push(`${where}: a time before 2000 (${new Date(first).toISOString()})`);
        if (!(last <= notAfterMs + MAX_AHEAD_MS)) problems.push(`${where}: a time more than 10 minutes ahead (${new Date(last).toISOString()})`);
      }
    }
    const kinds = await sql<{ quantity: string; kind: string; n: number | string }>(
      `select r.quantity, m.kind, count(*) as n from reading r join meter m on m.id = r.meter_id group by r.quantity, m.kind`,
    );
    for (const k of kinds) {
      const info = QUANTITIES[k.quantity as Quantity];
      if (info && !info.meters.includes(k.kind as MeterKind)) problems.push(`reading.${k.quantity}: ${k.n} rows for ${k.kind} meters, which do not measure it`);
    }
    const foreign = target.c.meters.map(() => '?').join(',');
    const [c] = await sql<{ n: number | string }>(`select count(*) as n from reading r join meter m on m.id = r.meter_id where m.serial in (${foreign})`, target.c.meters);
    if (Number(c.n)) problems.push(`${c.n} readings of ${target.c.meters.join(', ')}, whose controller's token was never used`);
    const [marked] = await sql<{ n: number | string }>(`select count(*) as n from reading where value in (${FORBIDDEN_VALUES.map(() => '?').join(',')})`, FORBIDDEN_VALUES);
    if (Number(marked.n)) problems.push(`${marked.n} readings from packs naming a meter of another controller (marker values ${FORBIDDEN_VALUES.join(', ')})`);
    return { problems, rows };
  });
}

/** Runs the product, fuzzes its bridge, checks it; the report (nothing printed unless `verbose`). */
export async function fuzzProduct(o: FuzzOptions): Promise<FuzzReport> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'askue-fuzz-'));
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const pgdb = o.pg ? await createPostgres(adminUrl, 'askue_fuzz') : null;
  const db: Database = pgdb ? pgdb.db : sqliteIn(dataDir);
  const seed = o.seed ?? (Date.now() & 0x7fffffff);
  let product: Proc | undefined;
  let sampler: NodeJS.Timeout | undefined;
  try {
    const target = await provision(db);
    // The fuzzer's two tokens send far more than a modem may; the limiter still answers 4.29 past the raised limit.
    const running = await startBenchProduct(dataDir, db, pgdb?.name ?? '', { LOG_LEVEL: 'error' });
    product = running.proc;
    const { coapPort } = running;
    const apiPid = product.child.pid!;
    const bridgePid = await bridgeChildOf(apiPid);
    if (!bridgePid) throw new Error('no bridge child found');
    const before = (await memoryOf(bridgePid))!;
    let sampledMax = before.rss;
    sampler = setInterval(() => {
      void memoryOf(bridgePid).then((m) => {
        if (m) sampledMax = Math.max(sampledMax, m.rss);
      });
    }, 250);
    const started = performance.now();
    let lastLine = 0;
    const fuzz = await fuzzBridge(
      { ...target, port: coapPort },
      {
        count: o.count,
        seed,
        onProgress: o.verbose
          ? (sent, received) => {
              const s = (performance.now() - started) / 1000;
              const line = `  ${sent} sent, ${received} received, ${(sent / s).toFixed(0)} datagrams/s`;
              // A terminal gets one updating line; a log file a line every 10 s.
              if (process.stdout.isTTY) process.stdout.write(`\r${line}   `);
              else if (s - lastLine >= 10) {
                lastLine = s;
                console.log(line);
              }
            }
          : undefined,
      },
    );
    if (o.verbose && process.stdout.isTTY) process.stdout.write('\n');
    const fuzzEnd = Date.now();
    clearInterval(sampler);
    const bridgeMemory = (await memoryOf(bridgePid)) ?? { rss: NaN, peak: NaN };
    const apiMemory = (await memoryOf(apiPid)) ?? { rss: NaN, peak: NaN };
    const bridgeSameProcess = alive(bridgePid) && (await bridgeChildOf(apiPid)) === bridgePid;

    // Still answering: a valid reading, and it is stored.
    const finalTime = Date.now() - 5000;
    let finalAnswer: string;
    try {
      finalAnswer = (
        await request(coapPort, `/v1/${target.a.token}/readings`, { format: 110, payload: JSON.stringify([{ n: 'FZ-A1:voltage_l3', u: 'V', v: 231.25, t: finalTime / 1000 }]) })
      ).code;
    } catch (err) {
      finalAnswer = `no answer (${(err as Error).message})`;
    }
    const invalid = await invalidStored(db, target, fuzzEnd + 60_000);
    const productErrors = product.output.filter((l) => /"level":(50|60)/.test(l)).map((l) => l.slice(0, 300));
    await product.stop();
    product = undefined;
    const durable = await checkDurability(db, [...fuzz.validAcknowledged, `FZ-A1|${finalTime}`]);
    const finalStored = !durable.missing.includes(`FZ-A1|${finalTime}`);
    return {
      fuzz,
      seed,
      memory: { bridgeBefore: before.rss, bridgePeak: bridgeMemory.peak, bridgeSampledMax: sampledMax, apiPeak: apiMemory.peak },
      bridgeSameProcess,
      finalAnswer,
      finalStored,
      invalidStored: invalid.problems,
      validAcknowledgedMissing: durable.missing.filter((k) => k !== `FZ-A1|${finalTime}`),
      storedReadings: invalid.rows,
      productErrors,
    };
  } finally {
    clearInterval(sampler);
    await product?.stop('SIGKILL');
    await pgdb?.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export async function benchFuzz(o: { count: number; seed?: number; pg: boolean }): Promise<void> {
  console.log(`Fuzzing the device bridge with ${o.count} datagrams (${o.pg ? 'PostgreSQL' : 'SQLite'})…`);
  const r = await fuzzProduct({ ...o, verbose: true });
  const f = r.fuzz;
  const s = f.elapsedMs / 1000;
  console.log(`\nCoAP fuzzing, seed ${r.seed} (replay with --seed ${r.seed}), ${f.sent} datagrams (${mib(f.bytesSent)}) from 16 sockets at a time, 32 unanswered each:\n`);
  console.log(
    table([
      { what: 'sent', datagrams: f.sent, 'per s': f.sent / s },
      { what: 'answered (every datagram received)', datagrams: f.received, 'per s': f.received / s },
      { what: 'confirmable, must be answered', datagrams: f.expected, 'per s': f.expected / s },
      { what: '… answered within 2 s', datagrams: f.answeredWithin2s, 'per s': f.answeredWithin2s / s },
      { what: '… answered at all (later, or within 10 s of the end)', datagrams: f.answeredExpected, 'per s': f.answeredExpected / s },
    ]),
  );
  console.log(`\nAnswers by code (${s.toFixed(1)} s):\n`);
  const codes = Object.entries(f.codes).sort((x, y) => y[1] - x[1]);
  console.log(table(codes.map(([code, n]) => ({ answer: code, count: n, share: `${((n / f.received) * 100).toFixed(2)} %` }))));
  console.log('\nBy kind of datagram (answers to requests, piggybacked, separate or NON):\n');
  console.log(
    table(
      Object.entries(f.kinds)
        .sort((x, y) => y[1] - x[1])
        .map(([kind, n]) => ({
          kind,
          sent: n,
          answers: Object.entries(f.codesByKind[kind] ?? {})
            .sort((x, y) => y[1] - x[1])
            .slice(0, 6)
            .map(([c, k]) => `${c}×${k}`)
            .join(' '),
        })),
    ),
  );
  console.log('\nMemory (resident):\n');
  console.log(
    table([
      { process: 'bridge before the run (baseline)', bytes: mib(r.memory.bridgeBefore) },
      { process: 'bridge peak (VmHWM)', bytes: mib(r.memory.bridgePeak) },
      { process: 'bridge, highest sample (every 250 ms)', bytes: mib(r.memory.bridgeSampledMax) },
      { process: 'API peak (VmHWM)', bytes: mib(r.memory.apiPeak) },
    ]),
  );
  const checks: Array<[string, boolean, string]> = [
    ['the bridge is the same process (never crashed and restarted)', r.bridgeSameProcess, ''],
    ['the bridge answers a valid reading at the end with 2.04, and it is stored', r.finalAnswer === '2.04' && r.finalStored, `answered ${r.finalAnswer}`],
    ['no 5.00 carries a payload', !f.violations['5.00 carrying a payload'], (f.violations['5.00 carrying a payload'] ?? []).slice(0, 3).join(' | ')],
    ['no error answer carries more than 64 bytes', !f.violations['an error answer with more than 64 bytes of diagnostic'], `largest ${f.largestErrorPayload} bytes`],
    ['every answer is well-formed CoAP', !f.violations['an answer that is not a well-formed CoAP message'], ''],
    ['nothing invalid stored', r.invalidStored.length === 0, r.invalidStored.join('; ')],
    [`every valid reading answered 2.04 is stored (${f.validAcknowledged.size} of ${f.validSent} sent)`, r.validAcknowledgedMissing.length === 0, r.validAcknowledgedMissing.slice(0, 3).join(', ')],
  ];
  console.log('\nChecks:\n');
  console.log(table(checks.map(([check, ok, detail]) => ({ check, result: ok ? 'ok' : 'FAILED', detail: detail || '' }))));
  console.log(`\n${r.storedReadings} readings stored; ${r.productErrors.length} error lines in the product's log${r.productErrors.length ? `, e.g.\n  ${r.productErrors.slice(0, 3).join('\n  ')}` : ''}`);
  if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
}
