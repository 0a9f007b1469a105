/**
 * A consumption report as the readings page shows it: the intervals of the period next to those of the
 * previous period, what is missing, what is still to come, and the totals. Missing data stays null all the
 * way to the screen: a gap is drawn and written as a gap, never as 0. Cost is integer kopecks beside each figure.
 */
import { sumKopecks } from '$lib/format/money';

export interface ZoneValue {
  zone: number;
  name: string;
  consumption: number | null;
  /** Kopecks; null without a tariff, or when the interval is not complete. */
  cost?: number | null;
}

export interface ReportInterval {
  /** Epoch ms. */
  from: number;
  to: number;
  consumption: number | null;
  complete: boolean;
  zones: ZoneValue[];
  /** Kopecks of the whole interval; null unless complete and priced. */
  cost?: number | null;
  /** Kopecks of the hours with data (so far, for the interval under way); null without a tariff or data. */
  pricedCost?: number | null;
}

/** Where an interval stands at the moment the page looks at it. */
export type IntervalState =
  /** Every hour of it was covered by readings. */
  | 'complete'
  /** Some data, but with holes (or a register reset): the value is a lower bound of the truth. */
  | 'partial'
  /** Over, and no data at all. */
  | 'missing'
  /** Under way: data so far. */
  | 'current'
  /** Not begun yet. */
  | 'future';

export function intervalState(i: Pick<ReportInterval, 'from' | 'to' | 'consumption' | 'complete'>, now: number): IntervalState {
  if (i.from >= now) return 'future';
  if (i.to > now) return 'current';
  if (i.consumption === null) return 'missing';
  return i.complete ? 'complete' : 'partial';
}

export interface ReportRow extends ReportInterval {
  state: IntervalState;
  /** The interval at the same position in the previous period (undefined when that period is shorter). */
  previous?: ReportInterval;
  /** Change against the previous period's interval, as a share (0.1 = +10 %); null when either is unknown or 0. */
  change: number | null;
}

/** Relative change from `before` to `after`; null when either is unknown or `before` is 0. */
export function relativeChange(after: number | null | undefined, before: number | null | undefined): number | null {
  if (after === null || after === undefined || before === null || before === undefined || before === 0) return null;
  return (after - before) / before;
}

/**
 * The rows of the table and chart: each interval with the previous period's interval at the same position
 * (the 3rd day with the 3rd day, January with the previous January's month of the year before).
 */
export function reportRows(current: ReportInterval[], previous: ReportInterval[] | null, now: number): ReportRow[] {
  return current.map((i, n) => {
    const before = previous?.[n];
    const state = intervalState(i, now);
    // Only whole data against whole data: a partial hour or day on either side would pass for a change.
    const comparable = state === 'complete' && before?.complete === true;
    return { ...i, state, previous: before, change: comparable ? relativeChange(i.consumption, before?.consumption) : null };
  });
}

export interface ReportSummary {
  /** Sum of the intervals with data; null when none has any. */
  total: number | null;
  /** Kopecks of the intervals with data (integers, summed exactly); null when nothing is priced. */
  cost: number | null;
  /** Per tariff zone, in zone order. */
  zones: ZoneValue[];
  /** Intervals that are over and have no data. */
  missing: number;
  /** Intervals that are over and have only part of their data. */
  partial: number;
  /** Whether every interval that is over is complete. */
  complete: boolean;
}

const sumOf = (values: Array<number | null>): number | null => {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? round(known.reduce((a, v) => a + v, 0)) : null;
};

/** Rounds away binary noise of summing (0.1 + 0.2): reports carry four decimals. */
const round = (v: number) => Math.round(v * 10_000) / 10_000;

export function summarize(rows: Array<Pick<ReportRow, 'consumption' | 'zones' | 'state' | 'pricedCost'>>): ReportSummary {
  const zoneNames = new Map<number, string>();
  for (const r of rows) for (const z of r.zones) zoneNames.set(z.zone, z.name);
  const zones = [...zoneNames.entries()]
    .sort(([a], [b]) => a - b)
    .map(([zone, name]) => ({
      zone,
      name,
      consumption: sumOf(rows.map((r) => r.zones.find((z) => z.zone === zone)?.consumption ?? null)),
      cost: sumKopecks(rows.map((r) => r.zones.find((z) => z.zone === zone)?.cost)),
    }));
  const missing = rows.filter((r) => r.state === 'missing').length;
  const partial = rows.filter((r) => r.state === 'partial').length;
  return { total: sumOf(rows.map((r) => r.consumption)), cost: sumKopecks(rows.map((r) => r.pricedCost)), zones, missing, partial, complete: missing === 0 && partial === 0 };
}

/**
 * The previous period's total over the same stretch as the current one so far: comparing a month under way
 * with a whole previous month would always look like a saving. `complete`: every interval of the stretch that
 * is over has all its data in both periods — otherwise a change between the totals measures the gap (a year
 * ago the meter was not bound yet; the modem was silent for a day), not the consumption.
 */
export function comparableTotal(rows: ReportRow[]): {
  current: number | null;
  previous: number | null;
  currentCost: number | null;
  previousCost: number | null;
  complete: boolean;
} {
  const over = rows.filter((r) => r.state !== 'future');
  return {
    current: sumOf(over.map((r) => r.consumption)),
    previous: sumOf(over.map((r) => r.previous?.consumption ?? null)),
    currentCost: sumKopecks(over.map((r) => r.pricedCost)),
    previousCost: sumKopecks(over.map((r) => r.previous?.pricedCost)),
    // An interval the previous period does not have (March's 31st against February) is no gap.
    complete: over.every((r) => (r.state === 'complete' || r.state === 'current') && (r.previous === undefined || r.previous.complete)),
  };
}
