/**
 * Money as the cabinet shows it. The API sends exact integer kopecks as a decimal string (api/docs/money.md); the
 * cabinet adds kopecks as integers and only formats them at the end: «1 234,56 ₽» / «₽1,234.56». Missing money
 * (no tariff, no data) is «—», never «0 ₽».
 */
import { t } from '$lib/i18n';

export interface MoneyValue {
  kopecks: string;
}

/** Integer kopecks of an API Money, or null. */
export const kopecksOf = (m: MoneyValue | null | undefined): number | null => (m ? Number(m.kopecks) : null);

const formats = new Map<string, Intl.NumberFormat>();

export function formatMoney(kopecks: number | null | undefined): string {
  if (kopecks === null || kopecks === undefined || !Number.isFinite(kopecks)) return '—';
  const locale = t.app.locale;
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency: 'RUB', currencyDisplay: 'narrowSymbol', minimumFractionDigits: 2, maximumFractionDigits: 2 });
    formats.set(locale, format);
  }
  return format.format(kopecks / 100);
}

/** Sum of integer kopecks; null when none is known. */
export function sumKopecks(values: Array<number | null | undefined>): number | null {
  let sum: number | null = null;
  for (const v of values) if (v !== null && v !== undefined) sum = (sum ?? 0) + v;
  return sum;
}
