/** The tariff comparison on a synthetic year whose answer is computed by hand. */
import { describe, expect, it } from 'vitest';
import { compareTariffs, type Candidate } from './comparison.js';
import type { ElectricityVersion } from './pricing.js';

const moscow = (scheme: ElectricityVersion['scheme'], prices: ElectricityVersion['tiers'][0]['prices'], zoneHours: ElectricityVersion['zoneHours'] = []): Candidate['tariff'] => ({
  timeZone: 'Europe/Moscow',
  versions: [{ effectiveFrom: '2026-01-01', scheme, zoneHours, tiers: [{ uptoKwh: null, prices }], monthlyChargeKopecks: 0 }],
});
const candidates: Candidate[] = [
  { id: 'single', tariff: moscow('single', { T1: 60000 }) },
  { id: 'two', tariff: moscow('two-zone', { T1: 65000, T2: 23000 }, [{ zone: 'T1', hours: [[7, 23]] }, { zone: 'T2', hours: [[23, 7]] }]) },
  {
    id: 'three',
    tariff: moscow('three-zone', { T1: 70000, T2: 50000, T3: 20000 }, [
      { zone: 'T1', hours: [[7, 10], [17, 21]] },
      { zone: 'T2', hours: [[10, 17], [21, 23]] },
      { zone: 'T3', hours: [[23, 7]] },
    ]),
  },
];
// Moscow year 2026: 2025-12-31T21:00Z + 8760 h.
const FROM = Date.parse('2025-12-31T21:00:00Z');
const YEAR = 8760;

describe('tariff comparison', () => {
  it('a flat 1 kWh every hour of 2026: three-zone is cheapest', () => {
    // Per day: single 24 × 600 = 14400; two-zone 16 × 650 + 8 × 230 = 12240; three-zone 7 × 700 + 9 × 500 + 8 × 200 = 11000.
    // × 365: single 5 256 000, two-zone 4 467 600, three-zone 4 015 000 kop.
    // Savings against single: 788 400 and 1 241 000 kop.
    // Timing is logged, not asserted (2 shared cores): the first call pays luxon/Intl and JIT start-up, a server's later calls do not.
    const times: number[] = [];
    let c = compareTariffs({ from: FROM, values: [] }, 0, candidates, 'single');
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      c = compareTariffs({ from: FROM, values: new Array<number>(YEAR).fill(1) }, YEAR, candidates, 'single');
      times.push(performance.now() - started);
    }
    console.log(`tariff comparison: a year of hourly data under 3 tariffs: ${times.map((t) => t.toFixed(1)).join(' / ')} ms (first / warm runs)`);
    expect(c.candidates.map((x) => [x.id, x.scheme, x.kopecks, x.savingKopecks])).toEqual([
      ['single', 'single', 5_256_000, 0],
      ['two', 'two-zone', 4_467_600, 788_400],
      ['three', 'three-zone', 4_015_000, 1_241_000],
    ]);
    expect(c.candidates[0]!.months).toHaveLength(12);
    expect(c.cheapest).toBe('three');
    expect([c.hoursPresent, c.hoursExpected, c.completeness]).toEqual([8760, 8760, 1]);
  });

  it('evening-heavy use makes single-rate the cheapest; a missing day is reported, not priced as 0', () => {
    // 2 kWh in the peak hours 17–21 (4 h), nothing else; 10 January (Moscow) missing: 364 days priced.
    // Per day: single 8 kWh × 600 = 4800; two-zone 8 × 650 = 5200; three-zone 8 × 700 = 5600.
    // × 364: single 1 747 200, two-zone 1 892 800, three-zone 2 038 400.
    const values: Array<number | null> = [];
    for (let i = 0; i < YEAR; i++) {
      const localHour = (i % 24); // FROM is local midnight and Moscow has no DST
      values.push(localHour >= 17 && localHour < 21 ? 2 : 0);
    }
    for (let i = 9 * 24; i < 10 * 24; i++) values[i] = null;
    const c = compareTariffs({ from: FROM, values }, YEAR, candidates, 'three');
    expect(c.candidates.map((x) => [x.id, x.kopecks, x.pricedKopecks, x.savingKopecks])).toEqual([
      ['single', null, 1_747_200, 291_200],
      ['two', null, 1_892_800, 145_600],
      ['three', null, 2_038_400, 0],
    ]);
    expect(c.cheapest).toBe('single');
    expect([c.hoursPresent, c.hoursExpected]).toEqual([8736, 8760]);
    expect(c.completeness).toBeCloseTo(8736 / 8760, 10);
  });

  it('no data at all: nothing is cheapest', () => {
    const c = compareTariffs({ from: FROM, values: new Array<null>(24).fill(null) }, 24, candidates, null);
    expect(c.cheapest).toBeNull();
    expect(c.candidates.map((x) => [x.kopecks, x.savingKopecks])).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ]);
  });
});
