/** Whether a supplier's monthly window is open at a moment, counted in the supplier's time zone. */
import type { OperatorSupplier } from '$lib/api/submissions';

type WindowOf = Pick<OperatorSupplier, 'windowFirstDay' | 'windowLastDay' | 'cutoffTime' | 'timeZone'>;

/**
 * Open from 00:00 of the first day (the readings go at its cut-off time) to the cut-off time of the last day (the
 * month's last day when the month is shorter), as the API counts it (api/src/submissions/window.ts).
 */
export function windowOpen(s: WindowOf, at: Date): boolean {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: s.timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  const minute = Number(parts.hour) * 60 + Number(parts.minute);
  const [h, m] = s.cutoffTime.split(':').map(Number);
  const cutoff = h * 60 + m;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const last = Math.min(s.windowLastDay, daysInMonth);
  const now = day * 1440 + minute;
  return now >= s.windowFirstDay * 1440 && now < last * 1440 + cutoff;
}
