/**
 * How the readings pages write periods, intervals, amounts, changes, lengths of time and file sizes — in the
 * cabinet's language, dates in the account's time zone.
 */
import { formatNumber } from '$lib/format/quantity';
import { t } from '$lib/i18n';
import type { Period, Resolution } from './period';
import { wallClock } from './zoned';

const formats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(options: Intl.DateTimeFormatOptions, zone: string): Intl.DateTimeFormat {
  const key = JSON.stringify([options, zone]);
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.DateTimeFormat(t.app.locale, { ...options, timeZone: zone })));
  return f;
}

const sameDay = (a: number, b: number, zone: string) => {
  const x = wallClock(a, zone);
  const y = wallClock(b, zone);
  return x.year === y.year && x.month === y.month && x.day === y.day;
};

/** «24 ноября 2026 г.», «18 – 24 нояб. 2026 г.», «ноябрь 2026 г.», «2026», «1 сент. – 24 нояб. 2026 г.». */
export function formatPeriod(period: Period, zone: string): string {
  const last = period.to - 1;
  switch (period.kind) {
    case 'day':
      return dateFormat({ day: 'numeric', month: 'long', year: 'numeric' }, zone).format(period.from);
    case 'month':
      return dateFormat({ month: 'long', year: 'numeric' }, zone).format(period.from);
    case 'year':
      return String(wallClock(period.from, zone).year);
    default:
      if (sameDay(period.from, last, zone)) return dateFormat({ day: 'numeric', month: 'long', year: 'numeric' }, zone).format(period.from);
      return dateFormat({ day: 'numeric', month: 'short', year: 'numeric' }, zone).formatRange(period.from, last);
  }
}

/** An interval of a report as a table row names it: «14:00», «пн, 24 нояб.», «18 – 24 нояб.», «ноябрь 2026 г.». */
export function formatInterval(from: number, to: number, resolution: Resolution, zone: string): string {
  switch (resolution) {
    case 'HOUR':
      return `${dateFormat({ hour: '2-digit', minute: '2-digit' }, zone).format(from)}–${dateFormat({ hour: '2-digit', minute: '2-digit' }, zone).format(to)}`;
    case 'DAY':
      return dateFormat({ weekday: 'short', day: 'numeric', month: 'short' }, zone).format(from);
    case 'WEEK':
      return dateFormat({ day: 'numeric', month: 'short' }, zone).formatRange(from, to - 1);
    case 'MONTH':
      return dateFormat({ month: 'long', year: 'numeric' }, zone).format(from);
  }
}

/** A moment with date and time, short: «24 нояб., 14:05». */
export function formatMoment(ms: number, zone: string, withYear = false): string {
  return dateFormat({ day: 'numeric', month: 'short', year: withYear ? 'numeric' : undefined, hour: '2-digit', minute: '2-digit' }, zone).format(ms);
}

/**
 * A calendar day as the API gives it (`2027-01-01`: the same day in every zone): «1 января 2027 г.», with
 * `weekday` «пятница, 1 января 2027 г.»; anything else as it came.
 */
export function formatCalendarDay(date: string, weekday = false): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  return dateFormat({ day: 'numeric', month: 'long', year: 'numeric', ...(weekday ? { weekday: 'long' } : {}) }, 'UTC').format(Date.parse(`${date}T00:00:00Z`));
}

/** A date: «24 нояб. 2026 г.». */
export function formatDate(ms: number, zone: string): string {
  return dateFormat({ day: 'numeric', month: 'short', year: 'numeric' }, zone).format(ms);
}

/** The unit of a report, as people write it: kWh → «кВт·ч», m3 → «м³». */
export function reportUnit(unit: string): string {
  if (unit === 'kWh') return t.format.units.kWh;
  if (unit === 'm3') return t.format.units.m3;
  return unit;
}

/** Digits an amount of a report is shown with: kWh to thousandths (Wh), m³ to thousandths (litres). */
export function formatAmount(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined ? t.readings.table.empty : formatNumber(value, digits);
}

/** An amount with its unit: «8,173 кВт·ч»; «—» for missing data. */
export function formatConsumption(value: number | null | undefined, unit: string): string {
  return value === null || value === undefined ? t.readings.table.empty : `${formatNumber(value, 3)} ${reportUnit(unit)}`;
}

/** A change as a signed percentage: «+12 %», «−5,3 %»; «—» when unknown. */
export function formatChange(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return t.readings.table.empty;
  const percent = share * 100;
  const digits = Math.abs(percent) < 10 ? 1 : 0;
  const shown = formatNumber(Math.abs(percent), digits);
  if (shown === formatNumber(0, 0)) return t.readings.units.change('', shown);
  return t.readings.units.change(percent > 0 ? '+' : '−', shown);
}

/** A length of time the way people say it: «45 с», «15 мин», «2 ч 15 мин», «3 дн. 4 ч». */
export function formatDuration(ms: number): string {
  const u = t.readings.units;
  const s = Math.round(ms / 1000);
  if (s < 60) return u.seconds(s);
  const minutes = Math.round(s / 60);
  if (minutes < 60) return u.minutes(minutes);
  const hours = Math.floor(minutes / 60);
  const restMinutes = minutes % 60;
  if (hours < 24) return restMinutes ? `${u.hours(hours)} ${u.minutes(restMinutes)}` : u.hours(hours);
  const days = Math.floor(hours / 24);
  const restHours = hours % 24;
  return restHours ? `${u.days(days)} ${u.hours(restHours)}` : u.days(days);
}

/** A reporting interval in seconds, as «15 мин» or «1 ч». */
export const formatEvery = (seconds: number) => formatDuration(seconds * 1000);

/** A file size: «812 Б», «14,2 КБ», «1,4 МБ». */
export function formatBytes(bytes: number): string {
  const u = t.readings.units;
  if (bytes < 1024) return u.bytes(formatNumber(bytes, 0));
  if (bytes < 1024 * 1024) return u.kilobytes(formatNumber(bytes / 1024, 1));
  return u.megabytes(formatNumber(bytes / (1024 * 1024), 1));
}
