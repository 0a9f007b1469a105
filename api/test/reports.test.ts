/**
 * Reports against hand-computed expectations. Readings are ingested as a bridge would send them and the
 * reports read through GraphQL, as a client sees them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Account } from '../src/accounts/account.entity.js';
import { Binding } from '../src/devices/binding.entity.js';
import { MeterKind } from '../src/devices/meter-kind.js';
import { ProvisioningService } from '../src/devices/provisioning.service.js';
import { RollupService } from '../src/reports/rollups.service.js';
import { engines, startTestApi, type TestApi } from './harness.js';
import { makeAccount } from './devices-support.js';

const H = 3_600_000;
const utc = (y: number, m: number, d: number, h = 0, min = 0) => Date.UTC(y, m - 1, d, h, min);

const CONSUMPTION = `query($r: Resolution!, $f: DateTime!, $t: DateTime!, $z: String) {
  viewer { meters { id consumption(resolution: $r, from: $f, to: $t, timeZone: $z, first: 1000) {
    unit timeZone total complete totalCount
    edges { node { from to consumption complete zones { zone name consumption } } } } } } }`;

describe.each(engines)('consumption reports and statistics on %s', (engine) => {
  let t: TestApi;
  let customer: { token: string; id: number };
  let n = 0;

  beforeAll(async () => {
    t = await startTestApi({ engine });
    customer = await makeAccount(t);
  });
  afterAll(() => t.close());

  /** A meter of the customer's, bound since 2025 (so that every test reading is theirs). */
  async function meter(kind: MeterKind, zones = 1, phases = 1) {
    const em = t.api.orm.em.fork();
    const serial = `R-${engine.slice(0, 2).toUpperCase()}-${++n}`;
    const p = await new ProvisioningService(em).provision({ serial: `C${serial}`, meters: [{ serial, kind, zones, phases }] });
    em.persist(new Binding(em.getReference(Account, customer.id), { controller: p.controller }, new Date(utc(2025, 1, 1))));
    await em.flush();
    const send = async (readings: Array<[quantity: string, time: number, value: number]>) => {
      for (let i = 0; i < readings.length; i += 500) {
        const r = await t.ingest([{ token: p.token, readings: readings.slice(i, i + 500).map(([quantity, time, value]) => ({ meter: serial, quantity, time, value })) }]);
        if (!Array.isArray(r) || r[0].status !== 'STORED') throw new Error(JSON.stringify(r));
      }
    };
    return { id: String(p.meters[0].id), serial, send };
  }

  async function report(meterId: string, resolution: string, from: number, to: number, timeZone?: string) {
    const r = await t.gql(CONSUMPTION, { r: resolution, f: new Date(from).toISOString(), t: new Date(to).toISOString(), z: timeZone }, customer.token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data.viewer.meters.find((m: { id: string }) => m.id === meterId).consumption;
  }
  const values = (c: { edges: Array<{ node: { consumption: number | null } }> }) => c.edges.map((e) => e.node.consumption);

  it('sums a day exactly from 15-minute readings, in kWh', async () => {
    const m = await meter(MeterKind.ELECTRICITY);
    // 2026-01-10 00:00 Moscow = 2026-01-09 21:00 UTC; 100 Wh every 15 minutes = 9.6 kWh a day.
    const start = utc(2026, 1, 9, 21);
    await m.send(Array.from({ length: 2 * 96 + 1 }, (_, i) => ['ENERGY', start + i * 900_000, 1_000_000 + i * 100] as [string, number, number]));
    const c = await report(m.id, 'DAY', start, start + 48 * H);
    expect(c.unit).toBe('kWh');
    expect(c.timeZone).toBe('Europe/Moscow');
    expect(values(c)).toEqual([9.6, 9.6]);
    expect(c.complete).toBe(true);
    expect(+c.total.toFixed(6)).toBe(19.2);
  });

  it('splits a two-zone meter’s total at 07:00 and 23:00 local time', async () => {
    const m = await meter(MeterKind.ELECTRICITY, 2, 3);
    // One Moscow day, hourly readings; the register grows by (hour of day + 1) × 10 Wh in each hour.
    const start = utc(2026, 2, 1, 21); // 2026-02-02 00:00 Moscow
    let value = 0;
    const readings: Array<[string, number, number]> = [['ENERGY', start, 0]];
    let t1 = 0;
    let t2 = 0;
    for (let h = 0; h < 24; h++) {
      const inc = (h + 1) * 10;
      value += inc;
      readings.push(['ENERGY', start + (h + 1) * H, value]);
      if (h >= 7 && h < 23) t1 += inc;
      else t2 += inc;
    }
    await m.send(readings);
    const c = await report(m.id, 'DAY', start, start + 24 * H);
    const day = c.edges[0].node;
    expect(day.zones).toEqual([
      { zone: 1, name: 'T1 день', consumption: t1 / 1000 },
      { zone: 2, name: 'T2 ночь', consumption: t2 / 1000 },
    ]);
    expect(day.consumption).toBeCloseTo((t1 + t2) / 1000, 9);
    expect(t1).toBe(2480);
    expect(t2).toBe(520);
  });

  it('uses the zone registers a meter reports rather than the clock', async () => {
    const m = await meter(MeterKind.ELECTRICITY, 2, 1);
    const start = utc(2026, 2, 3, 21);
    await m.send([
      ['ENERGY_T1', start, 5000],
      ['ENERGY_T1', start + 12 * H, 5700],
      ['ENERGY_T1', start + 24 * H, 6000],
      ['ENERGY_T2', start, 3000],
      ['ENERGY_T2', start + 12 * H, 3100],
      ['ENERGY_T2', start + 24 * H, 3500],
    ]);
    const c = await report(m.id, 'DAY', start, start + 24 * H);
    const day = c.edges[0].node;
    expect(day.zones.map((z: { consumption: number }) => z.consumption)).toEqual([1, 0.5]);
    expect(day.consumption).toBe(1.5);
    // Readings 12 hours apart: the day's total is exact, but not every hour is covered by close readings.
    expect(day.complete).toBe(false);
  });

  it('cuts months at local midnight of the first day', async () => {
    const m = await meter(MeterKind.COLD_WATER);
    const jan1 = utc(2025, 12, 31, 21);
    const feb1 = utc(2026, 1, 31, 21);
    const mar1 = utc(2026, 2, 28, 21);
    await m.send([
      ['VOLUME', jan1, 100],
      ['VOLUME', feb1 - 12 * H, 104.5],
      ['VOLUME', feb1 + 12 * H, 105.5], // 1 m³ spread evenly over the 24 hours around the boundary
      ['VOLUME', mar1, 109],
    ]);
    const c = await report(m.id, 'MONTH', jan1, mar1);
    expect(c.unit).toBe('m3');
    const [jan, feb] = values(c);
    expect(jan).toBeCloseTo(5, 9);
    expect(feb).toBeCloseTo(4, 9);
  });

  it('follows DST in Europe/Berlin: the spring day has 23 hours of consumption, the autumn day 25', async () => {
    const m = await meter(MeterKind.ELECTRICITY);
    // 10 Wh every hour from 2026-03-28 23:00 UTC (29 March 00:00 CET) to the end of 30 March, and around 25 October.
    const spring = utc(2026, 3, 28, 23);
    const autumn = utc(2026, 10, 24, 22);
    const hourly = (from: number, hours: number, base: number) => Array.from({ length: hours + 1 }, (_, i) => ['ENERGY', from + i * H, base + i * 10] as [string, number, number]);
    await m.send([...hourly(spring, 47, 0), ...hourly(autumn, 49, 10_000)]);
    const s = await report(m.id, 'DAY', spring, spring + 47 * H, 'Europe/Berlin');
    expect(s.edges.map((e: { node: { from: string; consumption: number } }) => [e.node.from, e.node.consumption])).toEqual([
      ['2026-03-28T23:00:00.000Z', 0.23],
      ['2026-03-29T22:00:00.000Z', 0.24],
    ]);
    const a = await report(m.id, 'DAY', autumn, autumn + 49 * H, 'Europe/Berlin');
    expect(values(a)).toEqual([0.25, 0.24]);
    // The same readings in Moscow (no DST) make 24-hour days.
    const msk = await report(m.id, 'DAY', utc(2026, 3, 28, 21), utc(2026, 3, 29, 21), 'Europe/Moscow');
    expect(msk.edges[0].node.consumption).toBeCloseTo(0.22, 9); // readings start at 23:00 UTC: two hours of that day have none
    expect(msk.edges[0].node.complete).toBe(false);
  });

  it('handles a register reset: no negative value, the day marked incomplete', async () => {
    const m = await meter(MeterKind.ELECTRICITY);
    const start = utc(2026, 4, 1, 21);
    const readings: Array<[string, number, number]> = [];
    for (let i = 0; i <= 24; i++) readings.push(['ENERGY', start + i * H, i < 12 ? 900_000 + i * 100 : (i - 12) * 100]);
    await m.send(readings);
    const day = (await report(m.id, 'DAY', start, start + 24 * H)).edges[0].node;
    // 11 hours before the reset and 12 after, 100 Wh each; the hour of the reset is not counted.
    expect(day.consumption).toBeCloseTo(2.3, 9);
    expect(day.complete).toBe(false);
  });

  it('handles a replaced meter whose register starts higher: no huge jump', async () => {
    const m = await meter(MeterKind.HOT_WATER);
    const start = utc(2026, 4, 3, 21);
    await m.send([
      ['VOLUME', start, 10],
      ['VOLUME', start + 6 * H, 10.3],
      ['VOLUME', start + 7 * H, 5000],
      ['VOLUME', start + 24 * H, 5000.5],
    ]);
    const day = (await report(m.id, 'DAY', start, start + 24 * H)).edges[0].node;
    expect(day.consumption).toBeCloseTo(0.8, 9);
    expect(day.complete).toBe(false);
  });

  it('reports a day without data as null and incomplete, never 0', async () => {
    const m = await meter(MeterKind.COLD_WATER);
    const start = utc(2026, 5, 1, 21);
    await m.send([
      ['VOLUME', start, 1],
      ['VOLUME', start + 24 * H, 2],
      ['VOLUME', start + 72 * H, 2],
      ['VOLUME', start + 96 * H, 3],
    ]);
    const c = await report(m.id, 'DAY', start, start + 5 * 24 * H);
    expect(values(c)).toEqual([1, 0, 0, 1, null]);
    expect(c.edges.map((e: { node: { complete: boolean } }) => e.node.complete)).toEqual([false, false, false, false, false]);
    expect(c.complete).toBe(false);
  });

  it('is not changed by duplicate readings', async () => {
    const m = await meter(MeterKind.COLD_WATER);
    const start = utc(2026, 5, 10, 21);
    const readings: Array<[string, number, number]> = Array.from({ length: 25 }, (_, i) => ['VOLUME', start + i * H, 50 + i * 0.01]);
    await m.send(readings);
    await m.send(readings);
    expect(values(await report(m.id, 'DAY', start, start + 24 * H))[0]).toBeCloseTo(0.24, 9);
  });

  it('pages an hourly report as a Relay connection', async () => {
    const m = await meter(MeterKind.COLD_WATER);
    const start = utc(2026, 6, 1, 21);
    await m.send(Array.from({ length: 49 }, (_, i) => ['VOLUME', start + i * H, i * 0.001] as [string, number, number]));
    const q = `query($f: DateTime!, $t: DateTime!, $a: String) { viewer { meters { id consumption(resolution: HOUR, from: $f, to: $t, first: 20, after: $a) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { from } } } } } }`;
    const page = async (after?: string) =>
      (await t.gql(q, { f: new Date(start).toISOString(), t: new Date(start + 48 * H).toISOString(), a: after }, customer.token)).data.viewer.meters.find(
        (x: { id: string }) => x.id === m.id,
      ).consumption;
    const p1 = await page();
    expect(p1.totalCount).toBe(48);
    expect(p1.edges).toHaveLength(20);
    const p3 = await page((await page(p1.pageInfo.endCursor)).pageInfo.endCursor);
    expect(p3.edges).toHaveLength(8);
    expect(p3.pageInfo.hasNextPage).toBe(false);
    expect(p3.edges[7].node.from).toBe(new Date(start + 47 * H).toISOString());
  });

  it('gives statistics of a period: count, min/max/average, first and last reading, consumption, gaps', async () => {
    const m = await meter(MeterKind.ELECTRICITY);
    const start = utc(2026, 7, 1, 0);
    const readings: Array<[string, number, number]> = [];
    for (let i = 0; i < 8; i++) readings.push(['POWER', start + i * 900_000, 100 * (i + 1)]);
    // then nothing for 3 hours, then two more
    readings.push(['POWER', start + 5 * H, 50], ['POWER', start + 5 * H + 900_000, 1000]);
    readings.push(['ENERGY', start, 10_000], ['ENERGY', start + 6 * H, 10_600]);
    await m.send(readings);
    const q = `query($f: DateTime!, $t: DateTime!) { viewer { meters { id statistics(from: $f, to: $t) {
      quantity unit count min max average consumption first { value time } last { value } gaps { from to } } } } }`;
    const r = await t.gql(q, { f: new Date(start).toISOString(), t: new Date(start + 6 * H).toISOString() }, customer.token);
    const stats = r.data.viewer.meters.find((x: { id: string }) => x.id === m.id).statistics;
    const power = stats.find((s: { quantity: string }) => s.quantity === 'POWER');
    expect(power).toMatchObject({ unit: 'W', count: 10, min: 50, max: 1000, first: { value: 100, time: new Date(start).toISOString() }, last: { value: 1000 }, consumption: null });
    expect(power.average).toBeCloseTo((3600 + 1050) / 10, 9);
    expect(power.gaps).toEqual([{ from: new Date(start + 2 * H).toISOString(), to: new Date(start + 5 * H).toISOString() }]);
    const energy = stats.find((s: { quantity: string }) => s.quantity === 'ENERGY');
    expect(energy.consumption).toBeCloseTo(600, 9);
  });

  it('finds gaps only where the viewer may see: a silence stops where a binding ended and starts again with the next', async () => {
    // Another customer's meter for the hours between: theirs from 00:00 to 05:00 and again from 08:00.
    const other = await makeAccount(t);
    const em = t.api.orm.em.fork();
    const d0 = utc(2026, 7, 20, 0);
    const serial = `RG-${engine.slice(0, 2).toUpperCase()}-${++n}`;
    const p = await new ProvisioningService(em).provision({ serial: `C${serial}`, meters: [{ serial, kind: MeterKind.COLD_WATER, zones: 1, phases: 1 }] });
    const first = new Binding(em.getReference(Account, other.id), { controller: p.controller }, new Date(d0));
    first.unbind(new Date(d0 + 5 * H));
    em.persist([first, new Binding(em.getReference(Account, other.id), { controller: p.controller }, new Date(d0 + 8 * H))]);
    await em.flush();
    // Readings every 15 minutes from 00:00 to 02:00 and from 09:00 to 10:00.
    const times = [...Array.from({ length: 8 }, (_, i) => d0 + i * 900_000), ...Array.from({ length: 4 }, (_, i) => d0 + 9 * H + i * 900_000)];
    const r = await t.ingest([{ token: p.token, readings: times.map((time, i) => ({ meter: serial, quantity: 'VOLUME', time, value: 10 + i * 0.01 })) }]);
    if (!Array.isArray(r) || r[0].status !== 'STORED') throw new Error(JSON.stringify(r));
    const q = `query($f: DateTime!, $t: DateTime!) { viewer { meters { serial statistics(from: $f, to: $t) { quantity gaps { from to } } } } }`;
    const answer = await t.gql(q, { f: new Date(d0).toISOString(), t: new Date(d0 + 12 * H).toISOString() }, other.token);
    const stats = answer.data.viewer.meters.find((m: { serial: string }) => m.serial === serial).statistics;
    const at = (h: number) => new Date(d0 + h * H).toISOString();
    expect(stats.find((s: { quantity: string }) => s.quantity === 'VOLUME').gaps).toEqual([
      { from: at(2), to: at(5) },
      { from: at(8), to: at(9) },
      { from: at(10), to: at(12) },
    ]);
  });

  it('finds no gap in the part of a period still to come: a silence runs to now, not to the period’s end', async () => {
    const q = `query($f: DateTime!, $t: DateTime!) { viewer { meters { id statistics(from: $f, to: $t) { quantity count gaps { from to } } } } }`;
    const gapsOf = async (id: string, from: number) => {
      const r = await t.gql(q, { f: new Date(from).toISOString(), t: new Date(from + 30 * 24 * H).toISOString() }, customer.token);
      if (r.errors) throw new Error(JSON.stringify(r.errors));
      return r.data.viewer.meters.find((x: { id: string }) => x.id === id).statistics.find((s: { quantity: string }) => s.quantity === 'VOLUME').gaps;
    };
    const before = Date.now();
    const from = Math.floor(before / H) * H - 8 * H;
    // Reporting every 15 minutes until a minute ago: this month has no gap yet.
    const live = await meter(MeterKind.COLD_WATER);
    await live.send(Array.from({ length: 40 }, (_, i) => ['VOLUME', before - 60_000 - i * 900_000, 100 - i * 0.01] as [string, number, number]));
    expect(await gapsOf(live.id, from)).toEqual([]);
    // Silent for the last four hours and more: one gap, from the first hour without a reading until now.
    const silent = await meter(MeterKind.COLD_WATER);
    const last = from + 3 * H + 45 * 60_000;
    await silent.send(Array.from({ length: 16 }, (_, i) => ['VOLUME', from + i * 900_000, 100 + i * 0.01] as [string, number, number]));
    const gaps = await gapsOf(silent.id, from);
    const after = Date.now();
    expect(gaps).toHaveLength(1);
    expect(gaps[0].from).toBe(new Date(last - 45 * 60_000 + H).toISOString());
    expect(Date.parse(gaps[0].to)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(gaps[0].to)).toBeLessThanOrEqual(after);
  });

  it('judges supply quality over a week: shares within the norms, events, verdicts', async () => {
    const m = await meter(MeterKind.ELECTRICITY, 1, 1);
    // Monday 2026-08-03 00:00 Moscow; readings every 10 minutes for the whole week.
    const monday = utc(2026, 8, 2, 21);
    const readings: Array<[string, number, number]> = [];
    for (let i = 0; i < 1008; i++) {
      const time = monday + i * 600_000 + 60_000;
      // 1008 intervals: 40 below 207 V (a dip lasting 40 intervals), the rest nominal.
      readings.push(['VOLTAGE_L1', time, i >= 100 && i < 140 ? 200 : 230]);
      // frequency: 60 intervals at 50.3 Hz (outside ±0.2, inside ±0.4), the rest 50.0
      readings.push(['FREQUENCY', time, i < 60 ? 50.3 : 50.0]);
    }
    await m.send(readings);
    const q = `query($m: ID!, $w: DateTime!) { viewer { meter(id: $m) { id qualityReport(weekOf: $w) {
      from to expectedIntervals phases { phase measuredIntervals withinTenPercent min max }
      frequency { measuredIntervals within02Hz within04Hz within1Percent }
      events { kind phase start end extreme } norms { code norm requirement met } } } } }`;
    const r = await t.gql(q, { m: m.id, w: new Date(monday + 3 * 24 * H).toISOString() }, customer.token);
    const report = r.data.viewer.meter.qualityReport;
    expect(report).toMatchObject({ from: new Date(monday).toISOString(), expectedIntervals: 1008 });
    expect(report.phases).toEqual([{ phase: 1, measuredIntervals: 1008, withinTenPercent: 968 / 1008, min: 200, max: 230 }]);
    expect(report.frequency).toEqual({ measuredIntervals: 1008, within02Hz: 948 / 1008, within04Hz: 1, within1Percent: 1 });
    expect(report.events).toEqual([
      { kind: 'DIP', phase: 1, start: new Date(monday + 100 * 600_000 + 60_000).toISOString(), end: new Date(monday + 140 * 600_000 + 60_000).toISOString(), extreme: 200 },
    ]);
    expect(report.norms.map((v: { code: string; norm: string; met: boolean }) => [v.code, v.norm, v.met])).toEqual([
      ['EN50160_VOLTAGE', 'EN 50160', true], // 96.0 % ≥ 95 %
      ['EN50160_FREQUENCY', 'EN 50160', true],
      ['GOST32144_VOLTAGE', 'ГОСТ 32144-2013', false], // not 100 %
      ['GOST32144_FREQUENCY_02', 'ГОСТ 32144-2013', false], // 94.0 % < 95 %
      ['GOST32144_FREQUENCY_04', 'ГОСТ 32144-2013', true],
    ]);
  });

  it('gives no verdict for a week with fewer than 95 % of its 10-minute intervals measured, and says how many were', async () => {
    const m = await meter(MeterKind.ELECTRICITY, 1, 3);
    const q = `query($m: ID!, $w: DateTime!) { viewer { meter(id: $m) { qualityReport(weekOf: $w) {
      expectedIntervals minimumIntervals phases { phase measuredIntervals } frequency { measuredIntervals }
      norms { norm met measuredIntervals } } } } }`;
    /** A week of readings every 10 minutes, all within the norms: `intervals` of them per quantity. */
    const week = async (monday: number, intervals: Record<string, number>) => {
      const readings: Array<[string, number, number]> = [];
      for (const [quantity, n] of Object.entries(intervals)) {
        for (let i = 0; i < n; i++) readings.push([quantity, monday + i * 600_000 + 60_000, quantity === 'FREQUENCY' ? 50 : 230]);
      }
      await m.send(readings);
      const r = await t.gql(q, { m: m.id, w: new Date(monday + 3 * 24 * H).toISOString() }, customer.token);
      if (r.errors) throw new Error(JSON.stringify(r.errors));
      return r.data.viewer.meter.qualityReport;
    };

    // Phase L3 and the frequency measured in 441 of the week's 1008 intervals: nothing can be judged.
    const sparse = await week(utc(2026, 8, 9, 21), { VOLTAGE_L1: 1008, VOLTAGE_L2: 1008, VOLTAGE_L3: 441, FREQUENCY: 441 });
    expect(sparse).toMatchObject({ expectedIntervals: 1008, minimumIntervals: 958 });
    expect(sparse.phases).toEqual([
      { phase: 1, measuredIntervals: 1008 },
      { phase: 2, measuredIntervals: 1008 },
      { phase: 3, measuredIntervals: 441 },
    ]);
    expect(sparse.norms.map((v: { norm: string; met: boolean | null; measuredIntervals: number }) => [v.norm, v.met, v.measuredIntervals])).toEqual([
      ['EN 50160', null, 441],
      ['EN 50160', null, 441],
      ['ГОСТ 32144-2013', null, 441],
      ['ГОСТ 32144-2013', null, 441],
      ['ГОСТ 32144-2013', null, 441],
    ]);

    // At the minimum exactly (958) the voltage is judged; one interval short of it (957) the frequency is not.
    const edge = await week(utc(2026, 8, 16, 21), { VOLTAGE_L1: 1008, VOLTAGE_L2: 958, VOLTAGE_L3: 958, FREQUENCY: 957 });
    expect(edge.norms.map((v: { norm: string; met: boolean | null; measuredIntervals: number }) => [v.norm, v.met, v.measuredIntervals])).toEqual([
      ['EN 50160', true, 958],
      ['EN 50160', null, 957],
      ['ГОСТ 32144-2013', true, 958],
      ['ГОСТ 32144-2013', null, 957],
      ['ГОСТ 32144-2013', null, 957],
    ]);
  });

  it('recomputes many meters in one set exactly as it recomputes each meter alone', async () => {
    // Six meters in different shapes: rates, a two-zone tariff, a gap, a register reset, a non-cumulative quantity.
    const ms = [];
    for (let k = 0; k < 6; k++) ms.push(await meter(MeterKind.ELECTRICITY, k % 2 ? 2 : 1));
    const start = utc(2026, 3, 1, 19);
    for (const [k, m] of ms.entries()) {
      const readings: Array<[string, number, number]> = [];
      for (let i = 0; i < 40; i++) {
        if (k === 4 && i >= 12 && i < 20) continue;
        const time = start + i * 900_000 + k * 60_000;
        readings.push(['ENERGY', time, (k === 3 && i >= 25 ? 0 : 500_000) + i * (50 + k * 10)]);
        if (k % 3 === 0) readings.push(['POWER', time, 100 + k + i]);
      }
      await m.send(readings);
    }
    const ids = ms.map((m) => Number(m.id));
    const conn = () => t.api.orm.em.fork().getConnection();
    const list = ids.join(', ');
    const rows = async () => ({
      hours: await conn().execute(`select meter_id, quantity, hour, count, sum, min, max, consumption, covered_ms, discontinuity from reading_hour where meter_id in (${list}) order by meter_id, quantity, hour`),
      days: await conn().execute(`select * from reading_day where meter_id in (${list}) order by meter_id, quantity, zone, day`),
    });
    const redo = async (process: () => Promise<void>) => {
      await conn().execute(`delete from reading_hour where meter_id in (${list})`);
      await conn().execute(`delete from reading_day where meter_id in (${list})`);
      await conn().execute(`delete from rollup_dirty where meter_id in (${list})`);
      await conn().execute(`insert into rollup_dirty (meter_id, quantity, from_time, to_time) select meter_id, quantity, min(time), max(time) from reading where meter_id in (${list}) group by meter_id, quantity`);
      await process();
      return rows();
    };
    const together = await redo(async () => {
      while ((await new RollupService(t.api.orm.em.fork()).process()) > 0);
    });
    const alone = await redo(async () => {
      for (const id of ids) while ((await new RollupService(t.api.orm.em.fork()).process(id)) > 0);
    });
    expect(together.hours.length).toBeGreaterThan(6 * 10);
    expect(together.days.length).toBeGreaterThan(6);
    expect(together).toEqual(alone);
    // And a report reads them: the reset meter's day is incomplete, the others' consumption is what was sent.
    const c = await report(ms[0].id, 'DAY', utc(2026, 3, 1, 21), utc(2026, 3, 2, 21));
    expect(values(c)).toEqual([+(((40 - 1 - 8) * 50) / 1000).toFixed(3)]);
  });
});
