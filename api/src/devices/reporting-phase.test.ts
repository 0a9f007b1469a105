import { describe, expect, it } from 'vitest';
import { reportingPhaseS } from './reporting-phase.js';

describe('reportingPhaseS', () => {
  it('gives the same controller the same phase for the same interval, whether its id comes as a number or as GraphQL’s ID', () => {
    for (const id of [1, 7, 42, 123_456]) {
      expect(reportingPhaseS(id, 900)).toBe(reportingPhaseS(id, 900));
      expect(reportingPhaseS(String(id), 900)).toBe(reportingPhaseS(id, 900));
    }
  });

  it('is a whole number of seconds inside the interval, for every interval an operator may set', () => {
    for (const interval of [60, 61, 300, 900, 3600, 86_400]) {
      for (let id = 1; id <= 2000; id++) {
        const phase = reportingPhaseS(id, interval);
        expect(Number.isInteger(phase)).toBe(true);
        expect(phase).toBeGreaterThanOrEqual(0);
        expect(phase).toBeLessThan(interval);
      }
    }
  });

  it('spreads 10,000 consecutive ids evenly over a 15-minute interval: each minute gets 1/15 of them, ±15 %', () => {
    const perMinute = Array<number>(15).fill(0);
    for (let id = 1; id <= 10_000; id++) perMinute[Math.floor(reportingPhaseS(id, 900) / 60)]++;
    const expected = 10_000 / 15;
    for (const n of perMinute) {
      expect(n).toBeGreaterThanOrEqual(expected * 0.85);
      expect(n).toBeLessThanOrEqual(expected * 1.15);
    }
  });

  it('does not put consecutive ids at the same few seconds', () => {
    const phases = new Set(Array.from({ length: 100 }, (_, i) => reportingPhaseS(i + 1, 900)));
    expect(phases.size).toBeGreaterThan(85);
  });

  it('refuses an interval that is not a positive whole number of seconds', () => {
    for (const bad of [0, -900, 90.5, Number.NaN]) expect(() => reportingPhaseS(1, bad)).toThrow(RangeError);
  });
});
