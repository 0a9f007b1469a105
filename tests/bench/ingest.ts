/**
 * Ingest benchmark (pnpm bench ingest [--pg] [--modems N] [--rounds R] [--seconds S] [--records K]).
 *
 * Baseline: a raw `coap` echo server answering 2.04 at once, started afresh for each round: the `coap` package
 * keeps every message it answered for the exchange lifetime (247 s) to detect duplicates, and measured here one
 * server fell from 28,918 to 19,692, 12,614 and 7,886 requests/s over four 11-s rounds of this load (fresh servers:
 * 28,424, 28,465, 28,104, 28,019). A fresh server is the best the package does, so the ratio is against that.
 * System: the product as `pnpm start` runs it
 * (the API with the bridge as its child; SQLite, or PostgreSQL + Redis with --pg), where each 2.04 means a
 * reading committed to the database. The same load generator (one UDP socket per modem, one request in
 * flight per modem) drives both, alternately, in the same run; medians over the rounds and their ratio are
 * printed, and afterwards every acknowledged reading is looked for in the database.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { openDatabase, ProvisioningService, MeterKind } from '@askue/api/testing';
import type { Proc } from '../support/processes.js';
import type { LoadResult, LoadSpec } from './loadgen.js';
import { bridgeChildOf, processesMatching } from '../support/os.js';
import { cpuBetween, cpuSnapshot, forkTs, median, message, percentile, startBenchProduct, table, type CpuGroups } from './support.js';

export interface IngestOptions {
  pg: boolean;
  modems: number;
  rounds: number;
  seconds: number;
  records: number;
}

/** One load run, and the CPU seconds each group of processes used during it (the load generator's own too). */
export async function load(spec: LoadSpec, groups: CpuGroups): Promise<LoadResult & { cpu: Record<string, number> }> {
  const child = forkTs('bench/loadgen.ts');
  const before = await cpuSnapshot(groups);
  child.send(spec);
  const result = await message<LoadResult>(child);
  // The generator exits as it reports: it counts its own CPU (start-up included).
  return { ...result, cpu: { ...cpuBetween(before, await cpuSnapshot(groups)), 'load generator': result.cpuSeconds ?? NaN } };
}

export const rate = (r: LoadResult, records: number) => (r.ok * records) / (r.windowMs / 1000);

export async function benchIngest(o: IngestOptions): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'askue-bench-'));
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const dbName = `askue_bench_${randomBytes(4).toString('hex')}`;
  let database: { kind: 'sqlite'; file: string } | { kind: 'postgresql'; url: string } = { kind: 'sqlite', file: path.join(dataDir, 'askue.sqlite') };
  if (o.pg) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${dbName}`;
    database = { kind: 'postgresql', url: url.toString() };
  }
  let echo: ChildProcess | undefined;
  let product: Proc | undefined;
  try {
    // Provision one controller with one meter per simulated modem.
    const orm = await openDatabase(database);
    const provisioning = new ProvisioningService(orm.em.fork());
    const modems: LoadSpec['modems'] = [];
    for (let i = 0; i < o.modems; i++) {
      const serial = `B-${String(i).padStart(5, '0')}`;
      const { token } = await provisioning.createController(`C${serial}`, [{ serial, kind: MeterKind.ELECTRICITY }]);
      modems.push({ token, meter: serial });
    }
    await orm.close();

    const started = await startBenchProduct(
      dataDir,
      database,
      dbName,
      // Packs of many records: one datagram each, as on loopback they may be (a modem on a radio link sends
      // them block-wise, 1024 bytes a block, which `pnpm bench ingest` does not measure).
      o.records > 1 ? { MAX_PAYLOAD_BYTES: '65000' } : {},
    );
    product = started.proc;
    const { coapPort } = started;

    const base = { modems, warmupMs: 3000, durationMs: o.seconds * 1000, recordsPerRequest: o.records };
    const raw: Array<LoadResult & { cpu: Record<string, number> }> = [];
    const sys: Array<LoadResult & { cpu: Record<string, number> }> = [];
    const apiPid = product.child.pid!;
    const bridgePid = await bridgeChildOf(apiPid);
    const systemGroups: CpuGroups = {
      API: async () => [apiPid],
      bridge: async () => (bridgePid ? [bridgePid] : []),
      ...(o.pg
        ? { PostgreSQL: () => processesMatching(/^postgres(:|\s|$)/), Redis: () => processesMatching(/^redis-server/) }
        : {}),
    };
    const acknowledged = new Map<string, number[]>();
    let baseTimeMs = Date.now() - 2 * 86_400_000;
    for (let round = 0; round < o.rounds; round++) {
      echo = forkTs('bench/coap-echo.ts');
      const echoPort = (await message<{ port: number }>(echo, (m) => m?.type === 'ready')).port;
      raw.push(await load({ ...base, port: echoPort, baseTimeMs }, { 'coap echo': async () => [echo!.pid!] }));
      echo.kill();
      echo = undefined;
      const r = await load({ ...base, port: coapPort, baseTimeMs }, systemGroups);
      sys.push(r);
      for (const [meter, times] of Object.entries(r.acknowledged)) acknowledged.set(meter, [...(acknowledged.get(meter) ?? []), ...times]);
      baseTimeMs += 10_000_000; // the next round's readings are new readings
      const last = (x: LoadResult[]) => x[x.length - 1];
      console.log(
        `round ${round + 1}/${o.rounds}: raw coap ${rate(last(raw), 1).toFixed(0)} req/s, system ${rate(r, o.records).toFixed(0)} readings/s` +
          ` (CPU s per 1000: ${Object.entries(r.cpu).map(([n, v]) => `${n} ${((v / r.acknowledgedReadings) * 1000).toFixed(3)}`).join(', ')})` +
          (Object.keys(r.other).length ? ` (other answers: ${JSON.stringify(r.other)})` : ''),
      );
    }
    await product.stop();
    product = undefined;

    // Durability, as a set check: every reading acknowledged with 2.04 must be in the database.
    const check = await openDatabase(database);
    const rows = await check.em
      .fork()
      .getConnection()
      .execute<Array<{ serial: string; time: Date | number }>>('select m.serial, r.time from reading r join meter m on m.id = r.meter_id');
    await check.close();
    const storedKeys = new Set(rows.map((r) => `${r.serial}|${new Date(r.time).getTime()}`));
    let ackCount = 0;
    const missing: string[] = [];
    for (const [meter, times] of acknowledged) {
      for (const time of times) {
        ackCount++;
        if (!storedKeys.has(`${meter}|${time}`)) missing.push(`${meter}@${new Date(time).toISOString()}`);
      }
    }

    const rawRps = median(raw.map((r) => rate(r, 1)));
    const sysRps = median(sys.map((r) => rate(r, o.records)));
    console.log(`\nIngest, ${o.modems} modems (one UDP source port each, one request in flight each, per-controller rate limit raised), ${o.records} reading(s) per request,`);
    console.log(`${o.rounds} rounds of ${o.seconds} s after 3 s warm-up, storage: ${o.pg ? 'PostgreSQL + Redis' : 'SQLite (embedded)'}; medians:\n`);
    console.log(
      table([
        {
          what: 'raw coap echo, fresh each round (baseline)',
          'per s': rawRps,
          unit: 'requests',
          'p50 ms': median(raw.flatMap((r) => r.latenciesMs)),
          'p99 ms': percentile(raw.flatMap((r) => r.latenciesMs), 99),
          retransmissions: raw.reduce((n, r) => n + r.retransmissions, 0),
        },
        {
          what: 'end to end, durable (system)',
          'per s': sysRps,
          unit: 'readings',
          'p50 ms': median(sys.flatMap((r) => r.latenciesMs)),
          'p99 ms': percentile(sys.flatMap((r) => r.latenciesMs), 99),
          retransmissions: sys.reduce((n, r) => n + r.retransmissions, 0),
        },
      ]),
    );
    console.log(`\nratio system/baseline: ${((sysRps / o.records / rawRps) * 100).toFixed(1)} % of raw requests/s` + (o.records > 1 ? ` (${sysRps.toFixed(0)} readings/s)` : ''));
    // CPU per 1000 readings (per 1000 requests for the echo), whole runs with warm-up: robust where rates are noisy.
    const perThousand = (runs: Array<LoadResult & { cpu: Record<string, number> }>, perRequest: number) => {
      const names = Object.keys(runs[0].cpu);
      return Object.fromEntries(names.map((n) => [n, median(runs.map((r) => (r.cpu[n] / (r.acknowledgedReadings / perRequest)) * 1000))]));
    };
    const rawCpu = perThousand(raw, o.records);
    const sysCpu = perThousand(sys, 1);
    const sum = (x: Record<string, number>) => Object.values(x).reduce((a, b) => a + b, 0);
    console.log(`\nCPU seconds per 1000 readings (whole runs, warm-up included), medians over rounds:`);
    console.log(`  baseline: ${Object.entries(rawCpu).map(([n, v]) => `${n} ${v.toFixed(3)}`).join(', ')} (per 1000 requests)`);
    console.log(`  system:   ${Object.entries(sysCpu).map(([n, v]) => `${n} ${v.toFixed(3)}`).join(', ')}; all ${sum(sysCpu).toFixed(3)}`);
    console.log(
      `durability: ${ackCount} readings acknowledged with 2.04, ${storedKeys.size} stored; ` +
        (missing.length ? `${missing.length} ACKNOWLEDGED BUT MISSING, e.g. ${missing.slice(0, 3).join(', ')}` : 'every acknowledged reading found'),
    );
    if (missing.length) process.exitCode = 1;
  } finally {
    echo?.kill();
    await product?.stop();
    if (o.pg) {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
    await rm(dataDir, { recursive: true, force: true });
  }
}
