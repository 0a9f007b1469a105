/** Times of readings, relative for a glance and absolute for a tooltip. */
import { t } from '$lib/i18n';
import { cabinetClock } from './cabinet-clock.svelte';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const absolute = new Map<string, Intl.DateTimeFormat>();

/**
 * An Intl formatter in the cabinet's language, made once per options and zone; without a zone, on the cabinet's
 * clock (the account's zone, see ./cabinet-clock).
 */
export function dateTimeFormat(options: Intl.DateTimeFormatOptions, zone?: string): Intl.DateTimeFormat {
  const timeZone = zone ?? cabinetClock.zone;
  const key = JSON.stringify([options, timeZone]);
  let format = absolute.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(t.app.locale, { ...options, timeZone });
    absolute.set(key, format);
  }
  return format;
}

/** The full date and the time to the minute, e.g. «24 ноября 2026 г. в 20:34» (the wording is the browser's ICU). */
export function formatDateTime(time: Date | string | number, timeZone?: string): string {
  return dateTimeFormat({ dateStyle: 'long', timeStyle: 'short' }, timeZone).format(new Date(time));
}

/**
 * How long ago, as a person says it: «только что», «5 мин назад», «3 ч назад»; a day or more back, the date
 * and time. A time slightly ahead of `now` (the meter's clock runs fast) still reads «только что».
 */
export function formatRelativeTime(time: Date | string | number, now: number, timeZone?: string): string {
  const at = new Date(time);
  const ago = now - at.getTime();
  if (ago < MINUTE) return t.format.justNow;
  if (ago < HOUR) return t.format.minutesAgo(Math.floor(ago / MINUTE));
  if (ago < DAY) return t.format.hoursAgo(Math.floor(ago / HOUR));
  // The year only when it could be mistaken: within the last ~10 months it is obvious.
  const withYear = ago > 300 * DAY;
  return dateTimeFormat(
    { day: 'numeric', month: 'long', year: withYear ? 'numeric' : undefined, hour: '2-digit', minute: '2-digit' },
    timeZone,
  ).format(at);
}

/** The time of day, e.g. «14:05» (for «позвоним до 14:05»). */
export function formatTimeOfDay(time: Date | string | number, timeZone?: string): string {
  return dateTimeFormat({ hour: '2-digit', minute: '2-digit' }, timeZone).format(new Date(time));
}

/** A short date and time, e.g. «24 нояб., 20:34» (lists of messages and requests). */
export function formatShortDateTime(time: Date | string | number, timeZone?: string): string {
  return dateTimeFormat({ day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }, timeZone).format(new Date(time));
}

/** «ноябрь 2026», «November 2026»: a billing period (YYYY-MM) in the cabinet's language. */
export function billingMonth(period: string): string {
  const [year, month] = period.split('-').map(Number);
  if (!year || !month) return period;
  const name = dateTimeFormat({ month: 'long', year: 'numeric' }, 'UTC').format(new Date(Date.UTC(year, month - 1, 1)));
  return name.replace(/\s*г\.$/, '');
}
