/**
 * Reports benchmark (pnpm bench reports [--pg]): one two-zone electricity meter with a year of 15-minute data
 * (energy, energy_t1, energy_t2: 105,120 readings). Times the monthly and daily reports of the real path —
 * the report service in-process (server side) and the GraphQL request over HTTP — without and with cost (the
 * meter priced at a two-zone tariff: cost on every interval, zone and the total), and, in the same run, a naive
 * GROUP BY over the raw rows (max − min of the register per local month or day); medians, spreads and ratios.
 *
 * Also timed: the report whose rollups are dirty — the recompute-on-read path. Before each such timing a day of
 * late readings (between the 15-minute ones already stored, on the register's line, so the consumption stays the
 * same) goes through the real ingest path, which marks the day dirty in rollup_dirty as it does for any late
 * reading; the report then recomputes the meter's dirty range before reading the rollups.
 *
 * A fast wrong report is not a result: the service's intervals (total and both zones) are checked against an
 * exact naive aggregation over the raw readings — per bucket, the sum of the differences between consecutive
 * readings of each register (lead() over time; every pair here lies inside one hour, so nothing is split across
 * buckets) — on the first round with clean rollups and after every dirty recompute. Any difference throws: the
 * bench exits non-zero.
 *
 * Then the tariff comparison: the year's hours priced under the demo supplier's three tariffs, server side.
 */
import { randomBytes } from 'node:crypto';
import {
  Account,
  Binding,
  CostService,
  MeterKind,
  ProvisioningService,
  AccessService,
  IngestService,
  ReportService,
  RollupService,
  Resolution,
  startTestApi,
  Tariff,
  TariffsService,
  toColumns,
} from '@askue/api/testing';
import { median, table } from './support.js';

/** Differences below half a watt-hour are rounding (registers count whole Wh; reports give kWh to 1e-6). */
const TOLERANCE_KWH = 0.0005;

const H = 3_600_000;
const YEAR_START = Date.UTC(2025, 0, 1) - 3 * H; // 2025-01-01 00:00 Moscow

export async function benchReports(o: { pg: boolean; rounds: number }): Promise<void> {
  if (o.pg && !process.env.TEST_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const t = await startTestApi({ engine: o.pg ? 'postgresql' : 'sqlite', env: { LOG_LEVEL: 'silent' } });
  try {
    const orm = t.api.orm;
    const em = orm.em.fork();
    const serial = `RB-${randomBytes(3).toString('hex').toUpperCase()}`;
    const p = await new ProvisioningService(em).provision({ serial: `C${serial}`, meters: [{ serial, kind: MeterKind.ELECTRICITY, zones: 2, phases: 3 }] });
    const customer = await em.findOneOrFail(Account, { phone: t.api.demo!.phone });
    em.persist(new Binding(customer, { controller: p.controller }, new Date(YEAR_START - 24 * H)));
    await em.flush();

    // A year of 15-minute registers, through the real ingest path (which marks the rollups to recompute).
    const started = performance.now();
    let e = 5_000_000;
    let t1 = 3_000_000;
    let t2 = 2_000_000;
    const batch: Array<{ meter: string; quantity: never; time: number; value: number }> = [];
    const flush = async () => {
      if (!batch.length) return;
      const [outcome] = await new IngestService(orm.em.fork(), t.api.deps.pubSub).ingest([toColumns({ token: p.token, readings: batch.splice(0) })], YEAR_START + 400 * 24 * H);
      // A benchmark of reports over data that was refused would time empty reports: stop instead.
      if (outcome?.status !== 'STORED') throw new Error(`the bench's readings were not stored: ${JSON.stringify(outcome)}`);
    };
    // The registers' values per 15-minute slot, for the late readings placed on their line later.
    const registers = { ENERGY: [] as number[], ENERGY_T1: [] as number[], ENERGY_T2: [] as number[] };
    for (let i = 0; i < 365 * 96; i++) {
      const time = YEAR_START + i * 900_000;
      const localHour = new Date(time + 3 * H).getUTCHours();
      const wh = 50 + ((i * 7919) % 100);
      e += wh;
      if (localHour >= 7 && localHour < 23) t1 += wh;
      else t2 += wh;
      registers.ENERGY.push(e);
      registers.ENERGY_T1.push(t1);
      registers.ENERGY_T2.push(t2);
      batch.push({ meter: serial, quantity: 'ENERGY' as never, time, value: e }, { meter: serial, quantity: 'ENERGY_T1' as never, time, value: t1 }, { meter: serial, quantity: 'ENERGY_T2' as never, time, value: t2 });
      if (batch.length >= 3000) await flush();
    }
    await flush();
    const ingestMs = performance.now() - started;
    const rollupStart = performance.now();
    while ((await new RollupService(orm.em.fork()).process(p.meters[0].id)) > 0);
    const rollupMs = performance.now() - rollupStart;

    const from = new Date(YEAR_START);
    const to = new Date(YEAR_START + 365 * 24 * H);
    const access = (await new AccessService(orm.em.fork()).accessTo(customer, p.meters[0].id))!;
    // The meter is priced at the customer's own two-zone tariff (the cost the cabinet shows beside every figure).
    const tariffs = new TariffsService(orm.em.fork());
    const twoZone = [{ zone: 'T1' as const, hours: [[7, 23]] as Array<[number, number]> }, { zone: 'T2' as const, hours: [[23, 7]] as Array<[number, number]> }];
    await tariffs.setOwn(customer.id, access.meter, 'ELECTRICITY', 'Двухзонный', 'Europe/Moscow', { effectiveFrom: '2024-12-01', scheme: 'two-zone', zoneHours: twoZone, tiers: [{ uptoKwh: null, prices: { T1: 111500, T2: 43700 } }], monthlyChargeKopecks: 0 }, new Date());
    const service = async (resolution: Resolution, withCost: boolean) => {
      const em = orm.em.fork();
      const reports = new ReportService(em, new RollupService(em));
      const cost = new CostService(em, reports, new TariffsService(em), Date.now, t.api.deps.tariffCache);
      const s = performance.now();
      // As the resolver does it: the tariff looked up beside the report's queries, then the report priced.
      const [r, tariff] = await Promise.all([reports.consumption(access, resolution, from, to, 'Europe/Moscow'), withCost ? cost.tariffOf(access.meter, customer.id) : null]);
      if (withCost) {
        const priced = await cost.reportAt(tariff, access, r, resolution);
        if (!priced || priced.total.pricedKopecks === null) throw new Error('the report was not priced');
      }
      return { ms: performance.now() - s, n: r.intervals.length, report: r };
    };
    // A day of late readings, through the real ingest path: it stores them and marks the day dirty for the rollups.
    let lateBatches = 0;
    const markDirty = async () => {
      const k = lateBatches++;
      const day = (17 + 37 * k) % 364; // a different day each time, never the last (its slots need a successor)
      const offsetMs = 60_000 * (1 + (k % 14)); // inside the slot, and distinct should a day come round again
      const late: Array<{ meter: string; quantity: never; time: number; value: number }> = [];
      for (let j = 0; j < 96; j++) {
        const slot = day * 96 + j;
        for (const [quantity, values] of Object.entries(registers)) {
          const value = values[slot]! + Math.floor(((values[slot + 1]! - values[slot]!) * offsetMs) / 900_000);
          late.push({ meter: serial, quantity: quantity as never, time: YEAR_START + slot * 900_000 + offsetMs, value });
        }
      }
      const [outcome] = await new IngestService(orm.em.fork(), t.api.deps.pubSub).ingest([toColumns({ token: p.token, readings: late })], YEAR_START + 400 * 24 * H);
      if (outcome?.status !== 'STORED') throw new Error(`the late readings were not stored: ${JSON.stringify(outcome)}`);
      const [{ n }] = await orm.em.fork().getConnection().execute(`select count(*) as n from rollup_dirty where meter_id = ?`, [p.meters[0].id]);
      if (Number(n) === 0) throw new Error('the late readings left no dirty range: the dirty path would not be timed');
    };
    const token = await t.signInDemo();
    const http = async (resolution: Resolution, withCost: boolean) => {
      const s = performance.now();
      const costFields = withCost ? 'pricedTotalCost { kopecks } ' : '';
      const nodeCost = withCost ? 'pricedCost { kopecks } cost { kopecks } ' : '';
      const zoneCost = withCost ? ' cost { kopecks }' : '';
      const r = await t.gql(
        `query($id: ID!, $r: Resolution!, $f: DateTime!, $t: DateTime!) { viewer { meter(id: $id) { consumption(resolution: $r, from: $f, to: $t, first: 400) { ${costFields}totalCount edges { node { from consumption complete ${nodeCost}zones { consumption${zoneCost} } } } } } } }`,
        { id: String(p.meters[0].id), r: resolution, f: from.toISOString(), t: to.toISOString() },
        token,
      );
      if (r.errors) throw new Error(JSON.stringify(r.errors));
      if (withCost && r.data.viewer.meter.consumption.pricedTotalCost === null) throw new Error('the report came without cost');
      return { ms: performance.now() - s, n: r.data.viewer.meter.consumption.totalCount };
    };
    const platform = orm.em.getPlatform();
    const naive = async (resolution: Resolution) => {
      const pg = o.pg;
      const bucket =
        resolution === Resolution.MONTH
          ? pg ? `date_trunc('month', time at time zone 'Europe/Moscow')` : `strftime('%Y-%m', time / 1000 + 10800, 'unixepoch')`
          : pg ? `date_trunc('day', time at time zone 'Europe/Moscow')` : `strftime('%Y-%m-%d', time / 1000 + 10800, 'unixepoch')`;
      const s = performance.now();
      const rows = await orm.em
        .fork()
        .getConnection()
        .execute(
          `select ${bucket} as b, quantity, max(value) - min(value) as c from reading where meter_id = ? and quantity in ('energy', 'energy_t1', 'energy_t2') and time >= ? and time < ? group by b, quantity order by b`,
          [p.meters[0].id, platform.processDateProperty(from), platform.processDateProperty(to)],
        );
      return { ms: performance.now() - s, n: rows.length / 3 };
    };

    // The exact naive aggregation: per local bucket and register, the sum of the differences between consecutive
    // raw readings, attributed to the bucket of the earlier one.
    const exact = async (resolution: Resolution) => {
      const bucket =
        resolution === Resolution.MONTH
          ? o.pg ? `date_trunc('month', time at time zone 'Europe/Moscow')` : `strftime('%Y-%m', time / 1000 + 10800, 'unixepoch')`
          : o.pg ? `date_trunc('day', time at time zone 'Europe/Moscow')` : `strftime('%Y-%m-%d', time / 1000 + 10800, 'unixepoch')`;
      const s = performance.now();
      const rows = await orm.em
        .fork()
        .getConnection()
        .execute<Array<{ b: unknown; quantity: string; c: number | string }>>(
          `select b, quantity, sum(d) as c from (
             select ${bucket} as b, quantity, lead(value) over (partition by quantity order by time) - value as d
             from reading where meter_id = ? and quantity in ('energy', 'energy_t1', 'energy_t2') and time >= ? and time < ?
           ) x group by b, quantity order by b, quantity`,
          [p.meters[0].id, platform.processDateProperty(from), platform.processDateProperty(to)],
        );
      const buckets: Array<{ key: string; energy: number; energy_t1: number; energy_t2: number }> = [];
      for (const r of rows) {
        const key = String(r.b instanceof Date ? r.b.toISOString() : r.b);
        if (buckets[buckets.length - 1]?.key !== key) buckets.push({ key, energy: 0, energy_t1: 0, energy_t2: 0 });
        buckets[buckets.length - 1]![r.quantity as 'energy'] = Number(r.c ?? 0);
      }
      return { ms: performance.now() - s, buckets };
    };
    /** Throws unless the report's intervals equal the exact naive aggregation (kWh from Wh). */
    const check = async (what: string, resolution: Resolution, r: Awaited<ReturnType<typeof service>>['report']) => {
      const { buckets } = await exact(resolution);
      if (r.unit !== 'kWh') throw new Error(`${what}: unit ${r.unit}, expected kWh`);
      if (buckets.length !== r.intervals.length) throw new Error(`${what}: ${r.intervals.length} intervals, the raw readings have ${buckets.length} buckets`);
      const wrong: string[] = [];
      r.intervals.forEach((iv, i) => {
        const b = buckets[i]!;
        const pairs: Array<[string, number | null | undefined, number]> = [
          ['total', iv.consumption, b.energy / 1000],
          ['T1', iv.zones[0]?.consumption, b.energy_t1 / 1000],
          ['T2', iv.zones[1]?.consumption, b.energy_t2 / 1000],
        ];
        for (const [name, got, want] of pairs) {
          if (got === null || got === undefined || Math.abs(got - want) > TOLERANCE_KWH) wrong.push(`${iv.from.toISOString()} (${b.key}) ${name}: report ${got}, raw readings ${want}`);
        }
      });
      if (wrong.length) throw new Error(`${what}: the report differs from the raw readings in ${wrong.length} places, e.g.\n  ${wrong.slice(0, 5).join('\n  ')}`);
      checks++;
    };
    let checks = 0;

    const rows = [];
    const spread = (xs: number[]) => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`;
    // What cost adds, from the rounds' pairs (each round times the report with and without cost back to back): the
    // median of the pairs' differences over the median without cost, then the ratio of the two medians — on a noisy
    // machine the two medians come from different rounds and their ratio swings by ±10 points between runs.
    const adds = (plain: number[], priced: number[]) => {
      const paired = median(priced.map((x, i) => x - plain[i]!)) / median(plain);
      const ofMedians = median(priced) / median(plain) - 1;
      return `${(paired * 100).toFixed(0)} % (medians: ${(ofMedians * 100).toFixed(0)} %)`;
    };
    for (const resolution of [Resolution.MONTH, Resolution.DAY]) {
      const times = { service: [] as number[], serviceCost: [] as number[], serviceDirty: [] as number[], http: [] as number[], httpCost: [] as number[], naive: [] as number[], exact: [] as number[] };
      let n = 0;
      const label = resolution === Resolution.MONTH ? 'monthly' : 'daily';
      for (let i = 0; i < o.rounds; i++) {
        // The recompute-on-read path: a day of late readings marks the rollups dirty; the report recomputes them.
        await markDirty();
        const dirty = await service(resolution, false);
        times.serviceDirty.push(dirty.ms);
        await check(`${label} report after late readings (round ${i + 1})`, resolution, dirty.report);
        // Interleaved, so that the machine's noise falls on both sides of each ratio alike, and in turns which of the
        // pair runs first (the second of two identical reads finds its pages warm: without turns, the report with
        // cost came out faster than the one without).
        const first = i % 2 === 0;
        const pair = async <R extends { ms: number }>(run: (withCost: boolean) => Promise<R>): Promise<[R, R]> => {
          if (first) {
            const plain = await run(false);
            return [plain, await run(true)];
          }
          const priced = await run(true);
          return [await run(false), priced];
        };
        const [a, aCost] = await pair((c) => service(resolution, c));
        if (i === 0) await check(`${label} report, rollups clean`, resolution, a.report);
        times.service.push(a.ms);
        times.serviceCost.push(aCost.ms);
        const [h, hCost] = await pair((c) => http(resolution, c));
        times.http.push(h.ms);
        times.httpCost.push(hCost.ms);
        times.naive.push((await naive(resolution)).ms);
        times.exact.push((await exact(resolution)).ms);
        n = a.n;
      }
      const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)])) as Record<keyof typeof times, number>;
      rows.push({
        report: `${resolution === Resolution.MONTH ? 'monthly' : 'daily'} (${n} intervals)`,
        'service ms': `${m.service.toFixed(1)} (${spread(times.service)})`,
        'service, rollups dirty ms': `${m.serviceDirty.toFixed(1)} (${spread(times.serviceDirty)})`,
        'service + cost ms': `${m.serviceCost.toFixed(1)} (${spread(times.serviceCost)})`,
        'cost adds (service)': adds(times.service, times.serviceCost),
        'HTTP ms': `${m.http.toFixed(1)} (${spread(times.http)})`,
        'HTTP + cost ms': `${m.httpCost.toFixed(1)} (${spread(times.httpCost)})`,
        'cost adds (HTTP)': adds(times.http, times.httpCost),
        'naive GROUP BY ms': `${m.naive.toFixed(1)} (${spread(times.naive)})`,
        'exact naive (lead) ms': `${m.exact.toFixed(1)} (${spread(times.exact)})`,
      });
    }
    console.log(`\nReports, one meter with a year of 15-minute data (3 registers, 105,120 readings), ${o.pg ? 'PostgreSQL' : 'SQLite (embedded)'}, medians (min–max) of ${o.rounds} runs:\n`);
    console.log(table(rows));
    console.log(
      `\n"rollups dirty": before each, a day of late readings (288, between the stored ones) went through ingest, which marked the day dirty; ` +
        `the time includes recomputing it. Correct: ${checks} reports (clean and dirty) equal the exact naive aggregation over the raw readings (total and both zones, every interval, ±${TOLERANCE_KWH} kWh).`,
    );
    // The tariff comparison: the year's hours under the demo энергосбыт's three tariffs (single, two-, three-zone),
    // with their prices moved to before the bench's year so that every hour is priced.
    const demoTariffs = await orm.em.fork().find(Tariff, { resource: 'ELECTRICITY', supplier: { $ne: null } }, { populate: ['versions'], orderBy: { id: 'asc' }, limit: 3 });
    if (demoTariffs.length !== 3) throw new Error(`expected the demo supplier's three electricity tariffs, found ${demoTariffs.length}`);
    for (const tariff of demoTariffs) tariff.addVersion({ ...(tariff.versions[0]!.toPricing() as never as object), effectiveFrom: '2024-12-01' } as never, new Date());
    const compareMs: number[] = [];
    for (let i = 0; i < o.rounds; i++) {
      const em = orm.em.fork();
      const cost = new CostService(em, new ReportService(em, new RollupService(em)), new TariffsService(em));
      const s = performance.now();
      const c = await cost.compare(access, demoTariffs, demoTariffs[1]!, from.getTime(), to.getTime());
      compareMs.push(performance.now() - s);
      if (c.hoursPresent < 8000) throw new Error(`the comparison saw ${c.hoursPresent} hours`);
    }
    console.log(`\ntariff comparison, a year of hours (8,760) under 3 tariffs, server side (rows loaded + priced): median ${median(compareMs).toFixed(1)} ms (${spread(compareMs)}), target ≤ 100 ms`);
    console.log(`\n(setup: ingest ${(ingestMs / 1000).toFixed(1)} s, rollups ${(rollupMs / 1000).toFixed(1)} s; the naive query gives max − min per bucket, without zones, resets or completeness; the exact naive one sums consecutive differences per register, the check's reference)`);

    // What one report of one meter costs the rollup job (the figure that sizes the job at 10 million meters,
    // SCALING.md): meters with two hours of 15-minute history each get one new reading, and the job recomputes
    // their ranges. Baseline in the same run: ingesting those same readings.
    const meters = 300;
    const fleet: Array<{ token: string; serial: string }> = [];
    const tag = randomBytes(2).toString('hex').toUpperCase();
    for (let i = 0; i < meters; i++) {
      const s = `RJ-${tag}-${i}`;
      const { token } = await new ProvisioningService(orm.em.fork()).createController(`C${s}`, [{ serial: s, kind: MeterKind.ELECTRICITY }]);
      fleet.push({ token, serial: s });
    }
    const now = Date.now();
    const history = Array.from({ length: 8 }, (_, k) => now - (9 - k) * 900_000);
    await new IngestService(orm.em.fork(), t.api.deps.pubSub).ingest(
      fleet.map((m, i) => ({ token: m.token, meters: history.map(() => m.serial), quantities: history.map(() => 'ENERGY'), times: history, values: history.map((_, k) => 1000 + i + k * 50) })),
    );
    while ((await new RollupService(orm.em.fork()).process()) > 0);
    const ingestStart = performance.now();
    await new IngestService(orm.em.fork(), t.api.deps.pubSub).ingest(
      fleet.map((m, i) => ({ token: m.token, meters: [m.serial], quantities: ['ENERGY'], times: [now - 60_000], values: [1000 + i + 500] })),
    );
    const ingestOneMs = performance.now() - ingestStart;
    const jobStart = performance.now();
    let ranges = 0;
    for (let n; (n = await new RollupService(orm.em.fork()).process()) > 0; ) ranges += n;
    const jobMs = performance.now() - jobStart;
    console.log(
      `\nrollup job: ${ranges} ranges (one new reading each, on meters with 2 h of history) in ${jobMs.toFixed(0)} ms = ${(jobMs / ranges).toFixed(2)} ms per range; ` +
        `baseline, ingesting those ${meters} readings in one batch: ${ingestOneMs.toFixed(0)} ms = ${(ingestOneMs / meters).toFixed(3)} ms per reading ` +
        `(the job costs ×${(jobMs / ranges / (ingestOneMs / meters)).toFixed(0)} what ingest does per reading)`,
    );
  } finally {
    await t.close();
  }
}
