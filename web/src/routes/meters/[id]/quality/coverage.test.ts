import { describe, expect, it } from 'vitest';
import { coveragePercent } from './data.svelte';

describe('the measured share of a week beside a verdict', () => {
  it('is the rounded percentage of the intervals measured', () => {
    expect(coveragePercent(441, 1008)).toBe(44);
    expect(coveragePercent(958, 1008)).toBe(95);
    expect(coveragePercent(1008, 1008)).toBe(100);
    expect(coveragePercent(0, 1008)).toBe(0);
  });

  it('never says 100 % while an interval is missing, nor 0 % once one is measured', () => {
    expect(coveragePercent(1006, 1008)).toBe(99);
    expect(coveragePercent(1, 1008)).toBe(1);
  });
});
