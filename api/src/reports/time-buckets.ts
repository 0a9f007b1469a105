/**
 * Report intervals in a time zone (days, weeks from Monday, months: 23- and 25-hour days in a DST zone come out
 * right) and the tariff zones of Russian multi-rate electricity meters.
 */
import { DateTime } from 'luxon';
import { HOUR_MS } from '../readings/registers.js';
import { ZoneClock } from '../readings/zone-clock.js';
import { graphqlEnum, type EnumValue } from '../schema/enum.js';

export const Resolution = graphqlEnum('Resolution', 'Length of a report interval: calendar hours, days, weeks (from Monday) or months in the report’s time zone.', ['HOUR', 'DAY', 'WEEK', 'MONTH']);
export type Resolution = EnumValue<typeof Resolution>;

export function isTimeZone(zone: string): boolean {
  return !!zone && zone.length <= 64 && DateTime.now().setZone(zone).isValid;
}

/**
 * Interval edges covering [from, to): calendar intervals of `resolution` in `zone` (a week starts on Monday),
 * the first and last cut to [from, to). Edges are epoch milliseconds, whole hours (from and to are rounded
 * out to hours: the rollups are hourly).
 */
export function bucketEdges(from: number, to: number, resolution: Resolution, zone: string): number[] {
  const start = Math.floor(from / HOUR_MS) * HOUR_MS;
  const end = Math.ceil(to / HOUR_MS) * HOUR_MS;
  if (end <= start) return [];
  const clock = ZoneClock.of(zone);
  const edges = [start];
  let cursor: number;
  let next: (t: number) => number;
  switch (resolution) {
    case Resolution.HOUR:
      cursor = start;
      next = (t) => t + HOUR_MS;
      break;
    case Resolution.DAY:
      cursor = clock.startOfDay(start);
      next = (t) => clock.nextDay(t);
      break;
    case Resolution.WEEK:
      cursor = clock.startOfWeek(start);
      next = (t) => clock.nextDay(clock.nextDay(clock.nextDay(clock.nextDay(clock.nextDay(clock.nextDay(clock.nextDay(t)))))));
      break;
    case Resolution.MONTH:
      cursor = clock.startOfMonth(start);
      next = (t) => clock.nextMonth(t);
      break;
  }
  for (;;) {
    cursor = next(cursor);
    if (cursor >= end) break;
    if (cursor > start) edges.push(cursor);
  }
  edges.push(end);
  return edges;
}

/** Tariff zone (1-based) of a local hour of day: two zones T1 day 07–23 / T2 night; three zones T1 peak 07–10 and 17–21, T2 semi-peak 10–17 and 21–23, T3 night 23–07. */
export function tariffZone(localHour: number, zones: number): number {
  if (zones <= 1) return 1;
  const night = localHour >= 23 || localHour < 7;
  if (zones === 2) return night ? 2 : 1;
  if (night) return 3;
  return (localHour >= 7 && localHour < 10) || (localHour >= 17 && localHour < 21) ? 1 : 2;
}

export const ZONE_NAMES: Record<number, Record<number, string>> = {
  1: { 1: 'Круглосуточно' },
  2: { 1: 'T1 день', 2: 'T2 ночь' },
  3: { 1: 'T1 пик', 2: 'T2 полупик', 3: 'T3 ночь' },
};

export function localHourOf(utcHourStart: number, zone: string): number {
  return ZoneClock.of(zone).hourOfDay(utcHourStart);
}
