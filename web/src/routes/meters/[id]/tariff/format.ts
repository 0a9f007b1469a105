/** How a tariff reads in the cabinet: its versions, their zone hours and prices. */
import type { TariffVersion } from '$lib/api/tariff';
import { dateTimeFormat } from '$lib/format/time';
import { t } from '$lib/i18n';

/** «07–23» / «23–07, 10–17»: a zone's local hours. */
export const hoursText = (hours: Array<{ from: number; to: number }>) => hours.map((h) => `${String(h.from).padStart(2, '0')}–${String(h.to % 24).padStart(2, '0')}`).join(', ');

/** «6.43» → «6,43» in Russian: prices are decimal strings from the API, shown as they are, with the locale's comma. */
export const priceText = (price: string) => (t.app.locale.startsWith('ru') ? price.replace('.', ',') : price);

/** A version's date (a local date of the tariff) as people write it: «1 июля 2026 г.». */
export function effectiveText(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return dateTimeFormat({ day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** Index of the version in force on `today` (YYYY-MM-DD) among versions oldest first; -1 before the first. */
export function versionInForce(versions: Array<Pick<TariffVersion, 'effectiveFrom'>>, today: string): number {
  let found = -1;
  versions.forEach((v, i) => {
    if (v.effectiveFrom <= today) found = i;
  });
  return found;
}

/** The first day of the month of `today`: the default date of new prices. */
export const monthStartOf = (today: string) => `${today.slice(0, 8)}01`;
