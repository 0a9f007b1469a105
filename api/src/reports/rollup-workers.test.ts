/**
 * Rollup workers share the dirty ranges: each claims its own, so two processes recompute every range once between
 * them, and the rollups come out as one process would make them. A claim is a lease: a live one keeps other
 * workers off (not a report's own meter), an expired one — its worker died — is taken over. With a settle period
 * the job leaves a meter's new readings until their range was first marked that long ago, and then recomputes
 * them together: once per period, however many batches arrived.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Account } from '../accounts/account.entity.js';
import { openDatabase, type Orm } from '../db/orm.js';
import { Binding } from '../devices/binding.entity.js';
import { MeterKind } from '../devices/meter-kind.js';
import { ProvisioningService } from '../devices/provisioning.service.js';
import { engines, startTestApi, type TestApi } from '../../test/harness.js';
import { makeAccount } from '../../test/devices-support.js';
import { startRollupJob } from './rollup-job.js';
import { RollupService } from './rollups.service.js';

const METERS = 30;
const start = Date.UTC(2026, 2, 1, 21);

describe.each(engines)('rollup workers on %s', (engine) => {
  let t: TestApi;
  let other: Orm;
  const meters: number[] = [];
  const modems: Array<{ serial: string; token: string }> = [];
  const conn = () => t.api.orm.em.fork().getConnection();
  const list = () => meters.join(', ');

  beforeAll(async () => {
    // The API's own job is off: only the workers of this test touch the dirty ranges.
    t = await startTestApi({ engine, env: { ROLLUP_JOB: '0' } });
    // A second "process": its own connections (on SQLite the same file, as a second process would open it).
    other = engine === 'postgresql' ? await openDatabase(t.api.deps.config.database) : t.api.orm;
    const customer = await makeAccount(t);
    for (let k = 0; k < METERS; k++) {
      const em = t.api.orm.em.fork();
      const serial = `W-${engine.slice(0, 2).toUpperCase()}-${k}`;
      const p = await new ProvisioningService(em).provision({ serial: `C${serial}`, meters: [{ serial, kind: MeterKind.ELECTRICITY }] });
      em.persist(new Binding(em.getReference(Account, customer.id), { controller: p.controller }, new Date(Date.UTC(2025, 0, 1))));
      await em.flush();
      meters.push(p.meters[0].id);
      modems.push({ serial, token: p.token });
      // Eight hours of 15-minute energy and power readings: two dirty ranges per meter.
      const readings = Array.from({ length: 33 }, (_, i) => [
        { meter: serial, quantity: 'ENERGY', time: start + i * 900_000, value: 100_000 + i * (40 + k) },
        { meter: serial, quantity: 'POWER', time: start + i * 900_000, value: 160 + k + i },
      ]).flat();
      const r = await t.ingest([{ token: p.token, readings }]);
      if (!Array.isArray(r) || r[0].status !== 'STORED') throw new Error(JSON.stringify(r));
    }
  }, 60_000);
  afterAll(async () => {
    if (other && other !== t.api.orm) await other.close();
    await t?.close();
  });

  const rollups = async () => ({
    hours: await conn().execute(`select meter_id, quantity, hour, count, sum, min, max, consumption, covered_ms, discontinuity from reading_hour where meter_id in (${list()}) order by meter_id, quantity, hour`),
    days: await conn().execute(`select * from reading_day where meter_id in (${list()}) order by meter_id, quantity, zone, day`),
  });
  const markAllDirty = async () => {
    await conn().execute(`delete from reading_hour where meter_id in (${list()})`);
    await conn().execute(`delete from reading_day where meter_id in (${list()})`);
    await conn().execute(`delete from rollup_dirty where meter_id in (${list()})`);
    await conn().execute(`insert into rollup_dirty (meter_id, quantity, from_time, to_time) select meter_id, quantity, min(time), max(time) from reading where meter_id in (${list()}) group by meter_id, quantity`);
  };
  const dirtyLeft = async () => Number((await conn().execute(`select count(*) as n from rollup_dirty where meter_id in (${list()})`))[0].n);

  it('two workers recompute every dirty range once between them, as one process would', async () => {
    await markAllDirty();
    expect(await dirtyLeft()).toBe(2 * METERS);
    // One worker alone: the reference.
    let alone = 0;
    for (let n; (n = await new RollupService(t.api.orm.em.fork()).process()) > 0; ) alone += n;
    expect(alone).toBe(2 * METERS);
    const reference = await rollups();
    // Eight whole hours and the ninth that the last reading opens, per quantity.
    expect(reference.hours).toHaveLength(2 * METERS * 9);

    await markAllDirty();
    // Two workers side by side, small batches so that their claims interleave.
    const drain = async (orm: Orm) => {
      let done = 0;
      for (let n; (n = await new RollupService(orm.em.fork()).process(undefined, 4)) > 0; ) done += n;
      return done;
    };
    const [a, b] = await Promise.all([drain(t.api.orm), drain(other)]);
    expect(a + b).toBe(2 * METERS);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    expect(await dirtyLeft()).toBe(0);
    expect(await rollups()).toEqual(reference);
  });

  it('the job drains a backlog in paced transactions: a pause after each, resting nine times its work at a tenth share', async () => {
    await markAllDirty();
    // The service hands every transaction's time to the pause: one per set of ranges.
    const busy: number[] = [];
    expect(await new RollupService(t.api.orm.em.fork()).process(undefined, 200, async (ms) => void busy.push(ms))).toBe(2 * METERS);
    expect(busy).toHaveLength(engine === 'sqlite' ? 3 : 1); // 60 ranges, 25 a transaction on SQLite, 100 on PostgreSQL
    const reference = await rollups();

    // The job: its pauses add up to (1 − share) / share of the transactions' time.
    await markAllDirty();
    const job = startRollupJob(t.api.orm, t.api.log, 'Europe/Moscow', { intervalMs: 10, share: 0.1 });
    const started = performance.now();
    try {
      await expect.poll(dirtyLeft, { timeout: 30_000, interval: 20 }).toBe(0);
    } finally {
      await job.stop(); // waits for the run, its last pause included
    }
    const wall = performance.now() - started;
    expect(job.stats.ranges).toBe(2 * METERS);
    expect(wall).toBeGreaterThanOrEqual(9 * job.stats.busyMs * 0.9);
    expect(await rollups()).toEqual(reference);
  });

  it('leaves a range claimed by a live worker alone — except for a report of that meter — and takes over an expired claim', async () => {
    await markAllDirty();
    const platform = t.api.orm.em.getPlatform();
    const claim = (ms: number) => platform.processDateProperty(new Date(Date.now() + ms));
    // Every range claimed by a worker that is still at it (its lease runs another hour).
    await conn().execute(`update rollup_dirty set claimed_until = ? where meter_id in (${list()})`, [claim(3_600_000)]);
    expect(await new RollupService(t.api.orm.em.fork()).process()).toBe(0);
    expect(await dirtyLeft()).toBe(2 * METERS);
    // A report recomputes its own meter at once.
    expect(await new RollupService(t.api.orm.em.fork()).process(meters[0])).toBe(2);
    expect(await dirtyLeft()).toBe(2 * METERS - 2);
    // The worker died: its lease ran out a second ago, and the others take its ranges.
    await conn().execute(`update rollup_dirty set claimed_until = ? where meter_id in (${list()})`, [claim(-1000)]);
    let done = 0;
    for (let n; (n = await new RollupService(other.em.fork()).process()) > 0; ) done += n;
    expect(done).toBe(2 * METERS - 2);
    expect(await dirtyLeft()).toBe(0);
  });

  it('recomputes a live meter once per settle period, however many batches it sent; a report does not wait for it', async () => {
    for (let n; (n = await new RollupService(t.api.orm.em.fork()).process()) > 0; );
    const H = 3_600_000;
    const now = Date.now();
    // The job with a settle hour, at a given moment.
    const job = (at: number) => new RollupService(t.api.orm.em.fork(), 'Europe/Moscow', H, () => at).process();
    const { serial, token } = modems[0]!;
    const meter = meters[0]!;
    const platform = t.api.orm.em.getPlatform();
    const first = now - 50 * 60_000;
    const counted = async () =>
      (
        await conn().execute<Array<{ quantity: string; n: number | string }>>(
          `select quantity, sum(count) as n from reading_hour where meter_id = ? and hour >= ? group by quantity order by quantity`,
          [meter, platform.processDateProperty(new Date(Math.floor(first / H) * H))],
        )
      ).map((r) => [r.quantity, Number(r.n)]);
    // Four 15-minute reports of a live meter, the first 50 minutes ago, through the real ingest path.
    for (let i = 0; i < 4; i++) {
      const time = first + i * 900_000;
      const r = await t.ingest([{ token, readings: [{ meter: serial, quantity: 'ENERGY', time, value: 200_000 + i * 50 }, { meter: serial, quantity: 'POWER', time, value: 170 + i }] }]);
      expect(r[0].status).toBe('STORED');
      // Its first new reading is not an hour old: the job leaves the meter alone after every batch.
      expect(await job(now)).toBe(0);
    }
    // One range per quantity holds all four batches.
    expect(await dirtyLeft()).toBe(2);
    expect(await counted()).toEqual([]);
    // Eleven minutes on, the first of them is an hour old: due, once, with all four.
    expect(await job(now + 11 * 60_000)).toBe(2);
    expect(await dirtyLeft()).toBe(0);
    expect(await counted()).toEqual([['energy', 4], ['power', 4]]);
    // A fifth report: the job waits again, a report of the meter brings it up to date at once.
    const r = await t.ingest([{ token, readings: [{ meter: serial, quantity: 'ENERGY', time: now - 60_000, value: 200_300 }] }]);
    expect(r[0].status).toBe('STORED');
    expect(await job(now + 11 * 60_000)).toBe(0);
    expect(await new RollupService(t.api.orm.em.fork(), 'Europe/Moscow', H).process(meter)).toBe(1);
    expect(await counted()).toEqual([['energy', 5], ['power', 4]]);
    // Late data — readings already older than the settle period, as after a modem's outage — go at once.
    const late = await t.ingest([{ token, readings: [{ meter: serial, quantity: 'ENERGY', time: first - 2 * H, value: 199_000 }] }]);
    expect(late[0].status).toBe('STORED');
    expect(await job(now)).toBe(1);
    expect(await dirtyLeft()).toBe(0);
  });
});
