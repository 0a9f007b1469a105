import { describe, expect, it } from 'vitest';
import { comparableTotal, intervalState, relativeChange, reportRows, summarize, type ReportInterval } from './report';

const H = 3_600_000;
const t0 = Date.parse('2026-11-24T00:00:00Z');
/** An hour of the report; its cost (kopecks) is 650 per kWh of the hours with data, as a tariff of 6.50 ₽ would give. */
const interval = (i: number, consumption: number | null, complete = true, zones: ReportInterval['zones'] = []): ReportInterval => ({
  from: t0 + i * H,
  to: t0 + (i + 1) * H,
  consumption,
  complete,
  zones,
  pricedCost: consumption === null ? null : Math.round(consumption * 650),
  cost: consumption === null || !complete ? null : Math.round(consumption * 650),
});

describe('interval states', () => {
  const now = t0 + 2.5 * H;
  it('tells missing data from data still to come', () => {
    expect(intervalState(interval(0, 1.2), now)).toBe('complete');
    expect(intervalState(interval(0, 0.4, false), now)).toBe('partial');
    expect(intervalState(interval(1, null, false), now)).toBe('missing');
    expect(intervalState(interval(2, 0.1, false), now)).toBe('current');
    expect(intervalState(interval(3, null, false), now)).toBe('future');
  });
});

describe('comparison with the previous period', () => {
  it('pairs intervals by position and computes the change', () => {
    const rows = reportRows([interval(0, 1.1), interval(1, 2)], [interval(-24, 1), interval(-23, 0)], t0 + 5 * H);
    expect(rows[0].previous?.consumption).toBe(1);
    expect(rows[0].change).toBeCloseTo(0.1, 10);
    expect(rows[1].change).toBeNull(); // from 0 no share can be taken
  });

  it('leaves rows without a counterpart when the previous period is shorter', () => {
    const rows = reportRows([interval(0, 1), interval(1, 1)], [interval(-24, 1)], t0 + 5 * H);
    expect(rows[1].previous).toBeUndefined();
    expect(rows[1].change).toBeNull();
  });

  it('does not compare an interval that is not over', () => {
    const rows = reportRows([interval(0, 1), interval(1, 0.2, false)], [interval(-24, 1), interval(-23, 1)], t0 + 1.5 * H);
    expect(rows[1].state).toBe('current');
    expect(rows[1].change).toBeNull();
  });

  it('totals the previous period over the same stretch only', () => {
    const rows = reportRows([interval(0, 1), interval(1, 0.5, false), interval(2, null, false)], [interval(-24, 2), interval(-23, 2), interval(-22, 2)], t0 + 1.5 * H);
    expect(comparableTotal(rows)).toEqual({ current: 1.5, previous: 4, currentCost: 650 + 325, previousCost: 1300 + 1300, complete: true });
  });

  it('calls a comparison incomplete when either period lacks data over the stretch, and compares no row with a gap', () => {
    const now = t0 + 10 * H;
    // A year ago the meter was not yet bound for the first hours: nothing, then part of an hour.
    const late = reportRows([interval(0, 1), interval(1, 1), interval(2, 1)], [interval(-24, null, false), interval(-23, 0.2, false), interval(-22, 1)], now);
    expect(comparableTotal(late)).toMatchObject({ current: 3, previous: 1.2, complete: false });
    expect(late.map((r) => r.change)).toEqual([null, null, 0]);
    // Now the gap is in this period.
    const gap = reportRows([interval(0, 1), interval(1, 0.3, false), interval(2, 1)], [interval(-24, 1), interval(-23, 1), interval(-22, 1)], now);
    expect(comparableTotal(gap).complete).toBe(false);
    expect(gap[1].change).toBeNull();
    // A shorter previous period (February against March) has no gap for it.
    expect(comparableTotal(reportRows([interval(0, 1), interval(1, 1)], [interval(-24, 2)], now)).complete).toBe(true);
  });

  it('says nothing about a change from or to missing data', () => {
    expect(relativeChange(null, 2)).toBeNull();
    expect(relativeChange(2, null)).toBeNull();
    expect(relativeChange(3, 2)).toBe(0.5);
  });
});

describe('summaries', () => {
  it('adds up what is known and counts what is missing, never turning a gap into 0', () => {
    const zones = (a: number | null, b: number | null) => [
      { zone: 1, name: 'T1 день', consumption: a },
      { zone: 2, name: 'T2 ночь', consumption: b },
    ];
    const rows = reportRows(
      [interval(0, 0.3, true, zones(0.1, 0.2)), interval(1, null, false, zones(null, null)), interval(2, 0.2, false, zones(0.2, null))],
      null,
      t0 + 10 * H,
    );
    expect(summarize(rows)).toEqual({
      total: 0.5,
      // 0.3 kWh → 195 kop, 0.2 kWh (partial) → 130: the kopecks of the hours with data, summed as integers.
      cost: 325,
      zones: [
        { zone: 1, name: 'T1 день', consumption: 0.3, cost: null },
        { zone: 2, name: 'T2 ночь', consumption: 0.2, cost: null },
      ],
      missing: 1,
      partial: 1,
      complete: false,
    });
  });

  it('has no total at all when no interval has data', () => {
    expect(summarize(reportRows([interval(0, null, false)], null, t0 + 5 * H)).total).toBeNull();
  });
});
