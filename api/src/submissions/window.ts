/**
 * A supplier's monthly window in its own time zone. The readings of a period (a calendar month, `YYYY-MM`) are taken
 * and sent at the cut-off time on the window's first day; the window closes at the cut-off time on its last day (the
 * month's last day when the month is shorter). Instants are UTC `Date`s; the zone only places them.
 */
import { DateTime } from 'luxon';

export interface WindowRules {
  windowFirstDay: number;
  windowLastDay: number;
  cutoffTime: string;
  timeZone: string;
}

export interface Window {
  period: string;
  /** When the readings are taken and the submission is sent (first day, cut-off time). */
  submitAt: Date;
  /** When the supplier stops taking readings for the period (last day, cut-off time). */
  closesAt: Date;
}

function at(period: DateTime, day: number, cutoff: string): Date {
  const [hour, minute] = cutoff.split(':').map(Number);
  return period.set({ day: Math.min(day, period.daysInMonth!), hour, minute, second: 0, millisecond: 0 }).toJSDate();
}

export function windowOf(period: string, rules: WindowRules): Window {
  const month = DateTime.fromFormat(period, 'yyyy-MM', { zone: rules.timeZone });
  if (!month.isValid) throw new Error(`not a period: ${period}`);
  return { period, submitAt: at(month, rules.windowFirstDay, rules.cutoffTime), closesAt: at(month, rules.windowLastDay, rules.cutoffTime) };
}

/** The period (month) `now` falls in, in the supplier's zone. */
export function periodAt(now: Date, rules: WindowRules): string {
  return DateTime.fromJSDate(now, { zone: rules.timeZone }).toFormat('yyyy-MM');
}

export function previousPeriod(period: string): string {
  return DateTime.fromFormat(period, 'yyyy-MM', { zone: 'UTC' }).minus({ months: 1 }).toFormat('yyyy-MM');
}

export function nextPeriod(period: string): string {
  return DateTime.fromFormat(period, 'yyyy-MM', { zone: 'UTC' }).plus({ months: 1 }).toFormat('yyyy-MM');
}

/** Whether `now` is inside the window of its month: at or after the first day's 00:00, before the close. */
export function windowOpenAt(now: Date, rules: WindowRules): Window | null {
  const w = windowOf(periodAt(now, rules), rules);
  const opens = DateTime.fromJSDate(w.submitAt, { zone: rules.timeZone }).startOf('day').toJSDate();
  return now >= opens && now < w.closesAt ? w : null;
}
