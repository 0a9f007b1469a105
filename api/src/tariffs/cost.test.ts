/**
 * Cost as a client sees it, against hand-computed bills: tariffs made through GraphQL (a customer's own and a
 * supplier's), a report's days, zones, month and total in roubles, a price change that prices only what comes after
 * it, a missing hour (cost null, never 0), the tariff comparison, and — at a fixed "now" — today, month to date, the
 * forecast and the account's monthly summary. Units and rounding: api/docs/money.md.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Account, Role } from '../accounts/account.entity.js';
import { AccessService } from '../devices/access.service.js';
import { Binding } from '../devices/binding.entity.js';
import { MeterKind } from '../devices/meter-kind.js';
import { ProvisioningService } from '../devices/provisioning.service.js';
import { ReportService } from '../reports/reports.service.js';
import { RollupService } from '../reports/rollups.service.js';
import { bucketEdges, Resolution } from '../reports/time-buckets.js';
import { engines, startTestApi, type TestApi } from '../../test/harness.js';
import { makeAccount } from '../../test/devices-support.js';
import { CostService } from './cost.service.js';
import { Tariff } from './tariff.entity.js';
import { TariffsService } from './tariffs.service.js';

const H = 3_600_000;
/** 2026-01-10 00:00 in Moscow (UTC+3). */
const JAN10 = Date.UTC(2026, 0, 9, 21);
const iso = (ms: number) => new Date(ms).toISOString();

const SET_MY = `mutation($m: ID!, $v: TariffVersionInput!, $n: String) { setMyTariff(meterId: $m, version: $v, name: $n) { id name own scheme resource versions { effectiveFrom scheme tiers { prices { zone price } } monthlyCharge { amount } } } }`;
const REPORT = `query($id: ID!, $r: Resolution!, $f: DateTime!, $t: DateTime!) { viewer { meter(id: $id) { consumption(resolution: $r, from: $f, to: $t, first: 100) {
  totalCost { kopecks amount currency } pricedTotalCost { amount } tariff { name }
  edges { node { from consumption complete cost { amount } pricedCost { amount } zones { zone cost { amount } } } } } } } }`;
const TWO_ZONE = (from: string, t1: string, t2: string) => ({ effectiveFrom: from, scheme: 'TWO_ZONE', tiers: [{ uptoKwh: null, prices: [{ zone: 1, price: t1 }, { zone: 2, price: t2 }] }] });
const SINGLE = (from: string, price: string) => ({ effectiveFrom: from, scheme: 'SINGLE', tiers: [{ uptoKwh: null, prices: [{ zone: 1, price }] }] });

describe.each(engines)('cost on %s', (engine) => {
  let t: TestApi;
  let n = 0;

  beforeAll(async () => {
    t = await startTestApi({ engine });
  });
  afterAll(() => t.close());

  /** A meter of `owner`'s bound since 2025, with `perHour(h)` of consumption in each hour from `from` (hourly register readings; null = no reading at the end of that hour). */
  async function meter(ownerId: number, kind: MeterKind, zones: number, from: number, hours: number, perHour: (h: number) => number | null) {
    const em = t.api.orm.em.fork();
    const serial = `CO-${engine.slice(0, 2).toUpperCase()}-${++n}-${Math.random().toString(36).slice(2, 6).toUpperCase()}`;
    const p = await new ProvisioningService(em).provision({ serial: `C${serial}`, meters: [{ serial, kind, zones, phases: 1 }] });
    em.persist(new Binding(em.getReference(Account, ownerId), { controller: p.controller }, new Date(Date.UTC(2025, 0, 1))));
    await em.flush();
    const quantity = kind === MeterKind.ELECTRICITY ? 'ENERGY' : 'VOLUME';
    let value = 1000;
    const readings: Array<{ meter: string; quantity: string; time: number; value: number }> = [{ meter: serial, quantity, time: from, value }];
    for (let h = 0; h < hours; h++) {
      const inc = perHour(h);
      if (inc === null) continue;
      value += inc;
      readings.push({ meter: serial, quantity, time: from + (h + 1) * H, value: Math.round(value * 1000) / 1000 });
    }
    for (let i = 0; i < readings.length; i += 500) {
      const r = await t.ingest([{ token: p.token, readings: readings.slice(i, i + 500) }]);
      if (!Array.isArray(r) || r[0].status !== 'STORED') throw new Error(JSON.stringify(r));
    }
    return { id: String(p.meters[0]!.id), serial };
  }

  async function report(token: string, id: string, resolution: string, from: number, to: number) {
    const r = await t.gql(REPORT, { id, r: resolution, f: iso(from), t: iso(to) }, token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data.viewer.meter.consumption;
  }

  it('prices a two-zone meter’s days, zones, month and total at the customer’s own tariff; a price change prices only what comes after it; a missing hour makes the cost null', async () => {
    const customer = await makeAccount(t);
    // Three Moscow days from 10 January 2026, 1 kWh (1000 Wh) every hour; on the third day the readings stop at 12:00.
    const m = await meter(customer.id, MeterKind.ELECTRICITY, 2, JAN10, 72, (h) => (h >= 48 + 12 ? null : 1000));
    const v1 = await t.gql(SET_MY, { m: m.id, v: TWO_ZONE('2026-01-01', '6,50', '2.3'), n: 'Двухзонный Мосэнерго' }, customer.token);
    if (v1.errors) throw new Error(JSON.stringify(v1.errors));
    expect(v1.data.setMyTariff).toMatchObject({ name: 'Двухзонный Мосэнерго', own: true, scheme: 'TWO_ZONE', resource: 'ELECTRICITY' });
    expect(v1.data.setMyTariff.versions[0].tiers[0].prices).toEqual([{ zone: 1, price: '6.50' }, { zone: 2, price: '2.30' }]);
    // From 11 January day hours cost 7.00 ₽.
    const v2 = await t.gql(SET_MY, { m: m.id, v: TWO_ZONE('2026-01-11', '7', '2.30') }, customer.token);
    expect(v2.data.setMyTariff.versions.map((v: { effectiveFrom: string }) => v.effectiveFrom)).toEqual(['2026-01-01', '2026-01-11']);

    const days = await report(customer.token, m.id, 'DAY', JAN10, JAN10 + 72 * H);
    // 10 Jan: day 16 × 1 kWh × 6.50 = 104.00, night 8 × 2.30 = 18.40 → 122.40. 11 Jan: 16 × 7.00 = 112.00 + 18.40 → 130.40.
    // 12 Jan: nothing after 12:00, so the day's cost is null (never 0); the hours with data are 7 night hours × 2.30 = 16.10
    // and 5 day hours × 7.00 = 35.00 → 51.10.
    const nodes = days.edges.map((e: { node: unknown }) => e.node);
    expect(nodes.map((x: any) => [x.cost?.amount ?? null, x.zones.map((z: any) => z.cost?.amount ?? null)])).toEqual([
      ['122.40', ['104.00', '18.40']],
      ['130.40', ['112.00', '18.40']],
      [null, [null, null]],
    ]);
    expect(nodes[2].complete).toBe(false);
    expect(nodes[2].pricedCost).toEqual({ amount: '51.10' });
    expect(days.pricedTotalCost).toEqual({ amount: '303.90' });
    expect(days.totalCost).toBeNull();
    expect(days.tariff).toEqual({ name: 'Двухзонный Мосэнерго' });

    // The two complete days as one month-resolution report: exactly the sum of its days (252.80), no fixed charge.
    const month = await report(customer.token, m.id, 'MONTH', JAN10, JAN10 + 48 * H);
    expect(month.edges.map((e: any) => e.node.cost.amount)).toEqual(['252.80']);
    expect(month.totalCost).toEqual({ kopecks: '25280', amount: '252.80', currency: 'RUB' });
    // The export carries the same cost as the cabinet's table: a column named after the tariff, money to the kopeck.
    const csv = await fetch(`${t.url}/export/consumption.csv?${new URLSearchParams({ meter: m.id, resolution: 'DAY', from: iso(JAN10), to: iso(JAN10 + 72 * H) })}`, { headers: { authorization: `Bearer ${customer.token}` } });
    expect(csv.status).toBe(200);
    const lines = Buffer.from(await csv.arrayBuffer()).subarray(3).toString().trim().split('\r\n');
    expect(lines[0]).toBe('Начало (Europe/Moscow);Конец;Расход, кВт·ч;Стоимость, ₽ (Двухзонный Мосэнерго);T1 день;T2 ночь;Данные полные');
    expect(lines.slice(1).map((l) => l.split(';')[3])).toEqual(['122,40', '130,40', '51,10']);
    // In English the file is the English spreadsheet's CSV: commas between fields (a header with one is quoted), decimal points.
    const english = await fetch(`${t.url}/export/consumption.csv?${new URLSearchParams({ meter: m.id, resolution: 'DAY', from: iso(JAN10), to: iso(JAN10 + 24 * H), language: 'EN' })}`, { headers: { authorization: `Bearer ${customer.token}` } });
    expect(Buffer.from(await english.arrayBuffer()).subarray(3).toString().trim().split('\r\n')).toEqual([
      'Start (Europe/Moscow),End,"Consumption, kWh","Cost, ₽ (Двухзонный Мосэнерго)",T1 day,T2 night,Complete data',
      '2026-01-10 00:00,2026-01-11 00:00,24,122.40,16,8,yes',
    ]);
        // Hourly: the 22:00 hour is day (6.50), 23:00 is night (2.30).
    const hours = await report(customer.token, m.id, 'HOUR', JAN10 + 22 * H, JAN10 + 24 * H);
    expect(hours.edges.map((e: any) => e.node.cost.amount)).toEqual(['6.50', '2.30']);
  });

  it('prices with a tariff changed through another API process from the next report on; an unchanged tariff is not loaded again', async () => {
    const customer = await makeAccount(t);
    const m = await meter(customer.id, MeterKind.ELECTRICITY, 1, JAN10, 24, () => 1000);
    expect((await t.gql(SET_MY, { m: m.id, v: SINGLE('2026-01-01', '5'), n: 'Простой' }, customer.token)).errors).toBeUndefined();
    const day = async () => {
      const r = await report(customer.token, m.id, 'DAY', JAN10, JAN10 + 24 * H);
      return [r.tariff.name, r.totalCost.amount];
    };
    expect(await day()).toEqual(['Простой', '120.00']);
    const stats = { ...t.api.deps.tariffCache.stats };
    expect(await day()).toEqual(['Простой', '120.00']);
    expect(t.api.deps.tariffCache.stats.loads).toBe(stats.loads);
    expect(t.api.deps.tariffCache.stats.hits).toBe(stats.hits + 1);
    // Another process (its own EntityManager, not this process's cache) replaces the version and renames the tariff,
    // twice within one millisecond of a fixed clock: this process's next report has both.
    const elsewhere = new TariffsService(t.api.orm.em.fork());
    const at = new Date();
    const own = await t.api.orm.em.fork().findOneOrFail(Tariff, { meter: Number(m.id), owner: customer.id });
    await elsewhere.addVersion(own.id, { effectiveFrom: '2026-01-01', scheme: 'single', zoneHours: [], tiers: [{ uptoKwh: null, prices: { T1: 60_000 } }], monthlyChargeKopecks: 0 }, at);
    expect(await day()).toEqual(['Простой', '144.00']);
    await elsewhere.rename(own.id, 'Простой 2026', at);
    expect(await day()).toEqual(['Простой 2026', '144.00']);
  });

  it('refuses a bad price, a bad date and overlapping zone hours with reasons a form can show', async () => {
    const customer = await makeAccount(t);
    const m = await meter(customer.id, MeterKind.ELECTRICITY, 2, JAN10, 1, () => 1000);
    const refusal = async (v: unknown) => {
      const r = await t.gql(SET_MY, { m: m.id, v }, customer.token);
      return [r.errors?.[0]?.extensions?.reason, r.errors?.[0]?.extensions?.field ?? null];
    };
    expect(await refusal(TWO_ZONE('2026-01-01', '6.5.0', '2'))).toEqual(['PRICE_FORMAT', 'tiers.0.prices.1']);
    expect(await refusal(TWO_ZONE('01.01.2026', '6', '2'))).toEqual(['TARIFF_DATE_FORMAT', 'effectiveFrom']);
    expect(await refusal({ ...TWO_ZONE('2026-01-01', '6', '2'), zoneHours: [{ zone: 1, hours: [{ from: 7, to: 23 }] }, { zone: 2, hours: [{ from: 22, to: 7 }] }] })).toEqual(['TARIFF_INVALID', null]);
    const r = await t.gql(SET_MY, { m: m.id, v: { ...TWO_ZONE('2026-01-01', '6', '2'), zoneHours: [{ zone: 1, hours: [{ from: 7, to: 23 }] }, { zone: 2, hours: [{ from: 22, to: 7 }] }] } }, customer.token);
    expect(r.errors?.[0]?.message).toBe('Тариф не принят: час 22:00 попал в две зоны');
    // The rule and its parameters, for a client's own words (the English cabinet says them in English).
    expect(r.errors?.[0]?.extensions?.params).toEqual({ rule: 'HOUR_IN_TWO_ZONES', hour: 22, detail: 'час 22:00 попал в две зоны' });
    // Nothing was stored by the refusals: the meter still has no tariff.
    const tariff = await t.gql(`query($id: ID!) { viewer { meter(id: $id) { tariff { id } } } }`, { id: m.id }, customer.token);
    expect(tariff.data.viewer.meter.tariff).toBeNull();
  });

  it('saves of an own tariff at once (two tabs, two API processes) make one tariff holding every version, never an error', async () => {
    const customer = await makeAccount(t);
    const m = await meter(customer.id, MeterKind.ELECTRICITY, 1, JAN10, 1, () => 1000);
    // Three saves racing for a meter with no tariff yet: two on one date (the later replaces the earlier), one a month on.
    const saves = await Promise.all([SINGLE('2026-01-01', '5'), SINGLE('2026-01-01', '6'), SINGLE('2026-02-01', '7')].map((v) => t.gql(SET_MY, { m: m.id, v }, customer.token)));
    expect(saves.map((r) => r.errors)).toEqual([undefined, undefined, undefined]);
    expect(new Set(saves.map((r) => r.data.setMyTariff.id)).size).toBe(1);
    const read = await t.gql(`query($id: ID!) { viewer { meter(id: $id) { tariff { id versions { effectiveFrom tiers { prices { price } } } } } } }`, { id: m.id }, customer.token);
    const { versions } = read.data.viewer.meter.tariff;
    expect(versions.map((v: { effectiveFrom: string }) => v.effectiveFrom)).toEqual(['2026-01-01', '2026-02-01']);
    expect(['5.00', '6.00']).toContain(versions[0].tiers[0].prices[0].price);
    expect(versions[1].tiers[0].prices[0].price).toBe('7.00');
    // Removed, it is gone: no second tariff was left behind to price the meter.
    expect((await t.gql(`mutation($m: ID!) { removeMyTariff(meterId: $m) }`, { m: m.id }, customer.token)).data.removeMyTariff).toBe(true);
    expect((await t.gql(`query($id: ID!) { viewer { meter(id: $id) { tariff { id } } } }`, { id: m.id }, customer.token)).data.viewer.meter.tariff).toBeNull();
  });

  it('compares the supplier’s single-rate, two- and three-zone tariffs on the meter’s own hours', async () => {
    const operator = (await makeAccount(t, Role.OPERATOR)).token;
    const customer = await makeAccount(t);
    const m = await meter(customer.id, MeterKind.ELECTRICITY, 2, JAN10, 48, () => 1000);
    const s = await t.gql(
      `mutation($i: SupplierInput!) { createSupplier(input: $i) { id } }`,
      { i: { name: `Тариф-Энергосбыт ${engine}`, inn: '7707083893', resources: ['ELECTRICITY'], windowFirstDay: 15, windowLastDay: 25, cutoffTime: '12:00', timeZone: 'Europe/Moscow', accountPattern: '\\d{10}', accountExample: '1234567890', volumeDecimals: 3, channel: 'EMAIL', email: 'readings@supplier.demo' } },
      operator,
    );
    const supplierId = s.data.createSupplier.id;
    const create = (name: string, version: unknown) => t.gql(`mutation($s: ID!, $n: String!, $v: TariffVersionInput!) { createTariff(supplierId: $s, resource: ELECTRICITY, name: $n, version: $v) { id name scheme } }`, { s: supplierId, n: name, v: version }, operator);
    const single = (await create('Одноставочный', SINGLE('2026-01-01', '5'))).data.createTariff;
    const two = (await create('Двухзонный', TWO_ZONE('2026-01-01', '6', '2'))).data.createTariff;
    const three = (await create('Трёхзонный', { effectiveFrom: '2026-01-01', scheme: 'THREE_ZONE', tiers: [{ uptoKwh: null, prices: [{ zone: 1, price: '7' }, { zone: 2, price: '5' }, { zone: 3, price: '2' }] }] })).data.createTariff;
    expect(three.scheme).toBe('THREE_ZONE');
    // A refused first version leaves no tariff behind (hours 22–23 in no zone); renaming answers with the supplier.
    const refusedFirst = await create('Без ночи', { ...TWO_ZONE('2026-01-01', '6', '2'), zoneHours: [{ zone: 1, hours: [{ from: 7, to: 22 }] }, { zone: 2, hours: [{ from: 23, to: 7 }] }] });
    expect(refusedFirst.errors?.[0]?.extensions?.reason).toBe('TARIFF_INVALID');
    const listed = await t.gql(`query($s: ID!) { supplierTariffs(supplierId: $s) { name } }`, { s: supplierId }, customer.token);
    expect(listed.data.supplierTariffs.map((x: { name: string }) => x.name)).toEqual(['Двухзонный', 'Одноставочный', 'Трёхзонный']);
    const renamed = await t.gql(`mutation($id: ID!) { renameTariff(id: $id, name: "Двухзонный") { name supplier { name } } }`, { id: two.id }, operator);
    expect(renamed.data.renameTariff).toEqual({ name: 'Двухзонный', supplier: { name: `Тариф-Энергосбыт ${engine}` } });
    // A customer cannot create a supplier's tariff.
    const refused = await t.gql(`mutation($s: ID!, $v: TariffVersionInput!) { createTariff(supplierId: $s, resource: ELECTRICITY, name: "x", version: $v) { id } }`, { s: supplierId, v: SINGLE('2026-01-01', '1') }, customer.token);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const link = await t.gql(`mutation($m: ID!, $s: ID!) { linkSupplierAccount(meterId: $m, supplierId: $s, accountNumber: "7700000001", agree: true) { id } }`, { m: m.id, s: supplierId }, customer.token);
    expect(link.errors).toBeUndefined();
    // Linked: a two-zone meter is billed at the two-zone tariff, and an own tariff is no longer accepted.
    const own = await t.gql(SET_MY, { m: m.id, v: SINGLE('2026-01-01', '1') }, customer.token);
    expect(own.errors?.[0]?.extensions?.reason).toBe('TARIFF_FROM_SUPPLIER');

    const c = await t.gql(
      `query($id: ID!, $f: DateTime!, $t: DateTime!) { viewer { meter(id: $id) { tariff { name supplier { name } } tariffComparison(from: $f, to: $t) {
        hoursExpected hoursPresent completeness current { name } cheapest { name }
        candidates { tariff { name } scheme cost { amount } pricedCost { amount } saving { kopecks amount } months { cost { amount } } } } } } }`,
      { id: m.id, f: iso(JAN10), t: iso(JAN10 + 48 * H) },
      customer.token,
    );
    expect(c.errors).toBeUndefined();
    const meterView = c.data.viewer.meter;
    expect(meterView.tariff).toEqual({ name: 'Двухзонный', supplier: { name: `Тариф-Энергосбыт ${engine}` } });
    const cmp = meterView.tariffComparison;
    // 48 kWh: single 48 × 5 = 240.00; two-zone 2 × (16 × 6 + 8 × 2) = 224.00; three-zone 2 × (7 × 7 + 9 × 5 + 8 × 2) = 220.00.
    expect([cmp.hoursExpected, cmp.hoursPresent, cmp.completeness, cmp.current.name, cmp.cheapest.name]).toEqual([48, 48, 1, 'Двухзонный', 'Трёхзонный']);
    const byName = Object.fromEntries(cmp.candidates.map((x: any) => [x.tariff.name, [x.scheme, x.cost.amount, x.saving.amount]]));
    expect(byName).toEqual({
      Одноставочный: ['SINGLE', '240.00', '-16.00'],
      Двухзонный: ['TWO_ZONE', '224.00', '0.00'],
      Трёхзонный: ['THREE_ZONE', '220.00', '4.00'],
    });
    expect([single.scheme, two.scheme]).toEqual(['SINGLE', 'TWO_ZONE']);
  });

  it('gives today, month to date, a forecast and the account’s monthly summary at a fixed now', async () => {
    const customer = await makeAccount(t);
    const jan1 = Date.UTC(2025, 11, 31, 21); // 2026-01-01 00:00 Moscow
    const now = jan1 + (11 * 24 + 12) * H; // 12 January, 12:00 Moscow
    const hours = (now - jan1) / H;
    const e = await meter(customer.id, MeterKind.ELECTRICITY, 1, jan1, hours, () => 1000);
    const w = await meter(customer.id, MeterKind.COLD_WATER, 1, jan1, hours, () => 0.01);
    expect((await t.gql(SET_MY, { m: e.id, v: SINGLE('2025-12-01', '5.00') }, customer.token)).errors).toBeUndefined();
    const water = await t.gql(SET_MY, { m: w.id, v: { effectiveFrom: '2025-12-01', coldPrice: '40', hotPrice: '200', seweragePrice: '30' } }, customer.token);
    expect(water.errors).toBeUndefined();

    const em = t.api.orm.em.fork();
    const rollups = new RollupService(em);
    for (const id of [e.id, w.id]) while ((await rollups.process(Number(id))) > 0);
    const reports = new ReportService(em, rollups);
    const cost = new CostService(em, reports, new TariffsService(em), () => now);
    const access = new AccessService(em);
    const ea = (await access.accessTo({ id: customer.id }, Number(e.id)))!;
    const tariff = (await cost.tariffOf(ea.meter, customer.id))!;
    const o = await cost.overview(ea, tariff);
    // Today: 12 hours × 1 kWh × 5.00 = 60.00. Month to date: 276 hours → 1380.00. Forecast: the last 7 whole days at
    // 120.00 a day = 5.00 an hour, for the 468 hours left of January's 744: 1380.00 + 2340.00 = 3720.00 (= 31 × 120.00).
    expect([o.today.pricedKopecks, o.monthToDate.pricedKopecks, o.monthToDate.kopecks, o.forecastKopecks, o.forecastDays]).toEqual([6000, 138_000, 138_000, 372_000, 7]);

    // A month of days priced from the daily rollups gives what pricing its hours gives, to the kopeck, on hours of
    // fractional Wh too (the second meter: 333.3337 Wh an hour, two-zone).
    const other = await makeAccount(t);
    const f = await meter(other.id, MeterKind.ELECTRICITY, 2, jan1, hours, (h) => 333.3337 + (h % 5));
    await t.gql(SET_MY, { m: f.id, v: TWO_ZONE('2025-12-01', '6.4321', '2.1') }, other.token);
    while ((await rollups.process(Number(f.id))) > 0);
    const fa = (await new AccessService(em).accessTo({ id: other.id }, Number(f.id)))!;
    const fTariff = (await cost.tariffOf(fa.meter, other.id))!;
    const days = bucketEdges(jan1, jan1 + 11 * 24 * H, Resolution.DAY, 'Europe/Moscow');
    const fromRollups = await cost.report(fa, fTariff, days, Resolution.DAY, 'Europe/Moscow');
    const fromHours = await cost.price(fa, fTariff, jan1, jan1 + 11 * 24 * H, days);
    expect(fromRollups.intervals.map((i) => i.kopecks)).toEqual(fromHours.intervals.map((i) => i.kopecks));
    expect(fromRollups.intervals.map((i) => i.zones)).toEqual(fromHours.intervals.map((i) => [i.byKind.T1!.kopecks, i.byKind.T2!.kopecks]));
    expect(fromRollups.intervals.every((i) => i.kopecks !== null && i.kopecks > 0)).toBe(true);

    const months = await cost.monthly(await access.metersOf({ id: customer.id }), customer.id, 2, 'Europe/Moscow');
    // December: no data. January so far: electricity 1380.00; cold water 10 L an hour = 240 L a day × 40 ₽/m³ = 9.60 a day, 11 days
    // + 120 L (4.80) = 110.40; sewerage 240 L × 30 ₽/m³ = 7.20 a day → 79.20 + 3.60 = 82.80. Total 1573.20.
    expect(months.map((m) => [m.electricity, m.coldWater, m.hotWater, m.sewerage, m.total, m.complete])).toEqual([
      [null, null, null, null, null, false],
      [138_000, 11_040, null, 8_280, 157_320, false],
    ]);
  });
});
