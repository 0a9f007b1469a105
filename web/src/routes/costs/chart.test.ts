import { describe, expect, it } from 'vitest';
import type uPlotType from 'uplot';
import type { ChartEnvironment } from '$lib/charts/Chart.svelte';
import { barSeries, costChart, labelStep } from './chart';
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

  it('names the newest month and its amount in the legend until a bar is pointed at (not «—» everywhere)', () => {
    const nov = { ...row(352_200, 'complete'), from: Date.UTC(2026, 10, 1) - 3 * 3_600_000 };
    const dec = { ...row(96_475, 'so-far'), from: Date.UTC(2026, 11, 1) - 3 * 3_600_000 };
    const env = { uPlot: { paths: { bars: () => () => null } }, colors: { accent: '#3366aa', muted: '#666666', grid: '#eeeeee' } } as unknown as ChartEnvironment;
    const { options } = costChart([dec, nov], 'Europe/Moscow')(env);
    type LegendValue = (self: uPlotType, raw: number | null, series: number, idx: number | null) => string;
    const legend = (s: number, idx: number | null) => (options.series[s].value as unknown as LegendValue)(null as unknown as uPlotType, idx, s, idx);
    // Nothing pointed at: the month so far.
    expect([legend(0, null), legend(1, null), legend(2, null)]).toEqual(['Декабрь 2026 г.', '—', '964,75\u00a0₽']);
    // November's bar pointed at (oldest first: index 0).
    expect([legend(0, 0), legend(1, 0), legend(2, 0)]).toEqual(['Ноябрь 2026 г.', '3\u00a0522,00\u00a0₽', '—']);
  });
});
