/**
 * The period a report covers: a day, a week (from Monday), a month, a year, or custom days — always whole
 * local days in the account's time zone, [from, to) as the API takes them. Also the previous period to
 * compare with, the step to the next one, and which report resolutions suit a period.
 */
import { instantOf, isoDate, parseIsoDate, wallClock } from './zoned';

export type PeriodKind = 'day' | 'week' | 'month' | 'year' | 'custom';
export const PERIOD_KINDS: PeriodKind[] = ['day', 'week', 'month', 'year', 'custom'];

export type Resolution = 'HOUR' | 'DAY' | 'WEEK' | 'MONTH';
export const RESOLUTIONS: Resolution[] = ['HOUR', 'DAY', 'WEEK', 'MONTH'];

export interface Period {
  kind: PeriodKind;
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
  /** First local day, «2026-11-01». */
  start: string;
  /** Last local day (inclusive), «2026-11-30». */
  end: string;
}

const DAY_MS = 86_400_000;

/** The local date `days` after `date` (calendar arithmetic, not 24-hour steps). */
export function addDays(date: string, days: number): string {
  const d = parseIsoDate(date);
  if (!d) throw new RangeError(`not a date: ${date}`);
  const next = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return isoDate({ year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() });
}

/** Local calendar days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  const x = parseIsoDate(a)!;
  const y = parseIsoDate(b)!;
  return Math.round((Date.UTC(y.year, y.month - 1, y.day) - Date.UTC(x.year, x.month - 1, x.day)) / DAY_MS);
}

/** Monday = 1 … Sunday = 7 of a local date. */
function weekdayOf(date: string): number {
  const d = parseIsoDate(date)!;
  return ((new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay() + 6) % 7) + 1;
}

/** The period of whole local days [start, end] in `zone`. */
export function daysPeriod(kind: PeriodKind, start: string, end: string, zone: string): Period {
  const s = parseIsoDate(start)!;
  const e = parseIsoDate(addDays(end, 1))!;
  return { kind, start, end, from: instantOf(zone, s.year, s.month, s.day), to: instantOf(zone, e.year, e.month, e.day) };
}

/** The day, week, month or year containing the local date `anchor`. */
export function periodOf(kind: Exclude<PeriodKind, 'custom'>, anchor: string, zone: string): Period {
  const a = parseIsoDate(anchor);
  if (!a) throw new RangeError(`not a date: ${anchor}`);
  switch (kind) {
    case 'day':
      return daysPeriod(kind, anchor, anchor, zone);
    case 'week': {
      const monday = addDays(anchor, 1 - weekdayOf(anchor));
      return daysPeriod(kind, monday, addDays(monday, 6), zone);
    }
    case 'month': {
      const first = isoDate({ year: a.year, month: a.month, day: 1 });
      const last = addDays(isoDate({ year: a.month === 12 ? a.year + 1 : a.year, month: (a.month % 12) + 1, day: 1 }), -1);
      return daysPeriod(kind, first, last, zone);
    }
    case 'year':
      return daysPeriod(kind, `${String(a.year).padStart(4, '0')}-01-01`, `${String(a.year).padStart(4, '0')}-12-31`, zone);
  }
}

/** Custom days from `start` to `end` inclusive (swapped when given backwards). */
export function customPeriod(start: string, end: string, zone: string): Period {
  return daysBetween(start, end) < 0 ? daysPeriod('custom', end, start, zone) : daysPeriod('custom', start, end, zone);
}

/**
 * The period `n` steps away: the previous (−1) or next (+1) day, week, month or year; a custom period moves by
 * its own length in days.
 */
export function shiftPeriod(period: Period, n: number, zone: string): Period {
  if (period.kind === 'custom') {
    const length = daysBetween(period.start, period.end) + 1;
    return daysPeriod('custom', addDays(period.start, n * length), addDays(period.end, n * length), zone);
  }
  if (period.kind === 'day') return periodOf('day', addDays(period.start, n), zone);
  if (period.kind === 'week') return periodOf('week', addDays(period.start, 7 * n), zone);
  const s = parseIsoDate(period.start)!;
  if (period.kind === 'month') {
    const months = s.year * 12 + (s.month - 1) + n;
    return periodOf('month', isoDate({ year: Math.floor(months / 12), month: (months % 12) + 1, day: 1 }), zone);
  }
  return periodOf('year', isoDate({ year: s.year + n, month: 1, day: 1 }), zone);
}

/** What a period is compared with: the one just before it, of the same kind. */
export const previousPeriod = (period: Period, zone: string): Period => shiftPeriod(period, -1, zone);

/** The same date a year earlier (29 February → 28 February). */
function yearEarlier(date: string): string {
  const d = parseIsoDate(date)!;
  const lastDay = new Date(Date.UTC(d.year - 1, d.month, 0)).getUTCDate();
  return isoDate({ year: d.year - 1, month: d.month, day: Math.min(d.day, lastDay) });
}

/**
 * The same period a year earlier, to compare seasons: the same day, month or dates; a week is the week 52 weeks
 * earlier (Monday to Sunday, so that weekdays line up with weekdays).
 */
export function lastYearPeriod(period: Period, zone: string): Period {
  switch (period.kind) {
    case 'day':
    case 'month':
      return periodOf(period.kind, yearEarlier(period.start), zone);
    case 'week':
      return periodOf('week', addDays(period.start, -364), zone);
    case 'year':
      return shiftPeriod(period, -1, zone);
    case 'custom':
      return customPeriod(yearEarlier(period.start), yearEarlier(period.end), zone);
  }
}

/** Resolutions that make sense for a period (at most ~1000 intervals, at least two), the default first. */
export function resolutionsFor(period: Period): Resolution[] {
  const days = daysBetween(period.start, period.end) + 1;
  switch (period.kind) {
    case 'day':
      return ['HOUR'];
    case 'week':
      return ['DAY', 'HOUR'];
    case 'month':
      return ['DAY', 'WEEK', 'HOUR'];
    case 'year':
      return ['MONTH', 'WEEK', 'DAY'];
    case 'custom': {
      const all: Resolution[] = [];
      if (days <= 31) all.push('HOUR');
      if (days <= 1000) all.push('DAY');
      if (days >= 14) all.push('WEEK');
      if (days >= 60) all.push('MONTH');
      // The default: hours for a day or two, days up to a quarter, weeks up to two years, months beyond.
      const preferred: Resolution = days <= 2 ? 'HOUR' : days <= 92 ? 'DAY' : days <= 730 ? 'WEEK' : 'MONTH';
      return [preferred, ...all.filter((r) => r !== preferred)];
    }
  }
}

/** `wanted` when it suits the period, else the period's default. */
export function resolutionFor(period: Period, wanted: string | null | undefined): Resolution {
  const allowed = resolutionsFor(period);
  return allowed.includes(wanted as Resolution) ? (wanted as Resolution) : allowed[0];
}

/** The local date of `ms` in `zone`: where a period picker starts («today»). */
export function todayIn(zone: string, ms = Date.now()): string {
  return isoDate(wallClock(ms, zone));
}

/** Whether the period has begun and has not ended at `now`. */
export const isCurrent = (period: Period, now: number) => period.from <= now && now < period.to;

/** The longest custom period the cabinet asks for: ten years of days. */
export const MAX_CUSTOM_DAYS = 3660;

/** Reads a period from a page URL (`?period=month&date=2026-11-01`, `?period=custom&from=…&to=…`); null when absent or wrong. */
export function periodFromParams(params: URLSearchParams, zone: string): Period | null {
  const kind = params.get('period') as PeriodKind | null;
  if (!kind || !PERIOD_KINDS.includes(kind)) return null;
  if (kind === 'custom') {
    const from = params.get('from');
    const to = params.get('to');
    if (!parseIsoDate(from) || !parseIsoDate(to)) return null;
    const period = customPeriod(from!, to!, zone);
    return daysBetween(period.start, period.end) < MAX_CUSTOM_DAYS ? period : null;
  }
  const date = params.get('date');
  return parseIsoDate(date) ? periodOf(kind, date!, zone) : null;
}

/** The URL parameters of a period (see periodFromParams). */
export function periodParams(period: Period): Record<string, string> {
  return period.kind === 'custom' ? { period: 'custom', from: period.start, to: period.end } : { period: period.kind, date: period.start };
}
