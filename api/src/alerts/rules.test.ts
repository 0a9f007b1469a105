/**
 * The rules on synthetic series with known answers: a night leak, a day of flow, a dripping tap below the threshold,
 * a gap that breaks a stretch, a burst, away use, verification stages, and a night window across a DST change.
 */
import { describe, expect, it } from 'vitest';
import { abnormalDay, awayUse, burst, currentFlow, leak, nightHours, verificationStage, voltageOut, WATER_DEFAULTS, type Series } from './rules.js';

const H = 3_600_000;
const MIN15 = 900_000;
/** 2026-03-10 00:00 in Moscow (UTC+3). */
const MIDNIGHT = Date.UTC(2026, 2, 9, 21);
const GAP = 2.5 * MIN15;

/** A volume register (m³) read every 15 minutes from `from`, `litresPer15(i)` flowing in the i-th interval. */
function series(from: number, n: number, litresPer15: (i: number) => number): Series {
  const out: Array<[number, number]> = [[from, 100]];
  for (let i = 0; i < n; i++) out.push([from + (i + 1) * MIN15, out[i]![1] + litresPer15(i) / 1000]);
  return out;
}

describe('water rules', () => {
  it('sees a night leak after 2 h of flow in every interval between 00:00 and 06:00, not after 1 h 45 min', () => {
    // 2 litres every 15 minutes (8 L/h) from 01:00.
    const start = MIDNIGHT + H;
    expect(leak(series(start, 7, () => 2), WATER_DEFAULTS, 'Europe/Moscow', GAP)).toBeNull();
    expect(leak(series(start, 8, () => 2), WATER_DEFAULTS, 'Europe/Moscow', GAP)).toEqual({ since: start, litres: 16, hours: 2 });
  });

  it('in the day needs 24 h of flow in every interval (flow all day is not a leak until it runs through the night)', () => {
    const start = MIDNIGHT + 8 * H;
    // 08:00 → 23:45, and on to 02:00: the night's 2 h decide.
    expect(leak(series(start, 63, () => 2), WATER_DEFAULTS, 'Europe/Moscow', GAP)).toBeNull();
    expect(leak(series(start, 72, () => 2), WATER_DEFAULTS, 'Europe/Moscow', GAP)?.hours).toBe(18);
    // A customer who needs more than the night's 6 h of quiet (night leak after 7 h): only the 24 h count.
    const noNightRule = { ...WATER_DEFAULTS, nightLeakHours: 7 };
    expect(leak(series(start, 95, () => 2), noNightRule, 'Europe/Moscow', GAP)).toBeNull();
    expect(leak(series(start, 96, () => 2), noNightRule, 'Europe/Moscow', GAP)?.hours).toBe(24);
  });

  it('never alerts for a dripping tap below the threshold (1 L/h), however long', () => {
    const drip = series(MIDNIGHT, 4 * 72, () => 0.25);
    expect(currentFlow(drip, WATER_DEFAULTS, GAP).since).toBeNull();
    expect(leak(drip, WATER_DEFAULTS, 'Europe/Moscow', GAP)).toBeNull();
  });

  it('ends a stretch at an interval without flow and at a gap in the readings', () => {
    const stopped = series(MIDNIGHT + H, 12, (i) => (i === 9 ? 0 : 2));
    expect(currentFlow(stopped, WATER_DEFAULTS, GAP)).toEqual({ since: MIDNIGHT + H + 10 * MIN15, litres: 4, hours: 0.5 });
    const gap: Series = [...series(MIDNIGHT + H, 8, () => 2)];
    const [t, v] = gap[gap.length - 1]!;
    gap.push([t + 3 * H, v + 0.05]);
    expect(currentFlow(gap, WATER_DEFAULTS, GAP).since).toBeNull();
  });

  it('a night window is local time, also on the night the clocks change (Europe/Berlin, 29 March 2026)', () => {
    // Berlin: 02:00 CET → 03:00 CEST on 29 March 2026; the night 00:00–06:00 local is 23:00 UTC → 04:00 UTC.
    const berlinMidnight = Date.UTC(2026, 2, 28, 23);
    expect(nightHours(berlinMidnight - H, berlinMidnight + 8 * H, [0, 6], 'Europe/Berlin')).toBe(5);
    expect(nightHours(MIDNIGHT - H, MIDNIGHT + H, [0, 6], 'Europe/Moscow')).toBe(1);
    // Across two nights, the longer share counts (not their sum).
    expect(nightHours(MIDNIGHT + 5 * H, MIDNIGHT + 25.5 * H, [0, 6], 'Europe/Moscow')).toBe(1.5);
  });

  it('a leak that began at night holds after 06:00 while water runs, and flow from 23:00 to 01:30 is not 2 h of night', () => {
    // 01:00 → 08:00: it opened at 03:00; at 08:00 the night's rule still sees it (it must not resolve and reopen at 24 h).
    expect(leak(series(MIDNIGHT + H, 28, () => 2), WATER_DEFAULTS, 'Europe/Moscow', GAP)).toEqual({ since: MIDNIGHT + H, litres: 56, hours: 7 });
    expect(leak(series(MIDNIGHT - H, 10, () => 2), WATER_DEFAULTS, 'Europe/Moscow', GAP)).toBeNull();
    expect(leak(series(MIDNIGHT - H, 12, () => 2), WATER_DEFAULTS, 'Europe/Moscow', GAP)?.hours).toBe(3);
  });

  it('sees a burst above 300 L within 30 minutes, not a bath of 150 L', () => {
    expect(burst(series(MIDNIGHT, 4, (i) => (i >= 2 ? 160 : 0)), WATER_DEFAULTS)).toEqual({ litres: 320, minutes: 30 });
    expect(burst(series(MIDNIGHT, 4, (i) => (i === 3 ? 150 : 0)), WATER_DEFAULTS)).toBeNull();
    // The water shut off: the next interval runs at 2 L in 15 minutes, so the burst is over though 322 L fell within 30 minutes.
    expect(burst(series(MIDNIGHT, 5, (i) => (i === 2 || i === 3 ? 160 : i === 4 ? 2 : 0)), WATER_DEFAULTS)).toBeNull();
  });
});

describe('away use', () => {
  const away = { from: MIDNIGHT, to: MIDNIGHT + 7 * 24 * H };
  it('is any water flowing while away, and electricity above the baseload over the last hour', () => {
    expect(awayUse('water', series(MIDNIGHT, 4, (i) => (i === 3 ? 3 : 0)), away, { minLitresPerHour: 6, baseloadW: 300 })).toEqual({ amount: 3, unit: 'L' });
    expect(awayUse('water', series(MIDNIGHT, 4, () => 0), away, { minLitresPerHour: 6, baseloadW: 300 })).toBeNull();
    // Energy register in Wh: 100 Wh per 15 min = 400 W (a fridge and a router are ~100 W).
    const energy = (wh: number): Series => [0, 1, 2, 3, 4].map((i) => [MIDNIGHT + i * MIN15, 5000 + i * wh] as const);
    expect(awayUse('electricity', energy(100), away, { minLitresPerHour: 6, baseloadW: 300 })).toEqual({ amount: 400, unit: 'W' });
    expect(awayUse('electricity', energy(25), away, { minLitresPerHour: 6, baseloadW: 300 })).toBeNull();
    // Readings before the away period do not count.
    expect(awayUse('water', series(MIDNIGHT - 4 * MIN15, 4, () => 5), away, { minLitresPerHour: 6, baseloadW: 300 })).toBeNull();
  });
});

describe('verification', () => {
  it('is due in 30 days, in 7 days, then overdue', () => {
    expect(verificationStage('2027-01-05', '2026-12-05')).toBeNull();
    expect(verificationStage('2027-01-04', '2026-12-05')).toEqual({ stage: 'DAYS_30', days: 30 });
    expect(verificationStage('2026-12-12', '2026-12-05')).toEqual({ stage: 'DAYS_7', days: 7 });
    expect(verificationStage('2026-12-04', '2026-12-05')).toEqual({ stage: 'OVERDUE', days: -1 });
    expect(verificationStage(null, '2026-12-05')).toBeNull();
  });
});

describe('voltage', () => {
  const phase = (volts: number[]): Series => volts.map((v, i) => [MIDNIGHT + i * 5 * 60_000, v] as const);
  it('is out of the ±10 % band on a phase for longer than 10 minutes, not a 5-minute dip; an interruption says so', () => {
    expect(voltageOut([{ phase: 1, series: phase([230, 200, 201, 199]) }])).toEqual({ phase: 1, volts: 199, since: new Date(MIDNIGHT + 5 * 60_000).toISOString(), minutes: 10, interruption: false });
    expect(voltageOut([{ phase: 1, series: phase([230, 230, 200, 199]) }])).toBeNull();
    expect(voltageOut([{ phase: 1, series: phase([200, 199, 198, 231]) }])).toBeNull();
    expect(voltageOut([{ phase: 1, series: phase([230, 231]) }, { phase: 2, series: phase([0, 0, 0]) }])).toMatchObject({ phase: 2, volts: 0, interruption: true });
    expect(voltageOut([{ phase: 3, series: phase([255, 256, 257]) }])).toMatchObject({ phase: 3, volts: 257 });
  });
});

describe('abnormal consumption', () => {
  const D = 86_400_000;
  const day = MIDNIGHT + 28 * D;
  const weeks = (values: Array<number | null>, today: number | null) => new Map<number, number | null>([...values.map((v, i) => [day - (i + 1) * 7 * D, v] as [number, number | null]), [day, today]]);
  it('is a day above twice the median of the same weekday over 4 weeks, once 3 of them are known', () => {
    expect(abnormalDay(weeks([7, 8, 9, 30], 20), day, { factor: 2, minExcess: 3 })).toEqual({ consumption: 20, median: 8.5, weeks: 4 });
    expect(abnormalDay(weeks([7, 8, 9, 30], 16), day, { factor: 2, minExcess: 3 })).toBeNull();
    // Only two complete weeks known: it has not learned yet.
    expect(abnormalDay(weeks([7, null, 9], 50), day, { factor: 2, minExcess: 3 })).toBeNull();
    // Twice a tiny normal is not news: the excess must be worth saying.
    expect(abnormalDay(weeks([0.5, 0.5, 0.5], 2), day, { factor: 2, minExcess: 3 })).toBeNull();
  });
});
