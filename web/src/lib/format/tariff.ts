/** How a tariff's prices and dates read, for the customer's tariff card and the operator's editor alike. */
import { dateTimeFormat } from '$lib/format/time';
import { t } from '$lib/i18n';

/** «6.43» → «6,43» in Russian: prices are decimal strings from the API, shown as they are, with the locale's comma. */
export const priceText = (price: string) => (t.app.locale.startsWith('ru') ? price.replace('.', ',') : price);

/** A version's date (a local date of the tariff) as people write it: «1 июля 2026 г.». */
export function effectiveText(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return dateTimeFormat({ day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** Index of the version in force on `today` (YYYY-MM-DD) among versions oldest first; -1 before the first. */
export function versionInForce(versions: Array<{ effectiveFrom: string }>, today: string): number {
  let found = -1;
  versions.forEach((v, i) => {
    if (v.effectiveFrom <= today) found = i;
  });
  return found;
}
