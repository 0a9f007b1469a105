import { describe, expect, it } from 'vitest';
import { barSeries, labelStep } from './chart';
import type { CostRow } from './summary';

const row = (total: number | null, state: CostRow['state']): CostRow => ({
  from: 0,
  to: 0,
  electricity: total,
  coldWater: null,
  hotWater: null,
  sewerage: null,
  fixed: 0,
  total,
  state,
  meters: [],
});

describe('the cost chart', () => {
  it('draws the months that are over and the month so far as separate bars, a month without money as a gap', () => {
    expect(barSeries([row(null, 'no-data'), row(352_200, 'complete'), row(12_345, 'incomplete'), row(96_475, 'so-far')])).toEqual({
      over: [null, 3522, 123.45, null],
      soFar: [null, null, null, 964.75],
    });
  });

  it('names every month where there is room, every second or third where a phone has less', () => {
    expect(labelStep(1000, 12)).toBe(1); // a desktop: 83 px a bar
    expect(labelStep(480, 12)).toBe(1); // 40 px a bar: just enough
    expect(labelStep(284, 12)).toBe(2); // a 412 px phone: 24 px a bar
    expect(labelStep(190, 12)).toBe(3); // a 320 px phone: 16 px a bar
    expect(labelStep(0, 12)).toBe(1); // not laid out yet
  });
});
