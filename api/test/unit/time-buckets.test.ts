import { describe, expect, it } from 'vitest';
import { bucketEdges, localHourOf, Resolution, tariffZone } from '../../src/reports/time-buckets.js';

const iso = (edges: number[]) => edges.map((e) => new Date(e).toISOString());

describe('report intervals in a time zone', () => {
  it('cuts Moscow days at 21:00 UTC', () => {
    const edges = bucketEdges(Date.UTC(2026, 0, 1, 21), Date.UTC(2026, 0, 3, 21), Resolution.DAY, 'Europe/Moscow');
    expect(iso(edges)).toEqual(['2026-01-01T21:00:00.000Z', '2026-01-02T21:00:00.000Z', '2026-01-03T21:00:00.000Z']);
  });

  it('makes the day DST begins 23 hours long and the day it ends 25 in Berlin', () => {
    const spring = bucketEdges(Date.UTC(2026, 2, 28, 23), Date.UTC(2026, 2, 29, 22), Resolution.DAY, 'Europe/Berlin');
    expect((spring[1] - spring[0]) / 3_600_000).toBe(23);
    const autumn = bucketEdges(Date.UTC(2026, 9, 24, 22), Date.UTC(2026, 9, 25, 23), Resolution.DAY, 'Europe/Berlin');
    expect((autumn[1] - autumn[0]) / 3_600_000).toBe(25);
  });

  it('starts weeks on Monday', () => {
    // From Tuesday 2026-11-24 00:00 Moscow; the next Mondays are 11-30 and 12-07 (00:00 Moscow = 21:00 UTC the day before).
    const edges = bucketEdges(Date.UTC(2026, 10, 23, 21), Date.UTC(2026, 11, 7, 21), Resolution.WEEK, 'Europe/Moscow');
    expect(iso(edges)).toEqual(['2026-11-23T21:00:00.000Z', '2026-11-29T21:00:00.000Z', '2026-12-06T21:00:00.000Z', '2026-12-07T21:00:00.000Z']);
  });

  it('cuts months at their first day, and the range to [from, to)', () => {
    const edges = bucketEdges(Date.UTC(2026, 0, 15, 21), Date.UTC(2026, 2, 10, 21), Resolution.MONTH, 'Europe/Moscow');
    expect(iso(edges)).toEqual(['2026-01-15T21:00:00.000Z', '2026-01-31T21:00:00.000Z', '2026-02-28T21:00:00.000Z', '2026-03-10T21:00:00.000Z']);
  });
});

describe('tariff zones', () => {
  it('splits two zones at 07:00 and 23:00', () => {
    expect([6, 7, 22, 23].map((h) => tariffZone(h, 2))).toEqual([2, 1, 1, 2]);
  });
  it('splits three zones into peak, semi-peak and night', () => {
    expect([6, 7, 9, 10, 16, 17, 20, 21, 22, 23].map((h) => tariffZone(h, 3))).toEqual([3, 1, 1, 2, 2, 1, 1, 2, 2, 3]);
  });
  it('reads local hours in the zone', () => {
    expect(localHourOf(Date.UTC(2026, 0, 1, 20), 'Europe/Moscow')).toBe(23);
    expect(localHourOf(Date.UTC(2026, 6, 1, 20), 'Europe/Berlin')).toBe(22);
  });
});
