import { describe, expect, it } from 'vitest';
import { ENERGY_RULES, HOUR_MS, spread, type Point } from '../../src/readings/registers.js';

const T0 = Date.UTC(2026, 0, 1);
const h = (n: number) => T0 + n * HOUR_MS;
const p = (hours: number, value: number): Point => ({ time: h(hours), value });

describe('spreading register growth over buckets', () => {
  it('gives each hour exactly its difference when readings fall on the hours', () => {
    const r = spread([p(0, 100), p(1, 150), p(2, 175)], [h(0), h(1), h(2)], ENERGY_RULES);
    expect(r).toEqual([
      { consumption: 50, coveredMs: HOUR_MS, discontinuity: false },
      { consumption: 25, coveredMs: HOUR_MS, discontinuity: false },
    ]);
  });

  it('splits a pair across a boundary in proportion to time', () => {
    // 100 Wh between 00:30 and 01:30: half to each hour.
    const r = spread([p(0.5, 1000), p(1.5, 1100)], [h(0), h(1), h(2)], ENERGY_RULES);
    expect(r.map((b) => b.consumption)).toEqual([50, 50]);
    expect(r.map((b) => b.coveredMs)).toEqual([HOUR_MS / 2, HOUR_MS / 2]);
  });

  it('leaves a bucket without any overlapping pair null, never 0', () => {
    const r = spread([p(0, 100), p(1, 150)], [h(0), h(1), h(2)], ENERGY_RULES);
    expect(r[1]).toEqual({ consumption: null, coveredMs: 0, discontinuity: false });
  });

  it('estimates across a gap longer than an hour, without calling it complete', () => {
    const r = spread([p(0, 0), p(3, 300)], [h(0), h(1), h(2), h(3)], ENERGY_RULES);
    expect(r.map((b) => b.consumption)).toEqual([100, 100, 100]);
    expect(r.every((b) => b.coveredMs === 0)).toBe(true);
  });

  it('turns a register reset into a discontinuity, not a negative value', () => {
    const r = spread([p(0, 5000), p(1, 5100), p(2, 20), p(3, 70)], [h(0), h(1), h(2), h(3)], ENERGY_RULES);
    expect(r.map((b) => b.consumption)).toEqual([100, null, 50]);
    expect(r.map((b) => b.discontinuity)).toEqual([false, true, false]);
  });

  it('turns an impossible jump (a replaced meter with a higher register) into a discontinuity, not a huge value', () => {
    const r = spread([p(0, 100), p(1, 150), p(2, 9_000_000), p(3, 9_000_040)], [h(0), h(1), h(2), h(3)], ENERGY_RULES);
    expect(r.map((b) => b.consumption)).toEqual([50, null, 40]);
    expect(r[1].discontinuity).toBe(true);
  });

  it('ignores a duplicate reading (the same time twice)', () => {
    const r = spread([p(0, 100), p(0, 100), p(1, 160)], [h(0), h(1)], ENERGY_RULES);
    expect(r[0].consumption).toBe(60);
  });
});
