import { describe, expect, it } from 'vitest';
import type { AccountMonthCost } from '$lib/api/costs';
import { againstLastMonth, costRows, hasTariffs, meterName, monthForecast, monthName, periodName, periodTotals, shownColumns } from './summary';

const money = (kopecks: number | null) => (kopecks === null ? null : { kopecks: String(kopecks), currency: 'RUB' });
const electricity = { id: '1', serial: 'E-0001', kind: 'ELECTRICITY' as const, label: null };

/** A month of the API starting on the 1st (Moscow), electricity and water as given. */
function month(start: string, end: string, parts: { e?: number | null; cold?: number | null; fixed?: number; complete?: boolean } = {}): AccountMonthCost {
  const e = parts.e ?? null;
  const cold = parts.cold ?? null;
  const known = [e, cold].filter((v): v is number => v !== null);
  const fixed = parts.fixed ?? 0;
  return {
    from: `${start}T00:00:00+03:00`,
    to: `${end}T00:00:00+03:00`,
    electricity: money(e),
    coldWater: money(cold),
    hotWater: null,
    sewerage: null,
    fixedCharges: money(fixed)!,
    total: money(known.length ? known.reduce((a, v) => a + v, 0) + fixed : null),
    complete: parts.complete ?? known.length > 0,
    meters: [{ meter: electricity, cost: money(e === null ? null : e + fixed), complete: parts.complete ?? e !== null }],
  } as AccountMonthCost;
}

const NOW = Date.parse('2026-12-04T12:00:00+03:00');
const months = [
  month('2026-10-01', '2026-11-01', { e: 10, cold: 20, fixed: 0, complete: true }),
  month('2026-11-01', '2026-12-01', { e: 100_001, cold: null, complete: false }),
  month('2026-12-01', '2027-01-01', { e: 33, complete: false }),
];

describe('the cost summary', () => {
  it('lists the months newest first, the month under way «so far», and keeps missing money null (not 0)', () => {
    const rows = costRows(months, NOW);
    expect(rows.map((r) => r.state)).toEqual(['so-far', 'incomplete', 'complete']);
    expect(rows[1]).toMatchObject({ electricity: 100_001, coldWater: null, hotWater: null, total: 100_001 });
    expect(rows[0]!.meters).toEqual([{ id: '1', name: 'Электроэнергия E-0001', kopecks: 33, complete: false }]);
  });

  it('marks a past month without any priced hour as having no data, its charge unknown rather than 0', () => {
    const [row] = costRows([month('2026-09-01', '2026-10-01')], NOW);
    expect(row).toMatchObject({ state: 'no-data', total: null, fixed: null });
  });

  it('sums the period’s kopecks as integers, column by column, and the total equals the sum of the months', () => {
    // 0.1 + 0.2 in roubles would not be 0.3; 10 + 20 kopecks are 30.
    const rows = costRows(months, NOW);
    const totals = periodTotals(rows);
    expect(totals).toEqual({ electricity: 100_044, coldWater: 20, hotWater: null, sewerage: null, fixed: 0, total: 100_064 });
    expect(totals.total).toBe(rows.reduce((a, r) => a + (r.total ?? 0), 0));
  });

  it('sets this month’s forecast against last month’s total: by how much and by what whole per cent, or nothing to compare', () => {
    const rows = costRows(months, NOW);
    expect(againstLastMonth(rows, 110_001)).toEqual({ kopecks: 100_001, complete: false, change: 10_000, percent: 10 });
    expect(againstLastMonth(rows, 90_001)).toMatchObject({ change: -10_000, percent: -10 });
    expect(againstLastMonth(rows, null)).toEqual({ kopecks: 100_001, complete: false, change: null, percent: null });
    // Last month without money, or not the month just before (a gap in the list): nothing to set it against.
    expect(againstLastMonth(costRows([month('2026-11-01', '2026-12-01'), month('2026-12-01', '2027-01-01', { e: 33 })], NOW), 500)).toBeNull();
    expect(againstLastMonth(costRows([month('2026-10-01', '2026-11-01', { e: 10 }), month('2026-12-01', '2027-01-01', { e: 33 })], NOW), 500)).toBeNull();
    // Last month at 0 ₽: a change, but no percentage of nothing.
    expect(againstLastMonth(costRows([month('2026-11-01', '2026-12-01', { e: 0, complete: true }), month('2026-12-01', '2027-01-01', { e: 33 })], NOW), 500)).toEqual({ kopecks: 0, complete: true, change: 500, percent: null });
  });

  it('shows «Абонентская плата» only when some month has a charge', () => {
    expect(shownColumns(costRows(months, NOW))).not.toContain('fixed');
    const charged = costRows([...months, month('2027-01-01', '2027-02-01', { e: 5, fixed: 25000 })], NOW);
    expect(shownColumns(charged)).toEqual(['electricity', 'coldWater', 'hotWater', 'sewerage', 'fixed', 'total']);
  });

  it('tells an account whose meters have no tariff from one whose meters have no data yet', () => {
    expect(hasTariffs(months)).toBe(true);
    expect(hasTariffs(months.map((m) => ({ ...m, meters: [] })))).toBe(false);
  });

  it('names months in the account’s zone: 1 December 00:00 Moscow is still November in UTC', () => {
    const december = Date.parse('2026-12-01T00:00:00+03:00');
    expect(monthName(december, 'Europe/Moscow')).toBe('Декабрь 2026 г.');
    expect(monthName(december, 'UTC')).toBe('Ноябрь 2026 г.');
    // Oldest to newest; the exact spacing and the year's repetition are the ICU's.
    expect(periodName(costRows(months, NOW), 'Europe/Moscow').replace(/\s/g, ' ')).toMatch(/^окт\..*[–-].*дек\. 2026 г\.$/);
  });

  it('names a meter by the customer’s label when there is one', () => {
    expect(meterName({ ...electricity, label: 'Кухня' })).toBe('Кухня');
    expect(meterName({ kind: 'HOT_WATER', serial: 'HW-0001', label: null })).toBe('Горячая вода HW-0001');
  });
});

describe('this month’s forecast', () => {
  it('is the meters’ forecasts summed, in whole kopecks, saying how many meters have none yet', () => {
    expect(monthForecast([{ kopecks: 285_119 }, { kopecks: 104_212 }, { kopecks: null }])).toEqual({ kopecks: 389_331, without: 1 });
    expect(monthForecast([{ kopecks: null }])).toEqual({ kopecks: null, without: 1 });
    expect(monthForecast([])).toEqual({ kopecks: null, without: 0 });
  });
});
