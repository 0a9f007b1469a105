/** What the «Передача показаний» panel says, as plain functions of the API's data (tested without a browser). */
import type { Submission, Supplier } from '$lib/api/submissions';
import { formatNumber } from '$lib/format/quantity';
import { clockName } from '$lib/format/zones';
import { dateTimeFormat } from '$lib/format/time';
import { t } from '$lib/i18n';

/** Why an account number cannot be this supplier's (its `accountPattern` matches the whole number), or null. */
export function accountProblem(supplier: Pick<Supplier, 'accountPattern' | 'accountExample'>, account: string): string | null {
  const value = account.trim();
  if (!value) return t.submissions.link.accountRequired;
  let pattern: RegExp;
  try {
    pattern = new RegExp(`^(?:${supplier.accountPattern})$`, 'u');
  } catch {
    return null; // a pattern the browser cannot read: the API checks it anyway
  }
  return pattern.test(value) ? null : t.submissions.link.accountFormat(supplier.accountExample);
}

/** The supplier's clock as a customer says it: «МСК», «МСК+2» (not «Europe/Moscow»). */
export const clock = (timeZone: string) => clockName(timeZone, t.timeZones.clock);

/** «Окно приёма: с 20 по 25 число, до 18:00 (МСК)». */
export function windowText(supplier: Pick<Supplier, 'windowFirstDay' | 'windowLastDay' | 'cutoffTime' | 'timeZone'>): string {
  return t.submissions.link.window(supplier.windowFirstDay, supplier.windowLastDay, supplier.cutoffTime, clock(supplier.timeZone));
}

export const unitName = (unit: string) => t.submissions.units[unit] ?? unit;

/** The unit a register is entered in: m³ for water's VOLUME, kWh for the electricity zones and TOTAL. */
export const registerUnit = (register: string) => (register === 'VOLUME' ? 'm3' : 'kWh');

/** «T1 7 394 кВт·ч · T2 2 282 кВт·ч»: the values exactly as they were sent (decimal strings, grouped for reading). */
export function valuesText(values: Submission['values']): string {
  return values
    .map((v) => {
      const [whole, fraction] = v.value.split('.');
      const grouped = formatNumber(Number(whole), 0);
      const number = fraction ? `${grouped}${t.app.locale.startsWith('ru') ? ',' : '.'}${fraction}` : grouped;
      const name = v.register === 'TOTAL' || v.register === 'VOLUME' ? '' : `${v.register} `;
      return `${name}${number} ${unitName(v.unit)}`;
    })
    .join(' · ');
}

export const statusText = (status: Submission['status']) => t.submissions.status[status];

/** The reason a person reads: the supplier's words when it gave them, else ours for our own codes. */
export function reasonText(submission: Pick<Submission, 'reason' | 'reasonMessage'>): string | null {
  const text = submission.reasonMessage ?? (submission.reason ? (t.submissions.reasons[submission.reason] ?? submission.reason) : null);
  return text ? t.submissions.history.reason(text) : null;
}

/** Why a hand-entered value cannot be sent, or null: a non-negative decimal with at most `decimals` places. */
export function manualValueProblem(value: string, decimals: number): string | null {
  const v = value.trim().replace(',', '.');
  if (!v) return t.submissions.manual.required;
  const pattern = decimals > 0 ? new RegExp(`^\\d+(\\.\\d{1,${decimals}})?$`) : /^\d+$/;
  return pattern.test(v) ? null : t.submissions.manual.invalid(decimals);
}

/** The decimal string the API takes for a hand-entered value («12,5» → «12.5»). */
export const normaliseValue = (value: string) => value.trim().replace(',', '.');

/** «4 декабря 2026 г., 23:30» in the supplier's zone (the panel names the zone beside it). */
export function dateTime(time: string | Date, timeZone: string): string {
  return dateTimeFormat({ dateStyle: 'long', timeStyle: 'short' }, timeZone).format(new Date(time));
}
