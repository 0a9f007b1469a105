/**
 * Rollup workers share the dirty ranges: each claims its own, so two processes recompute every range once between
 * them, and the rollups come out as one process would make them. A claim is a lease: a live one keeps other
 * workers off (not a report's own meter), an expired one — its worker died — is taken over.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Account } from '../accounts/account.entity.js';
import { openDatabase, type Orm } from '../db/orm.js';
import { Binding } from '../devices/binding.entity.js';
import { MeterKind } from '../devices/meter-kind.js';
import { ProvisioningService } from '../devices/provisioning.service.js';
import { engines, startTestApi, type TestApi } from '../../test/harness.js';
import { makeAccount } from '../../test/devices-support.js';
import { RollupService } from './rollups.service.js';

const METERS = 30;
const start = Date.UTC(2026, 2, 1, 21);

describe.each(engines)('rollup workers on %s', (engine) => {
  let t: TestApi;
  let other: Orm;
  const meters: number[] = [];
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
});
