/**
 * P6 — how the cost grows with history (pnpm bench history; PostgreSQL + Redis, where a deployment keeps years).
 * Two databases with the same 1,000 provisioned modems:
 *   alone — one meter (the measured one) holds a year of 15-minute energy readings, the others nothing;
 *   full  — every meter holds that year: 35 M readings, with their hourly and daily rollups.
 * Then, alternately on each, in the same run:
 *   - ingest: the product as `pnpm start` runs it, 1,000 modems sending one reading per request (as `bench ingest`);
 *     the full database must take ≥ 90 % of the alone one's readings/s;
 *   - reports: the measured meter's monthly report over the year and its daily report over a month, through the
 *     report service (server side); full ≤ 1.2 × alone.
 * And the sizes: bytes per million raw readings and per meter-year (raw and rollups), from pg_total_relation_size.
 *
 * The measured meter's rollups are built by the product (RollupService). The other 999 meters' rollups in the
 * full database are written by SQL from their raw rows (count, sum, min, max, max − min per hour and per local
 * day): filler of the product's shape and row count, so that the tables and their indexes have a year of
 * 1,000 meters in them, made in a minute instead of the job's hours.
 *
 * The product runs with ROLLUP_SETTLE_S=0 unless `--settle` says otherwise: its rollup job recomputes during the
 * ingest window (by default it would wait an hour and do nothing inside it), so the window carries the rollup
 * cost as well.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { AccessService, openDatabase, ReportService, Resolution, RollupService, runPartitionMaintenance } from '@askue/api/testing';
import type { Proc } from '../support/processes.js';
import { createPostgres, provisionModems } from '../support/storage.js';
import { bridgeChildOf, processesMatching } from '../support/os.js';
import { load, rate } from './ingest.js';
import { median, spreadOf, startBenchProduct, table, type CpuGroups } from './support.js';
import type { LoadSpec } from './loadgen.js';

const H = 3_600_000;
const DAY = 24 * H;
const MODEMS = 1000;

export async function benchHistory(o: { rounds: number; seconds: number; reportRounds: number; settleS: number; rollupJob: boolean }): Promise<void> {
  const admin = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  // The full database starts as a copy of the alone one (CREATE DATABASE … TEMPLATE): the same modems and tokens.
  const alone = await createPostgres(admin, 'askue_p6a');
  const modems = await provisionModems(alone.db, MODEMS, 'H');
  const dbs = { alone, full: await copyOf(admin, alone.name) };
  const dataDir = await mkdtemp(path.join(tmpdir(), 'askue-p6-'));
  let product: Proc | undefined;
  try {
    // The year ends where the load's readings begin (two days ago, on the hour): each meter goes on reporting after its
    // last stored reading, as a meter does — not after a gap whose hours every first recomputation would have to fill.
    const yearEnd = Math.floor((Date.now() - 2 * DAY) / H) * H;
    const yearStart = yearEnd - 365 * DAY;
    const measured = modems[0].meter;
    const fill = async (url: string, meters: 'one' | 'all') => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        const ids = (await c.query(`select id from meter where serial like 'H-%' ${meters === 'one' ? `and serial = $1` : ''} order by id`, meters === 'one' ? [measured] : [])).rows.map((r) => r.id as number);
        const started = performance.now();
        const insert = (meters: number[]) =>
          c.query(
            `insert into reading (meter_id, quantity, time, value)
             select m, 'ENERGY', to_timestamp((${yearStart}::float8 + k * 900000.0) / 1000), 1000000 + k * (40 + m % 30)
               from unnest($1::int[]) m, generate_series(0, ${365 * 96 - 1}) k`,
            [meters],
          );
        // The first meter's year lands in the DEFAULT partition (the weeks ahead of now exist, not the past ones); the
        // product's maintenance pass makes the year's weeks and moves it there, so the rest goes straight into them.
        await insert(ids.slice(0, 1));
        const orm = await openDatabase({ kind: 'postgresql', url });
        await runPartitionMaintenance(orm.em.getKnex(), { retentionDays: null });
        await orm.close();
        for (let i = 1; i < ids.length; i += 50) {
          await insert(ids.slice(i, i + 50));
          if (meters === 'all' && ((i - 1) / 50) % 4 === 3) process.stdout.write(`  ${((i + 50) * 365 * 96 / 1e6).toFixed(1)} M readings (${((performance.now() - started) / 1000).toFixed(0)} s)\r`);
        }
        const loaded = performance.now() - started;
        if (meters === 'all') {
          // Filler rollups for every meter but the measured one (see the header), then the measured one's by the product.
          await c.query(
            `insert into reading_hour (meter_id, quantity, hour, count, sum, min, max, consumption, covered_ms, discontinuity)
             select meter_id, quantity, date_trunc('hour', time), count(*), sum(value), min(value), max(value), max(value) - min(value), 3600000, false
               from reading where meter_id <> $1 group by 1, 2, 3`,
            [ids[0]],
          );
          await c.query(
            `insert into reading_day (meter_id, quantity, zone, day, hours, count, sum, min, max, consumption, complete_hours, discontinuity)
             select meter_id, quantity, 'Europe/Moscow', (date_trunc('day', hour at time zone 'Europe/Moscow') at time zone 'Europe/Moscow'), 24,
                    sum(count), sum(sum), min(min), max(max), sum(consumption), count(*), false
               from reading_hour where meter_id <> $1 group by 1, 2, 4`,
            [ids[0]],
          );
        }
        await c.query('vacuum analyze');
        // Written out now, not by a checkpoint that would spread over the first rounds of one database only.
        await c.query('checkpoint');
        return { loadedS: loaded / 1000, readings: ids.length * 365 * 96 };
      } finally {
        await c.end();
      }
    };
    const a = await fill(dbs.alone.db.url, 'one');
    const f = await fill(dbs.full.db.url, 'all');
    console.log(`\nloaded ${f.readings.toLocaleString('en')} readings in ${f.loadedS.toFixed(0)} s (${Math.round(f.readings / f.loadedS).toLocaleString('en')}/s); alone: ${a.readings.toLocaleString('en')}`);
    for (const db of [dbs.alone, dbs.full]) {
      const orm = await openDatabase(db.db);
      const id = (await orm.em.fork().getConnection().execute(`select id from meter where serial = ?`, [measured]))[0].id as number;
      await orm.em.fork().getConnection().execute(`insert into rollup_dirty (meter_id, quantity, from_time, to_time) select meter_id, quantity, min(time), max(time) from reading where meter_id = ? group by 1, 2 on conflict do nothing`, [id]);
      while ((await new RollupService(orm.em.fork()).process(id)) > 0);
      await orm.close();
    }

    // Ingest, alternately. Beside PostgreSQL's CPU, the WAL it wrote per 1000 readings (pg_stat_wal, the whole
    // server — nothing else writes during a round): records, full-page images and bytes.
    const ingest: Record<'alone' | 'full', number[]> = { alone: [], full: [] };
    const walClient = new pg.Client({ connectionString: admin });
    await walClient.connect();
    const wal = async () =>
      (await walClient.query<{ records: string; fpi: string; bytes: string; lsn: string }>(`select wal_records as records, wal_fpi as fpi, wal_bytes as bytes, pg_current_wal_lsn() as lsn from pg_stat_wal`)).rows[0]!;
    let baseTimeMs = yearEnd;
    for (let round = 0; round < o.rounds; round++) {
      for (const which of ['alone', 'full'] as const) {
        const started = await startBenchProduct(dataDir, dbs[which].db, `p6${randomBytes(3).toString('hex')}`, { ROLLUP_SETTLE_S: String(o.settleS), ROLLUP_JOB: o.rollupJob ? '1' : '0' });
        product = started.proc;
        const apiPid = product.child.pid!;
        const bridgePid = await bridgeChildOf(apiPid);
        const groups: CpuGroups = { API: async () => [apiPid], bridge: async () => (bridgePid ? [bridgePid] : []), PostgreSQL: () => processesMatching(/^postgres(:|\s|$)/) };
        const spec: LoadSpec = { modems, warmupMs: 3000, durationMs: o.seconds * 1000, recordsPerRequest: 1, port: started.coapPort, baseTimeMs };
        const tablesClient = new pg.Client({ connectionString: dbs[which].db.url });
        await tablesClient.connect();
        const tables = async () =>
          new Map(
            (await tablesClient.query<{ relname: string; ins: string; upd: string; hot: string }>(`select relname, n_tup_ins as ins, n_tup_upd as upd, n_tup_hot_upd as hot from pg_stat_user_tables`)).rows.map((t) => [
              t.relname,
              [Number(t.ins), Number(t.upd), Number(t.hot)],
            ]),
          );
        const tablesBefore = await tables();
        const walBefore = await wal();
        const r = await load(spec, groups);
        const walAfter = await wal();
        // pg_stat_user_tables lags by up to a second (PGSTAT_MIN_INTERVAL): read it after that.
        await new Promise((res) => setTimeout(res, 1500));
        const tablesAfter = await tables();
        await tablesClient.end();
        const written = [...tablesAfter]
          .map(([name, [ins, upd, hot]]) => {
            const [i0, u0, h0] = tablesBefore.get(name) ?? [0, 0, 0];
            return { name, ins: ins - i0, upd: upd - u0, hot: hot - h0 };
          })
          .filter((t) => t.ins + t.upd > 100)
          .sort((a, b) => b.ins + b.upd - (a.ins + a.upd));
        console.log(`  rows written: ${written.map((t) => `${t.name} +${t.ins} inserted, ${t.upd} updated (${t.hot} HOT)`).join('; ')}`);
        await product.stop();
        product = undefined;
        ingest[which].push(rate(r, 1));
        const per1000 = (k: 'records' | 'fpi' | 'bytes') => ((Number(walAfter[k]) - Number(walBefore[k])) / r.acknowledgedReadings) * 1000;
        console.log(
          `round ${round + 1}, ${which}: ${rate(r, 1).toFixed(0)} readings/s (per 1000: PostgreSQL CPU s ${((r.cpu.PostgreSQL / r.acknowledgedReadings) * 1000).toFixed(3)}, ` +
            `WAL records ${per1000('records').toFixed(0)}, full-page images ${per1000('fpi').toFixed(0)}, WAL KiB ${(per1000('bytes') / 1024).toFixed(0)}; LSN ${walBefore.lsn}–${walAfter.lsn})`,
        );
      }
      baseTimeMs += 10_000_000;
    }
    await walClient.end();

    // Reports, server side, alternately.
    const reportMs: Record<string, number[]> = {};
    const orms = { alone: await openDatabase(dbs.alone.db), full: await openDatabase(dbs.full.db) };
    try {
      const accessOf = async (which: 'alone' | 'full') => {
        const em = orms[which].em.fork();
        const id = (await em.getConnection().execute(`select id from meter where serial = ?`, [measured]))[0].id as number;
        const meter = (await new AccessService(em).meter(id))!;
        return { meter, periods: [{ from: 0, to: null }], since: new Date(0) };
      };
      const access = { alone: await accessOf('alone'), full: await accessOf('full') };
      const cases = [
        { name: 'monthly, a year', resolution: Resolution.MONTH, from: yearStart, to: yearEnd },
        { name: 'daily, a month', resolution: Resolution.DAY, from: yearEnd - 30 * DAY, to: yearEnd },
      ];
      const totals = new Map<string, string>();
      for (let round = 0; round < o.reportRounds; round++) {
        for (const c of cases) {
          for (const which of ['alone', 'full'] as const) {
            const em = orms[which].em.fork();
            const s = performance.now();
            const r = await new ReportService(em, new RollupService(em)).consumption(access[which] as never, c.resolution, new Date(c.from), new Date(c.to), 'Europe/Moscow');
            (reportMs[`${c.name}|${which}`] ??= []).push(performance.now() - s);
            // The same meter, the same numbers in both databases: otherwise the timing compares different work.
            const total = JSON.stringify(r.intervals.map((i) => [i.from.getTime(), i.consumption === null ? null : Math.round(i.consumption * 1000), i.complete]));
            if (!totals.has(c.name)) totals.set(c.name, total);
            else if (totals.get(c.name) !== total) throw new Error(`${c.name}: ${which} gives ${total}, the other ${totals.get(c.name)}`);
          }
        }
      }
      const sizes = await orms.full.em
        .fork()
        .getConnection()
        .execute(`select (select sum(pg_total_relation_size(inhrelid)) from pg_inherits where inhparent = 'reading'::regclass) as raw, pg_total_relation_size('reading_hour') as hours, pg_total_relation_size('reading_day') as days, pg_database_size(current_database()) as db`);
      const mib = (b: number) => (b / 2 ** 20).toFixed(1);
      const s = sizes[0];

      const aIngest = median(ingest.alone);
      const fIngest = median(ingest.full);
      console.log(`\nP6 on PostgreSQL, ${MODEMS} modems, ${o.rounds} rounds of ${o.seconds} s each database, alternately, ROLLUP_SETTLE_S=${o.settleS}, ROLLUP_JOB=${o.rollupJob ? 1 : 0}; medians:\n`);
      console.log(
        table([
          { what: 'ingest readings/s', alone: Math.round(aIngest), full: Math.round(fIngest), 'full / alone': `${((fIngest / aIngest) * 100).toFixed(1)} %`, target: '≥ 90 %', spread: `alone ${spreadOf(ingest.alone)}; full ${spreadOf(ingest.full)}` },
          ...cases.map((c) => {
            const al = median(reportMs[`${c.name}|alone`]);
            const fu = median(reportMs[`${c.name}|full`]);
            return { what: `report ${c.name}, ms`, alone: al.toFixed(1), full: fu.toFixed(1), 'full / alone': `${(fu / al).toFixed(2)}×`, target: '≤ 1.2×', spread: `full ${spreadOf(reportMs[`${c.name}|full`], 1)}` };
          }),
        ]),
      );
      const readings = f.readings;
      console.log(
        `\nstorage (full database): raw readings ${mib(Number(s.raw))} MiB = ${mib((Number(s.raw) / readings) * 1e6)} MiB per million, ` +
          `${mib(Number(s.raw) / MODEMS)} MiB per meter-year; rollups ${mib(Number(s.hours) + Number(s.days))} MiB = ${mib((Number(s.hours) + Number(s.days)) / MODEMS)} MiB per meter-year; whole database ${mib(Number(s.db))} MiB`,
      );
    } finally {
      await orms.alone.close();
      await orms.full.close();
    }
  } finally {
    await product?.stop('SIGKILL');
    await dbs.alone.drop();
    await dbs.full.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** A copy of database `name` as a fresh database beside it, dropped by the returned function. */
async function copyOf(adminUrl: string, name: string): Promise<{ db: { kind: 'postgresql'; url: string }; drop(): Promise<void> }> {
  const copy = `${name}_full`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${copy} template ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${copy}`;
  return {
    db: { kind: 'postgresql', url: url.toString() },
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${copy} with (force)`);
      await c.end();
    },
  };
}
