import { describe, expect, it } from 'vitest';
import type { ReportRow } from '$lib/readings/report';
import { stackedColumns, zoneColumns } from './consumption';
import { alignBands, typicalStep } from './series';

const row = (consumption: number | null, t1: number | null, t2: number | null): ReportRow => ({
  from: 0,
  to: 1,
  consumption,
  complete: consumption !== null,
  state: consumption === null ? 'missing' : 'complete',
  change: null,
  zones: [
    { zone: 2, name: 'T2 ночь', consumption: t2 },
    { zone: 1, name: 'T1 день', consumption: t1 },
  ],
});

describe('stacked zone bars', () => {
  it('orders zones and stacks them, leaving an interval without data empty', () => {
    const columns = zoneColumns([row(3, 2, 1), row(null, null, null), row(0.5, 0.5, null)]);
    expect(columns.map((c) => c.name)).toEqual(['T1 день', 'T2 ночь']);
    expect(stackedColumns(columns)).toEqual([
      [2, null, 0.5],
      [3, null, 0.5],
    ]);
  });
});

describe('band series on one time axis', () => {
  const p = (time: number, v: number) => ({ time, min: v - 1, max: v + 1, average: v });

  it('joins phases on their times and breaks the lines across a gap', () => {
    const { x, columns } = alignBands(
      [
        { label: 'L1', points: [p(0, 230), p(600, 231), p(3600, 229)] },
        { label: 'L2', points: [p(0, 228), p(3600, 227)] },
      ],
      600,
    );
    expect(x).toEqual([0, 600, 1200, 3600]);
    expect(columns[0].average).toEqual([230, 231, null, 229]);
    expect(columns[1].average).toEqual([228, null, null, 227]);
    expect(columns[0].min).toEqual([229, 230, null, 228]);
  });

  it('takes the median spacing of raw readings as their step', () => {
    expect(typicalStep([0, 5, 10, 15, 600, 605])).toBe(5);
    const { x } = alignBands([{ label: 'f', points: [p(0, 50), p(5, 50), p(10, 50), p(600, 50)] }]);
    expect(x).toEqual([0, 5, 10, 15, 600]);
  });
});
