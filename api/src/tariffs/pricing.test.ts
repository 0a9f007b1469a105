/**
 * The pricing engine against hand-computed bills. Units: prices in 1/10000 ₽ (65000 = 6.50 ₽/kWh), quantities in
 * Wh / litres, exact cost = quantity × price in 1/100000 kopeck, each line rounded half-up to kopecks.
 */
import { describe, expect, it } from 'vitest';
import { formatPrice, parsePrice, priceElectricity, priceWater, roundHalfUp, zoneTable, validateElectricityVersion, type ElectricityVersion, type Tariff, type WaterVersion } from './pricing.js';

const H = 3_600_000;
const utc = (iso: string) => Date.parse(iso);
const filled = (n: number, v: number | null) => Array<number | null>(n).fill(v);

const TWO_ZONE = [
  { zone: 'T1' as const, hours: [[7, 23]] as Array<[number, number]> },
  { zone: 'T2' as const, hours: [[23, 7]] as Array<[number, number]> },
];
const THREE_ZONE = [
  { zone: 'T1' as const, hours: [[7, 10], [17, 21]] as Array<[number, number]> },
  { zone: 'T2' as const, hours: [[10, 17], [21, 23]] as Array<[number, number]> },
  { zone: 'T3' as const, hours: [[23, 7]] as Array<[number, number]> },
];

function twoZone(timeZone: string, charge = 0): Tariff<ElectricityVersion> {
  return { timeZone, versions: [{ effectiveFrom: '2026-01-01', scheme: 'two-zone', zoneHours: TWO_ZONE, tiers: [{ uptoKwh: null, prices: { T1: 65000, T2: 23000 } }], monthlyChargeKopecks: charge }] };
}
function single(timeZone: string, versions: Array<[string, number]>, charge = 0, tiers?: ElectricityVersion['tiers']): Tariff<ElectricityVersion> {
  return { timeZone, versions: versions.map(([effectiveFrom, price]) => ({ effectiveFrom, scheme: 'single', zoneHours: [], tiers: tiers ?? [{ uptoKwh: null, prices: { T1: price } }], monthlyChargeKopecks: charge })) };
}

describe('zone boundaries', () => {
  it('22:00–23:00 is day, 23:00–00:00 is night (Moscow, UTC+3)', () => {
    // Local 22:00 = 19:00Z, local 23:00 = 20:00Z; 1 kWh each.
    // Day: 1000 Wh × 65000 = 65 000 000 → 650 kop; night: 1000 Wh × 23000 = 23 000 000 → 230 kop.
    const r = priceElectricity(twoZone('Europe/Moscow'), { from: utc('2026-03-10T19:00:00Z'), values: [1, 1] }, 2, 'hour');
    expect(r.intervals.map((i) => [i.kopecks, Object.keys(i.byKind)])).toEqual([
      [650, ['T1']],
      [230, ['T2']],
    ]);
    expect(r.total).toEqual({ kopecks: 880, pricedKopecks: 880, hoursExpected: 2, hoursPresent: 2, complete: true });
  });

  it('a three-zone day: 7 peak, 9 half-peak, 8 night hours', () => {
    // Moscow day 2026-03-10 = 2026-03-09T21:00Z … +24 h, 1 kWh each hour.
    // Peak 07–10 + 17–21 = 7 h × 700 kop = 4900; half-peak 10–17 + 21–23 = 9 h × 500 = 4500; night 8 h × 200 = 1600 → 11000.
    const tariff: Tariff<ElectricityVersion> = { timeZone: 'Europe/Moscow', versions: [{ effectiveFrom: '2026-01-01', scheme: 'three-zone', zoneHours: THREE_ZONE, tiers: [{ uptoKwh: null, prices: { T1: 70000, T2: 50000, T3: 20000 } }], monthlyChargeKopecks: 0 }] };
    const r = priceElectricity(tariff, { from: utc('2026-03-09T21:00:00Z'), values: filled(24, 1) }, 24, 'day');
    expect(r.intervals).toHaveLength(1);
    expect(r.intervals[0]!.byKind).toEqual({ T1: { quantity: 7000, kopecks: 4900 }, T2: { quantity: 9000, kopecks: 4500 }, T3: { quantity: 8000, kopecks: 1600 } });
    expect(r.intervals[0]!.kopecks).toBe(11000);
  });

  it('rejects zone hours that overlap or leave a gap', () => {
    expect(() => zoneTable({ scheme: 'two-zone', zoneHours: [{ zone: 'T1', hours: [[7, 23]] }, { zone: 'T2', hours: [[22, 7]] }] })).toThrow('час 22:00 попал в две зоны');
    expect(() => zoneTable({ scheme: 'two-zone', zoneHours: [{ zone: 'T1', hours: [[7, 22]] }, { zone: 'T2', hours: [[23, 7]] }] })).toThrow('час 22:00 не попал ни в одну зону');
  });
});

describe('DST', () => {
  it('Berlin spring-forward day has 23 hours: 16 day + 7 night', () => {
    // 2026-03-29 CET→CEST: local midnight = 2026-03-28T23:00Z, next midnight = 2026-03-29T22:00Z (23 h).
    // Night: local 0, 1, 3, 4, 5, 6, 23 = 7 h × 230 = 1610; day 7…22 = 16 h × 650 = 10400 → 12010.
    const r = priceElectricity(twoZone('Europe/Berlin'), { from: utc('2026-03-28T23:00:00Z'), values: filled(23, 1) }, 23, 'day');
    expect(r.intervals.map((i) => [i.start, i.end, i.hoursExpected, i.kopecks])).toEqual([[utc('2026-03-28T23:00:00Z'), utc('2026-03-29T22:00:00Z'), 23, 12010]]);
    expect(r.intervals[0]!.byKind.T2).toEqual({ quantity: 7000, kopecks: 1610 });
  });

  it('Berlin fall-back day has 25 hours: the repeated 02:00 is night twice', () => {
    // 2026-10-25: local midnight = 2026-10-24T22:00Z, next = 2026-10-25T23:00Z (25 h).
    // Night: 0, 1, 2, 2, 3, 4, 5, 6, 23 = 9 h × 230 = 2070; day 16 h × 650 = 10400 → 12470.
    const r = priceElectricity(twoZone('Europe/Berlin'), { from: utc('2026-10-24T22:00:00Z'), values: filled(25, 1) }, 25, 'day');
    expect(r.intervals.map((i) => [i.hoursExpected, i.kopecks])).toEqual([[25, 12470]]);
    expect(r.intervals[0]!.byKind.T2!.quantity).toBe(9000);
  });

  it('Moscow has no DST: its days are 24 hours starting at 21:00Z all year', () => {
    // 2026-03-28T21:00Z … 2026-03-31T21:00Z = three Moscow days; each 16 × 650 + 8 × 230 = 10400 + 1840 = 12240.
    const r = priceElectricity(twoZone('Europe/Moscow'), { from: utc('2026-03-28T21:00:00Z'), values: filled(72, 1) }, 72, 'day');
    expect(r.intervals.map((i) => [new Date(i.start).toISOString(), i.hoursExpected, i.kopecks])).toEqual([
      ['2026-03-28T21:00:00.000Z', 24, 12240],
      ['2026-03-29T21:00:00.000Z', 24, 12240],
      ['2026-03-30T21:00:00.000Z', 24, 12240],
    ]);
  });
});

describe('versions', () => {
  it('a change on 15 July prices what comes after it and keeps the earlier hours at the old price', () => {
    // Moscow July 2026 = 744 h from 2026-06-30T21:00Z, 1 kWh each. 1–14 July: 336 h × 600 kop = 201600;
    // 15–31 July: 408 h × 700 = 285600; fixed charge of the version in force on 1 July: 10000 → 497200.
    const tariff = single('Europe/Moscow', [['2026-01-01', 60000], ['2026-07-15', 70000]], 10000);
    const r = priceElectricity(tariff, { from: utc('2026-06-30T21:00:00Z'), values: filled(744, 1) }, 744, 'month');
    expect(r.intervals).toHaveLength(1);
    expect(r.intervals[0]!.lines.map((l) => [l.version, l.quantity, l.kopecks])).toEqual([
      [0, 336_000, 201600],
      [1, 408_000, 285600],
    ]);
    expect(r.intervals[0]!.fixedKopecks).toBe(10000);
    expect(r.total.kopecks).toBe(497200);
    // The day before the change and the day of it, by day.
    const days = priceElectricity(tariff, { from: utc('2026-07-13T21:00:00Z'), values: filled(48, 1) }, 48, 'day');
    expect(days.intervals.map((i) => i.kopecks)).toEqual([24 * 600, 24 * 700]);
  });

  it('hours before the first version have no price: null, not 0', () => {
    const r = priceElectricity(single('Europe/Moscow', [['2026-07-01', 60000]]), { from: utc('2026-06-30T20:00:00Z'), values: [1, 1] }, 2, 'hour');
    expect(r.intervals.map((i) => [i.kopecks, i.pricedKopecks, i.complete])).toEqual([
      [null, 0, false],
      [600, 600, true],
    ]);
    expect(r.total.kopecks).toBeNull();
  });
});

describe('volume tiers', () => {
  it('the hour that crosses the threshold is split', () => {
    // June 2026 in Moscow: 720 h × 0.3 kWh = 216 kWh; tier 1 up to 100 kWh at 6.00, above at 8.00.
    // 333 h × 300 Wh = 99 900 Wh; hour 334: 100 Wh in tier 1 and 200 Wh in tier 2.
    // Tier 1: 100 000 Wh × 60000 = 6 000 000 000 → 60000 kop; tier 2: 116 000 Wh × 80000 = 9 280 000 000 → 92800 kop.
    const tariff = single('Europe/Moscow', [['2026-01-01', 0]], 0, [{ uptoKwh: 100, prices: { T1: 60000 } }, { uptoKwh: null, prices: { T1: 80000 } }]);
    const r = priceElectricity(tariff, { from: utc('2026-05-31T21:00:00Z'), values: filled(720, 0.3) }, 720, 'month');
    expect(r.intervals[0]!.lines.map((l) => [l.tier, l.quantity, l.kopecks])).toEqual([
      [0, 100_000, 60000],
      [1, 116_000, 92800],
    ]);
    expect(r.total.kopecks).toBe(152800);
    // The count starts again on 1 July: July's first hour is tier 1 again (300 Wh × 60000 → 180 kop).
    const next = priceElectricity(tariff, { from: utc('2026-06-30T20:00:00Z'), values: [0.3, 0.3] }, 2, 'hour');
    expect(next.intervals.map((i) => [i.lines[0]!.tier, i.kopecks])).toEqual([
      [0, 180],
      [0, 180],
    ]);
  });

  it('validates tiers', () => {
    const v: ElectricityVersion = { effectiveFrom: '2026-01-01', scheme: 'single', zoneHours: [], tiers: [{ uptoKwh: 100, prices: { T1: 1 } }], monthlyChargeKopecks: 0 };
    expect(() => validateElectricityVersion(v)).toThrow('без верхней границы может быть только последняя ступень');
    expect(() => validateElectricityVersion({ ...v, scheme: 'two-zone', zoneHours: TWO_ZONE, tiers: [{ uptoKwh: null, prices: { T1: 1 } }] })).toThrow('зона T2: нет цены');
  });
});

describe('missing hours', () => {
  it('make the hour, its day, its month and the total null and incomplete, never 0', () => {
    // Moscow 2026-03-10, 24 h at 1 kWh except the 23:00 hour (night) missing: priced = 16 × 650 + 7 × 230 = 12010.
    const values = filled(24, 1);
    values[23] = null;
    const r = priceElectricity(twoZone('Europe/Moscow'), { from: utc('2026-03-09T21:00:00Z'), values }, 24, 'day');
    expect(r.intervals.map((i) => [i.kopecks, i.pricedKopecks, i.hoursPresent, i.hoursExpected, i.complete])).toEqual([[null, 12010, 23, 24, false]]);
    expect(r.total).toEqual({ kopecks: null, pricedKopecks: 12010, hoursExpected: 24, hoursPresent: 23, complete: false });
    const hours = priceElectricity(twoZone('Europe/Moscow'), { from: utc('2026-03-09T21:00:00Z'), values }, 24, 'hour');
    expect(hours.intervals[23]!.kopecks).toBeNull();
    expect(hours.intervals[22]!.kopecks).toBe(650);
  });

  it('a negative or NaN hour counts as missing', () => {
    const r = priceElectricity(twoZone('Europe/Moscow'), { from: utc('2026-03-10T19:00:00Z'), values: [-1, Number.NaN] }, 2, 'hour');
    expect(r.intervals.map((i) => i.kopecks)).toEqual([null, null]);
  });
});

describe('water', () => {
  it('sewerage is its own line on cold + hot', () => {
    // One Moscow day: cold 10 L/h → 240 L, hot 5 L/h → 120 L.
    // Cold 240 × 509300 = 122 232 000 → 1222.32 → 1222 kop; hot 120 × 3001200 = 360 144 000 → 3601 kop;
    // sewerage (240 + 120 = 360 L) × 412900 = 148 644 000 → 1486 kop. Total 6309.
    const tariff: Tariff<WaterVersion> = { timeZone: 'Europe/Moscow', versions: [{ effectiveFrom: '2026-01-01', cold: 509300, hot: 3001200, sewerage: 412900, monthlyChargeKopecks: 0 }] };
    const r = priceWater(tariff, { from: utc('2026-03-09T21:00:00Z'), cold: filled(24, 0.01), hot: filled(24, 0.005) }, 24, 'day');
    expect(r.intervals[0]!.byKind).toEqual({ cold: { quantity: 240, kopecks: 1222 }, hot: { quantity: 120, kopecks: 3601 }, sewerage: { quantity: 360, kopecks: 1486 } });
    expect(r.total.kopecks).toBe(6309);
    // Only cold water measured: sewerage on cold alone (240 L × 412900 = 99 096 000 → 991 kop).
    const cold = priceWater(tariff, { from: utc('2026-03-09T21:00:00Z'), cold: filled(24, 0.01) }, 24, 'day');
    expect(cold.intervals[0]!.byKind.sewerage).toEqual({ quantity: 240, kopecks: 991 });
  });
});

describe('rounding', () => {
  it('half-up to kopecks, per line', () => {
    expect(roundHalfUp(50_000)).toBe(1); // 0.5 kop
    expect(roundHalfUp(49_999)).toBe(0);
    expect(roundHalfUp(150_000)).toBe(2);
    // 1 Wh at 5.00 ₽/kWh in each zone: 0.5 kop per line → 1 + 1 = 2 kop (not round(1.0) = 1).
    const r = priceElectricity({ ...twoZone('Europe/Moscow'), versions: [{ ...twoZone('Europe/Moscow').versions[0]!, tiers: [{ uptoKwh: null, prices: { T1: 50000, T2: 50000 } }] }] }, { from: utc('2026-03-10T19:00:00Z'), values: [0.001, 0.001] }, 2, 'month');
    expect(r.intervals[0]!.lines.map((l) => [l.exact, l.kopecks])).toEqual([
      [50_000, 1],
      [50_000, 1],
    ]);
    expect(r.total.kopecks).toBe(2);
  });

  it('a month cut by the period gets its fixed charge pro rata by hours, half-up', () => {
    // 1–15 June = 360 of 720 h: 10001 × 360 / 720 = 5000.5 → 5001.
    const r = priceElectricity(single('Europe/Moscow', [['2026-01-01', 0]], 10001), { from: utc('2026-05-31T21:00:00Z'), values: filled(360, 0) }, 360, 'month');
    expect(r.intervals[0]!.fixedKopecks).toBe(5001);
  });

  it('parses and formats prices exactly', () => {
    expect(parsePrice('6.5')).toBe(65000);
    expect(parsePrice('7,0123')).toBe(70123);
    expect(parsePrice('0.0001')).toBe(1);
    expect(() => parsePrice('1.00001')).toThrow();
    expect(() => parsePrice('-1')).toThrow();
    expect(formatPrice(65000)).toBe('6.50');
    expect(formatPrice(70123)).toBe('7.0123');
    expect(formatPrice(70120)).toBe('7.012');
  });
});
