/** Billing periods (YYYY-MM) and the submission statuses an operator filters by. */
import type { Submission, SubmissionStatus } from '$lib/api/submissions';

export const STATUSES: SubmissionStatus[] = ['SCHEDULED', 'AWAITING_VALUES', 'SENDING', 'DELIVERED', 'ACCEPTED', 'REJECTED', 'FAILED'];

/** The period (YYYY-MM) `at` falls in, in the supplier's time zone, and the `count - 1` before it, newest first. */
export function periodsBefore(at: Date, timeZone: string, count: number): string[] {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(at);
  let year = Number(parts.find((p) => p.type === 'year')!.value);
  let month = Number(parts.find((p) => p.type === 'month')!.value);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(`${year}-${String(month).padStart(2, '0')}`);
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
  }
  return out;
}

/** What the API re-sends: a finished submission with values, while its window is open. */
export function canResend(s: Pick<Submission, 'status' | 'values' | 'windowClosesAt'>, now: number): boolean {
  return ['DELIVERED', 'ACCEPTED', 'REJECTED', 'FAILED'].includes(s.status) && s.values.length > 0 && Date.parse(s.windowClosesAt) > now;
}
