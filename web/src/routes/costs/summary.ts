/**
 * The summary's rows from the API's months: integer kopecks per column (null — no tariff or no data — stays
 * null, never 0), the state of each month, newest first for reading, and the period's total as the sum of the
 * months' kopecks (integers: exact, no roubles added as floats).
 */
import type { AccountMonthCost } from '$lib/api/costs';
import { kopecksOf, sumKopecks } from '$lib/format/money';
import { meterKindName } from '$lib/format/meter';
import { dateTimeFormat } from '$lib/format/time';

/** «пока» (the month under way), over with every hour priced, over with hours missing, nothing priced. */
export type MonthState = 'so-far' | 'complete' | 'incomplete' | 'no-data';

export const COLUMNS = ['electricity', 'coldWater', 'hotWater', 'sewerage', 'fixed', 'total'] as const;
export type Column = (typeof COLUMNS)[number];

export interface MeterCost {
  id: string;
  name: string;
  kopecks: number | null;
  complete: boolean;
}

export type CostRow = Record<Column, number | null> & {
  /** The month's [from, to), epoch ms. */
  from: number;
  to: number;
  state: MonthState;
  meters: MeterCost[];
};

/** «Кухня» or «Электроэнергия E-0001»: the customer's label when there is one. */
export function meterName(meter: { kind: string; serial: string; label: string | null }): string {
  return meter.label ?? `${meterKindName(meter.kind)} ${meter.serial}`;
}

function stateOf(month: AccountMonthCost, from: number, to: number, now: number): MonthState {
  if (from <= now && now < to) return 'so-far';
  if (!month.total) return 'no-data';
  return month.complete ? 'complete' : 'incomplete';
}

/** The rows of the API's months (oldest first), newest first. */
export function costRows(months: AccountMonthCost[], now: number): CostRow[] {
  return months
    .map((m) => {
      const from = Date.parse(m.from);
      const to = Date.parse(m.to);
      const total = kopecksOf(m.total);
      return {
        from,
        to,
        electricity: kopecksOf(m.electricity),
        coldWater: kopecksOf(m.coldWater),
        hotWater: kopecksOf(m.hotWater),
        sewerage: kopecksOf(m.sewerage),
        // The API says 0 when nothing was priced; the month has no money at all then, not a charge of 0.
        fixed: total === null ? null : kopecksOf(m.fixedCharges),
        total,
        state: stateOf(m, from, to, now),
        meters: m.meters.map((x) => ({ id: x.meter.id, name: meterName(x.meter), kopecks: kopecksOf(x.cost), complete: x.complete })),
      };
    })
    .reverse();
}

/** Each column summed over the rows, in kopecks; null where no month has a value. */
export function periodTotals(rows: CostRow[]): Record<Column, number | null> {
  return Object.fromEntries(COLUMNS.map((c) => [c, sumKopecks(rows.map((r) => r[c]))])) as Record<Column, number | null>;
}

/** The columns worth a place in the table: «Абонентская плата» only when some month has a charge. */
export function shownColumns(rows: CostRow[]): Column[] {
  return COLUMNS.filter((c) => c !== 'fixed' || rows.some((r) => (r.fixed ?? 0) !== 0));
}

/**
 * This month's forecast for the account: the meters' forecasts summed (each by its tariff, the average day of its
 * last seven whole days), with how many priced meters have none yet. Null when none has one.
 */
export function monthForecast(forecasts: Array<{ kopecks: number | null }>): { kopecks: number | null; without: number } {
  return { kopecks: sumKopecks(forecasts.map((f) => f.kopecks)), without: forecasts.filter((f) => f.kopecks === null).length };
}

/**
 * Last month against this one's forecast: last month's total (the row just before the month under way) and how far
 * the forecast is from it, in kopecks and whole per cent (null when last month had no money: nothing to compare).
 * `complete` false says last month had hours without readings — its total is what they priced.
 */
export function againstLastMonth(rows: CostRow[], forecast: number | null): { kopecks: number; complete: boolean; change: number | null; percent: number | null } | null {
  const i = rows.findIndex((r) => r.state === 'so-far');
  const last = i >= 0 ? rows[i + 1] : undefined;
  if (!last || last.to !== rows[i]!.from || last.total === null) return null;
  const change = forecast === null ? null : forecast - last.total;
  return { kopecks: last.total, complete: last.state === 'complete', change, percent: change === null || last.total === 0 ? null : Math.round((change / last.total) * 100) };
}

/** Whether any meter has a tariff (the API lists only priced meters under a month). */
export const hasTariffs = (months: AccountMonthCost[]) => months.some((m) => m.meters.length > 0);

const capitalize = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1);

/** «Декабрь 2026 г.» / «December 2026»: the month starting at `from`, in the account's zone and language. */
export function monthName(from: number, timeZone: string): string {
  return capitalize(dateTimeFormat({ month: 'long', year: 'numeric' }, timeZone).format(from));
}

/** «дек. 2025 – нояб. 2026»: the months of the rows (newest first), for captions. */
export function periodName(rows: CostRow[], timeZone: string): string {
  if (!rows.length) return '';
  const short = dateTimeFormat({ month: 'short', year: 'numeric' }, timeZone);
  return short.formatRange(rows[rows.length - 1]!.from, rows[0]!.from);
}
