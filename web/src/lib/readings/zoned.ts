/**
 * Calendar arithmetic in an IANA time zone without a date library: the account's zone decides where a day,
 * week or month starts (the API reports in it), whatever zone the browser is in. Intl gives the wall clock
 * of an instant; the inverse is found by correcting a guess with the zone's offset, twice, which settles on
 * the right instant on both sides of a daylight-saving change (a wall time skipped in spring moves forward).
 */

export interface WallClock {
  year: number;
  /** 1–12. */
  month: number;
  /** 1–31. */
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function formatFor(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formats.set(zone, format);
  }
  return format;
}

/** Whether the browser knows the zone (the API validates it too). */
export function isTimeZone(zone: string): boolean {
  try {
    formatFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `zone` at the instant `ms`. */
export function wallClock(ms: number, zone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const p of formatFor(zone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday] ?? 1,
  };
}

/** How far the zone's wall clock is ahead of UTC at `ms`, in milliseconds. */
export function offsetAt(ms: number, zone: string): number {
  const w = wallClock(ms, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/**
 * The instant when the wall clock in `zone` shows the given time. Day and month may overflow (day 32, month
 * 13) as with Date.UTC, which makes «the first day of the next month» plain arithmetic.
 */
export function instantOf(zone: string, year: number, month: number, day = 1, hour = 0, minute = 0): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const first = guess - offsetAt(guess, zone);
  const second = guess - offsetAt(first, zone);
  return second;
}

/** A local calendar date as written in forms and URLs: «2026-11-24». */
export function isoDate(w: Pick<WallClock, 'year' | 'month' | 'day'>): string {
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** «2026-11-24» → its parts; null when it is not a real date. */
export function parseIsoDate(value: string | null | undefined): { year: number; month: number; day: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return { year, month, day };
}

/** The local date in `zone` of the instant `ms`, as «2026-11-24». */
export function localDate(ms: number, zone: string): string {
  return isoDate(wallClock(ms, zone));
}

/** The wall clock in `zone` at `ms` as a datetime-local input holds it: «2026-11-24T09:05». */
export function localDateTime(ms: number, zone: string): string {
  const w = wallClock(ms, zone);
  return `${isoDate(w)}T${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
}

/** A datetime-local value («2026-11-24T09:05») read on the wall clock of `zone`: its instant; null when it is no date. */
export function parseLocalDateTime(value: string, zone: string): number | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(value);
  const date = m ? parseIsoDate(m[1]) : null;
  return m && date ? instantOf(zone, date.year, date.month, date.day, Number(m[2]), Number(m[3])) : null;
}
