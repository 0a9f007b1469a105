/** File sizes as people read them: «850 КБ», «4,2 МБ» (decimal comma and units of the cabinet's language). */
import { t } from '$lib/i18n';

const KB = 1024;
const MB = 1024 * KB;

const formats = new Map<number, Intl.NumberFormat>();
function number(value: number, digits: number): string {
  let format = formats.get(digits);
  if (!format) {
    format = new Intl.NumberFormat(t.app.locale, { maximumFractionDigits: digits });
    formats.set(digits, format);
  }
  return format.format(value);
}

/** Binary multiples (what the API's limit of 5 × 1024 × 1024 bytes calls «5 МБ»). */
export function formatBytes(bytes: number): string {
  const u = t.support.units;
  if (bytes < KB) return `${number(bytes, 0)} ${u.B}`;
  if (bytes < MB) return `${number(bytes / KB, 0)} ${u.KB}`;
  return `${number(bytes / MB, bytes < 10 * MB ? 1 : 0)} ${u.MB}`;
}
