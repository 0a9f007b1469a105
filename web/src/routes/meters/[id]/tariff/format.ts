/** How a tariff reads in the cabinet: its versions, their zone hours and prices. */
export { effectiveText, priceText, versionInForce } from '$lib/format/tariff';

/** «07–23» / «23–07, 10–17»: a zone's local hours. */
export const hoursText = (hours: Array<{ from: number; to: number }>) => hours.map((h) => `${String(h.from).padStart(2, '0')}–${String(h.to % 24).padStart(2, '0')}`).join(', ');




/** The first day of the month of `today`: the default date of new prices. */
export const monthStartOf = (today: string) => `${today.slice(0, 8)}01`;
