/**
 * Raw readings partitioned by week on real PostgreSQL (TEST_DATABASE_URL): a populated unpartitioned database is
 * converted by the migration without losing a reading, ingest keeps working (DEFAULT partition included),
 * maintenance makes weeks and moves stray readings idempotently, and retention drops exactly the old weeks while
 * the rollups — what reports read — stay as they were. On SQLite (always run) retention is refused at start.
 */
import { MikroORM } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.js';
import { ormOptions, type Orm } from '../../db/orm.js';
import { MeterKind } from '../../devices/meter-kind.js';
import { ProvisioningService } from '../../devices/provisioning.service.js';
import { IngestService, PackStatus, type Pack } from '../../ingest/ingest.service.js';
import { createLivePubSub, type LivePubSub } from '../../pubsub/pubsub.js';
import { ReportService } from '../../reports/reports.service.js';
import { RollupService } from '../../reports/rollups.service.js';
import { freshPostgres } from '../../../test/harness.js';
import { DAY_MS, partitionName, RETENTION_MARGIN_MS, runPartitionMaintenance, startPartitionMaintenance, WEEK_MS, weekStart, WEEKS_AHEAD } from './partition-maintenance.js';

const BEFORE_PARTITIONS = 'Migration20261205064630_webhooks';
const Q15 = 15 * 60_000;
const HOUR = 3_600_000;
const ZONE = 'Europe/Moscow';

describe('SQLite', () => {
  it('refuses a retention of raw readings: it has no partitions, and says so at start', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', RAW_READINGS_RETENTION_DAYS: '30' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', RAW_READINGS_RETENTION_DAYS: '30' })).toThrow(/applies to PostgreSQL only/);
    expect(() => loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://x@127.0.0.1/db', RAW_READINGS_RETENTION_DAYS: '3' })).toThrow(/at least 7 days/);
    expect(loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://x@127.0.0.1/db', RAW_READINGS_RETENTION_DAYS: '90' }).readings.retentionDays).toBe(90);
    expect(loadConfig({ NODE_ENV: 'test' }).readings.retentionDays).toBeNull();
  });

  it('weeks start on Monday 00:00 UTC', () => {
    expect(new Date(weekStart(Date.UTC(2026, 11, 5, 14))).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(new Date(weekStart(Date.UTC(2026, 10, 30))).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(new Date(weekStart(Date.UTC(2026, 10, 29, 23, 59))).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(partitionName(Date.UTC(2026, 10, 30))).toBe('reading_w20261130');
  });
});

// PostgreSQL is required here whenever TEST_DATABASE_URL is set; without it the SQLite part above still runs.
describe.runIf(process.env.TEST_DATABASE_URL)('PostgreSQL: weekly partitions of reading', () => {
  const now = Date.now();
  // 120 days of 15-minute energy readings for three meters, ending on the quarter hour before now.
  const end = Math.floor(now / Q15) * Q15 - Q15;
  const start = end - 120 * DAY_MS;
  let db: Awaited<ReturnType<typeof freshPostgres>>;
  let orm: Orm;
  let pubSub: LivePubSub;
  let token: string;
  let meterIds: number[];
  const sql = <T = Record<string, unknown>>(q: string, params: unknown[] = []) => orm.em.fork().getConnection().execute<T[]>(q, params);
  const fingerprint = async (where = 'true') =>
    (
      await sql<{ n: string; sum: string }>(
        `select count(*) as n, md5(coalesce(string_agg(meter_id || '/' || quantity || '/' || extract(epoch from time) || '/' || value, ',' order by meter_id, quantity, time), '')) as sum from reading where ${where}`,
      )
    )[0];
  const ingest = (packs: Pack[], days: number | null = null, at = Date.now()) => new IngestService(orm.em.fork(), pubSub, () => {}, () => {}, { days }).ingest(packs, at);
  const pack = (meter: string, times: number[], value = (t: number) => t / HOUR): Pack => ({ token, meters: times.map(() => meter), quantities: times.map(() => 'ENERGY'), times, values: times.map(value) });
  const settle = async () => {
    while ((await new RollupService(orm.em.fork(), ZONE).process()) > 0);
  };

  beforeAll(async () => {
    db = await freshPostgres();
    // The schema as deployed before this change: every migration up to the one before the partitions.
    orm = (await MikroORM.init(await ormOptions({ kind: 'postgresql', url: db.url }))) as Orm;
    await orm.getMigrator().up({ to: BEFORE_PARTITIONS });
    pubSub = await createLivePubSub(undefined);
    // The controller and its token through the service; its meters as rows of the old schema (today's Meter entity
    // has columns that later migrations add: the ORM would insert into columns not there yet).
    const p = await new ProvisioningService(orm.em.fork()).createController('C-PART', []);
    token = p.token;
    meterIds = [];
    for (const i of [1, 2, 3]) {
      const [row] = await sql<{ id: number }>(`insert into meter (serial, kind, zones, phases, controller_id, created_at) values (?, ?, 1, 1, ?, now()) returning id`, [`E-P${i}`, MeterKind.ELECTRICITY, p.controller.id]);
      meterIds.push(Number(row!.id));
    }
    // A populated deployment: 3 × 11,520 readings (a rising register), and odd clocks — 1999 (an unset clock
    // stored before ingest refused it), 2003, and 90 days ahead.
    await sql(
      `insert into reading (meter_id, quantity, time, value)
       select m, 'energy', to_timestamp(t / 1000.0), t / ${HOUR}.0 + m
       from unnest(array[${meterIds.join(',')}]::int[]) m, generate_series(?::bigint, ?::bigint - 1, ${Q15}) t`,
      [start, end],
    );
    const odd = [Date.UTC(1999, 5, 1), Date.UTC(2003, 2, 4, 12), now + 90 * DAY_MS];
    for (const t of odd) await sql(`insert into reading (meter_id, quantity, time, value) values (?, 'energy', to_timestamp(? / 1000.0), 1)`, [meterIds[0], t]);
  });

  afterAll(async () => {
    await pubSub?.close();
    await orm?.close();
    await db?.drop();
  });

  it('converts the populated table without losing a reading', async () => {
    const before = await fingerprint();
    expect(Number(before.n)).toBe(3 * 120 * 96 + 3);
    expect((await sql(`select 1 from pg_partitioned_table where partrelid = 'reading'::regclass`)).length).toBe(0);

    await orm.getMigrator().up();

    expect(await fingerprint()).toEqual(before);
    expect((await sql(`select 1 from pg_partitioned_table where partrelid = 'reading'::regclass`)).length).toBe(1);
    const parts = (await sql<{ name: string }>(`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'reading'::regclass order by 1`)).map((r) => r.name);
    // Every week holding a reading from 2000 on (2003 included, not the years between), last week to four ahead, DEFAULT.
    const weeks = new Set<string>([partitionName(weekStart(Date.UTC(2003, 2, 4, 12)))]);
    for (let w = weekStart(start); w < end; w += WEEK_MS) weeks.add(partitionName(w));
    for (let w = weekStart(now) - WEEK_MS; w <= weekStart(now) + WEEKS_AHEAD * WEEK_MS; w += WEEK_MS) weeks.add(partitionName(w));
    expect(parts).toEqual([...weeks, 'reading_default'].sort());
    // 1999 and 90 days ahead have no week: they sit in DEFAULT.
    expect((await sql<{ n: string }>(`select count(*) as n from reading_default`))[0].n).toBe('2');
    // The primary key survives, with its name; there is no other index, as before.
    const idx = await sql<{ name: string; def: string }>(`select indexname as name, indexdef as def from pg_indexes where tablename = 'reading'`);
    expect(idx.map((i) => i.name)).toEqual(['reading_pkey']);
    expect(idx[0].def).toMatch(/UNIQUE INDEX reading_pkey ON ONLY public.reading USING btree \(meter_id, quantity, "time"\)/);
  });

  it('rolls back to the plain table without losing a reading (with every later migration), and up again', async () => {
    const before = await fingerprint();
    const later = (await orm.getMigrator().getExecutedMigrations()).map((m) => m.name).filter((n) => n > BEFORE_PARTITIONS);
    expect(later[0]).toBe('Migration20261205120000_reading_partitions');

    // umzug's `to` is inclusive on the way down: the partitions' migration is the last one undone.
    const undone = await orm.getMigrator().down({ to: later[0] });
    expect(undone.map((m) => m.name)).toEqual([...later].reverse());
    expect(await fingerprint()).toEqual(before);
    expect((await sql(`select 1 from pg_partitioned_table where partrelid = 'reading'::regclass`)).length).toBe(0);
    expect((await sql(`select to_regclass('reading_retention') as t`))[0].t).toBeNull();
    const idx = await sql<{ name: string }>(`select indexname as name from pg_indexes where tablename = 'reading'`);
    expect(idx.map((i) => i.name)).toEqual(['reading_pkey']);

    expect((await orm.getMigrator().up()).map((m) => m.name)).toEqual(later);
    expect(await fingerprint()).toEqual(before);
    expect((await sql(`select 1 from pg_partitioned_table where partrelid = 'reading'::regclass`)).length).toBe(1);
  });

  it('ingest stores into the week, into DEFAULT where there is none, and a repeat stores nothing twice', async () => {
    const t = Math.floor(Date.now() / 1000) * 1000;
    const first = await ingest([pack('E-P1', [t], () => 5000)]);
    expect(first).toEqual([{ status: PackStatus.STORED, stored: 1, duplicates: 0, message: null }]);
    const where = await sql<{ part: string }>(`select tableoid::regclass::text as part from reading where meter_id = ? and time = to_timestamp(? / 1000.0)`, [meterIds[0], t]);
    expect(where).toEqual([{ part: partitionName(weekStart(t)) }]);
    // A modem whose clock says 2001: accepted (after 2000), no week for it — DEFAULT takes it.
    const old = Date.UTC(2001, 6, 1, 10);
    expect((await ingest([pack('E-P2', [old], () => 7)]))[0]).toMatchObject({ status: 'STORED', stored: 1 });
    expect((await sql(`select 1 from reading_default where meter_id = ? and time = to_timestamp(? / 1000.0)`, [meterIds[1], old])).length).toBe(1);
    // The same packs again: duplicates, nothing new.
    expect((await ingest([pack('E-P1', [t], () => 5000), pack('E-P2', [old], () => 7)])).map((o) => [o.stored, o.duplicates])).toEqual([[0, 1], [0, 1]]);
    // Later than the clock allows is refused as before (so DEFAULT sees the future only from direct writes).
    expect((await ingest([pack('E-P1', [Date.now() + 3600_000])]))[0]).toMatchObject({ status: 'INVALID', stored: 0, message: 'energy: time in the future' });
  });

  it('maintenance moves DEFAULT readings into their weeks, makes weeks ahead, and a second pass does nothing', async () => {
    const total = await fingerprint();
    const r = await runPartitionMaintenance(orm.em.getKnex(), { retentionDays: null });
    expect(r.ran).toBe(true);
    expect(r.deferred).toEqual([]);
    expect(r.created.sort()).toEqual([partitionName(weekStart(Date.UTC(2001, 6, 1, 10))), partitionName(weekStart(now + 90 * DAY_MS))].sort());
    expect(r.moved).toBe(2);
    expect(r.dropped).toEqual([]);
    // Only 1999 is left in DEFAULT; nothing was lost or doubled on the way.
    expect((await sql<{ n: string }>(`select count(*) as n from reading_default`))[0].n).toBe('1');
    expect(await fingerprint()).toEqual(total);
    const again = await runPartitionMaintenance(orm.em.getKnex(), { retentionDays: null });
    expect(again).toEqual({ ran: true, created: [], moved: 0, dropped: [], deletedFromDefault: 0, deferred: [] });
    // Another process holding the lock: this one stands aside.
    const other = orm.em.fork().getConnection();
    await other.execute(`select pg_advisory_lock(7355610)`);
    try {
      // (The lock is session-level: knex may hand the pass the same pooled connection, which would re-enter it; a
      // separate ORM connection pool is what another process would have.)
      const second = (await MikroORM.init(await ormOptions({ kind: 'postgresql', url: db.url }))) as Orm;
      try {
        expect((await runPartitionMaintenance(second.em.getKnex(), { retentionDays: null })).ran).toBe(false);
      } finally {
        await second.close();
      }
    } finally {
      await other.execute(`select pg_advisory_unlock_all()`);
    }
  });

  it('retention drops exactly the old weeks, keeps every rollup and refuses readings it would drop', async () => {
    // Rollups first, as the job would have made them before retention.
    await sql(`insert into rollup_dirty (meter_id, quantity, from_time, to_time) select meter_id, quantity, min(time), max(time) from reading where time >= '2000-01-01' group by 1, 2 on conflict (meter_id, quantity) do update set from_time = excluded.from_time, to_time = excluded.to_time`);
    await settle();
    const retentionDays = 60;
    const horizon = weekStart(now - retentionDays * DAY_MS - RETENTION_MARGIN_MS);
    const hoursBefore = await sql<{ n: string }>(`select count(*) as n from reading_hour`);
    const daysBefore = await sql<{ n: string }>(`select count(*) as n from reading_day`);
    expect(Number(hoursBefore[0].n)).toBeGreaterThan(3 * 119 * 24);
    const reports = new ReportService(orm.em.fork(), new RollupService(orm.em.fork(), ZONE));
    // A kept period (the last 30 days) and a dropped one (the first 30 days of the data), as reports answer them.
    const keptFrom = weekStart(now) - 4 * WEEK_MS;
    const oldFrom = start;
    const keptHours = await reports.hours(meterIds[0], ['energy'], keptFrom, now);
    const oldHours = await reports.hours(meterIds[0], ['energy'], oldFrom, oldFrom + 30 * DAY_MS);
    const oldDays = await reports.days(meterIds[0], ['energy'], oldFrom, oldFrom + 30 * DAY_MS);
    expect(oldHours.length).toBeGreaterThan(29 * 24);
    const kept = await fingerprint(`time >= '${new Date(horizon).toISOString()}'`);
    const old = await fingerprint(`time < '${new Date(horizon).toISOString()}'`);
    const all = await fingerprint();
    expect(Number(old.n)).toBeGreaterThan(0);

    const r = await runPartitionMaintenance(orm.em.getKnex(), { retentionDays });
    expect(r.deferred).toEqual([]);
    const oldWeeks = (await sql<{ name: string }>(`select relname as name from pg_class where relname ~ '^reading_w[0-9]{8}$'`)).length;
    expect(r.dropped.length).toBeGreaterThan(0);
    for (const name of r.dropped) expect(name < partitionName(horizon)).toBe(true);
    expect(oldWeeks).toBeGreaterThan(0);
    // DEFAULT's 1999 reading was older than the horizon too.
    expect(r.deletedFromDefault).toBe(1);
    expect(Number(all.n)).toBe(Number(kept.n) + Number(old.n));
    expect(await fingerprint()).toEqual(kept);
    expect(new Date((await sql<{ h: Date | string }>(`select horizon as h from reading_retention`))[0].h).getTime()).toBe(horizon);
    // Rollups are kept, all of them, and reports of the dropped and kept periods answer as before.
    expect(await sql(`select count(*) as n from reading_hour`)).toEqual(hoursBefore);
    expect(await sql(`select count(*) as n from reading_day`)).toEqual(daysBefore);
    expect(await reports.hours(meterIds[0], ['energy'], keptFrom, now)).toEqual(keptHours);
    expect(await reports.hours(meterIds[0], ['energy'], oldFrom, oldFrom + 30 * DAY_MS)).toEqual(oldHours);

    // A late reading marked before the drop (its range is before the horizon): the job lets it go and the hours of
    // the dropped days stay as they were.
    await sql(`insert into rollup_dirty (meter_id, quantity, from_time, to_time) values (?, 'energy', to_timestamp(? / 1000.0), to_timestamp(? / 1000.0))`, [meterIds[0], oldFrom + 5 * DAY_MS, oldFrom + 5 * DAY_MS]);
    // And one reaching across the horizon: recomputed from the horizon on, nothing before it.
    await sql(`insert into rollup_dirty (meter_id, quantity, from_time, to_time) values (?, 'energy', to_timestamp(? / 1000.0), to_timestamp(? / 1000.0)) on conflict do nothing`, [meterIds[1], horizon - 3 * DAY_MS, horizon + DAY_MS]);
    await settle();
    expect((await sql(`select 1 from rollup_dirty`)).length).toBe(0);
    expect(await reports.hours(meterIds[0], ['energy'], oldFrom, oldFrom + 30 * DAY_MS)).toEqual(oldHours);
    expect(await reports.days(meterIds[0], ['energy'], oldFrom, oldFrom + 30 * DAY_MS)).toEqual(oldDays);
    expect(await sql(`select count(*) as n from reading_hour`)).toEqual(hoursBefore);

    // Ingest refuses what retention would drop, with the reason; a reading inside the retention is stored.
    const tooOld = now - (retentionDays + 1) * DAY_MS;
    const refused = await ingest([pack('E-P3', [tooOld])], retentionDays);
    expect(refused).toEqual([{ status: PackStatus.INVALID, stored: 0, duplicates: 0, message: 'energy: time older than the 60 days raw readings are kept' }]);
    expect((await sql(`select 1 from reading where meter_id = ? and time = to_timestamp(? / 1000.0)`, [meterIds[2], tooOld])).length).toBe(0);
    const inside = Math.floor((now - (retentionDays - 1) * DAY_MS) / Q15) * Q15 + 60_000;
    expect((await ingest([pack('E-P3', [inside])], retentionDays))[0]).toMatchObject({ status: 'STORED', stored: 1 });

    // A second pass finds nothing more to drop.
    const again = await runPartitionMaintenance(orm.em.getKnex(), { retentionDays });
    expect(again.dropped).toEqual([]);
    expect(again.deferred).toEqual([]);
  });

  it('the periodic job runs a pass at start and stops cleanly', async () => {
    await sql(`insert into reading (meter_id, quantity, time, value) values (?, 'energy', to_timestamp(? / 1000.0), 1)`, [meterIds[2], now + 200 * DAY_MS]);
    const logged: unknown[] = [];
    const log = { info: (o: unknown) => logged.push(o), warn: (o: unknown) => logged.push(o) } as never;
    const job = startPartitionMaintenance(orm, log, { retentionDays: 60 });
    await job.stop();
    expect((await sql(`select tableoid::regclass::text as part from reading where time = to_timestamp(? / 1000.0)`, [now + 200 * DAY_MS]))).toEqual([{ part: partitionName(weekStart(now + 200 * DAY_MS)) }]);
    expect(logged).toEqual([{ created: [partitionName(weekStart(now + 200 * DAY_MS))], moved: 1, dropped: [], deletedFromDefault: 0 }]);
  });
});
