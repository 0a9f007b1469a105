/** How a supplier's tariff reads and is typed in on the operator's page: zone hours, prices, dates, the form's defaults. */
import { priceText } from '$lib/format/tariff';
import { t } from '$lib/i18n';

export { effectiveText, priceText, versionInForce } from '$lib/format/tariff';

export type Scheme = 'SINGLE' | 'TWO_ZONE' | 'THREE_ZONE';
export interface Hours {
  from: number;
  to: number;
}

export const SCHEMES: readonly Scheme[] = ['SINGLE', 'TWO_ZONE', 'THREE_ZONE'];
export const ZONE_COUNT: Record<Scheme, number> = { SINGLE: 1, TWO_ZONE: 2, THREE_ZONE: 3 };

/** The usual zone hours (the API's defaults too): two zones 07–23 / 23–07; three zones 07–10 & 17–21, 10–17 & 21–23, 23–07. */
export const DEFAULT_ZONE_HOURS: Record<Scheme, Hours[][]> = {
  SINGLE: [],
  TWO_ZONE: [[{ from: 7, to: 23 }], [{ from: 23, to: 7 }]],
  THREE_ZONE: [
    [
      { from: 7, to: 10 },
      { from: 17, to: 21 },
    ],
    [
      { from: 10, to: 17 },
      { from: 21, to: 23 },
    ],
    [{ from: 23, to: 7 }],
  ],
};

const hh = (h: number) => String(h).padStart(2, '0');

/** «07–10 и 17–21»: one zone's hours as the list shows them. */
export const hoursText = (hours: Hours[]) => hours.map((h) => `${hh(h.from)}–${hh(h.to)}`).join(t.operatorTariffs.and);

/** «07–10, 17–21»: one zone's hours as the form's input holds them (what parseHours reads back). */
export const hoursInput = (hours: Hours[]) => hours.map((h) => `${hh(h.from)}–${hh(h.to)}`).join(', ');

/**
 * What an operator typed for a zone's hours: ranges «from–to» (any dash) separated by commas, «&», «;» or «и»;
 * whole hours, `to` 24 allowed, `to ≤ from` runs past midnight. Null when it is not that shape; whether the zones
 * cover the day exactly once is the API's check (TARIFF_INVALID names the hour).
 */
export function parseHours(text: string): Hours[] | null {
  const parts = text
    .split(/[,;&]|\s+и\s+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (!parts.length) return null;
  const ranges: Hours[] = [];
  for (const part of parts) {
    const m = /^(\d{1,2})(?::00)?\s*[-–—]\s*(\d{1,2})(?::00)?$/.exec(part);
    if (!m) return null;
    const from = Number(m[1]);
    const to = Number(m[2]);
    if (from > 23 || to > 24 || from === to) return null;
    ranges.push({ from, to });
  }
  return ranges;
}


/** Kopecks as the monthly-charge input holds them: «150», «150,50»; empty for none. */
export function roublesInput(kopecks: string): string {
  const k = Number(kopecks);
  if (!k) return '';
  const text = k % 100 ? (k / 100).toFixed(2) : String(k / 100);
  return priceText(text);
}



/** The first day of the month after `today`: when new prices usually start. */
export function nextMonthStart(today: string): string {
  const [y, m] = today.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/**
 * Where zones' hours fail to cover the day exactly once: the first hour in no zone (`zone` null) or in a second
 * zone (`zone` the later one); null when they cover it. The API refuses such hours too, but only after it has made
 * the tariff (createTariff leaves it without prices), so the form checks first.
 */
export function coverageProblem(zones: Hours[][]): { hour: number; zone: number | null } | null {
  const owner: Array<number | undefined> = new Array(24);
  for (const [i, ranges] of zones.entries()) {
    for (const { from, to } of ranges) {
      const end = to <= from ? to + 24 : to;
      for (let h = from; h < end; h++) {
        if (owner[h % 24] !== undefined) return { hour: h % 24, zone: i + 1 };
        owner[h % 24] = i + 1;
      }
    }
  }
  const gap = owner.findIndex((z) => z === undefined);
  return gap >= 0 ? { hour: gap, zone: null } : null;
}
