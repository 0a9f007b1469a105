/** A meter's readings: consumption reports, statistics, chart series, power quality and live measurements. */
import { query, watchLive, type LiveWatcher } from './connection.js';
import type { Reading } from './fragments.js';
import type { Aggregation, Quantity, Resolution } from './graphql.js';
import { meterOf } from './meters.js';
import {
  CONSUMPTION_PAGE,
  CONSUMPTION_QUERY,
  LIVE_MEASUREMENT_SUBSCRIPTION,
  METER_READINGS_SUBSCRIPTION,
  QUALITY_REPORT_QUERY,
  SERIES_QUERY,
  STATISTICS_QUERY,
  type ConsumptionInterval,
  type ConsumptionPage,
  type LiveMeasurement,
  type QualityReport,
  type QuantityStatistics,
  type Series,
} from './readings.documents.js';


export interface ConsumptionReport {
  unit: string;
  timeZone: string;
  intervals: ConsumptionInterval[];
  /** The tariff the report is priced at; null when the meter has none (every cost is then null). */
  tariff: ConsumptionPage['tariff'];
  /** Kopecks of the hours with data over the whole period (fixed monthly charges included); null without tariff or data. */
  pricedTotalCost: number | null;
}

/** A whole consumption report over [from, to), page after page. */
export async function fetchConsumption(id: string, resolution: Resolution, from: number, to: number, timeZone: string): Promise<ConsumptionReport> {
  const intervals: ConsumptionInterval[] = [];
  let after: string | null = null;
  for (;;) {
    const variables = { id, resolution, from: new Date(from).toISOString(), to: new Date(to).toISOString(), timeZone, first: CONSUMPTION_PAGE, after };
    const page: ConsumptionPage = meterOf((await query(CONSUMPTION_QUERY, variables)).viewer).consumption;
    intervals.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) {
      return { unit: page.unit, timeZone: page.timeZone, intervals, tariff: page.tariff, pricedTotalCost: page.pricedTotalCost ? Number(page.pricedTotalCost.kopecks) : null };
    }
    after = page.pageInfo.endCursor;
  }
}

export async function fetchStatistics(id: string, from: number, to: number): Promise<QuantityStatistics[]> {
  return meterOf((await query(STATISTICS_QUERY, { id, from: new Date(from).toISOString(), to: new Date(to).toISOString() })).viewer).statistics;
}

export async function fetchSeries(id: string, quantities: Quantity[], from: number, to: number, aggregation: Aggregation): Promise<Series[]> {
  const variables = { id, quantities, from: new Date(from).toISOString(), to: new Date(to).toISOString(), aggregation };
  return meterOf((await query(SERIES_QUERY, variables)).viewer).series;
}

/** The compliance report of the week (Monday to Monday in `timeZone`) containing `weekOf`. */
export async function fetchQualityReport(id: string, weekOf: number, timeZone: string): Promise<QualityReport> {
  return meterOf((await query(QUALITY_REPORT_QUERY, { id, weekOf: new Date(weekOf).toISOString(), timeZone })).viewer).qualityReport;
}
/** Snapshots of an electricity meter after each pack of readings, from `since` (at most 24 hours back). */
export function watchLiveMeasurement(meterId: string, since: string | null, watcher: LiveWatcher<LiveMeasurement>): () => void {
  return watchLive(LIVE_MEASUREMENT_SUBSCRIPTION, { meterId, since }, (d) => ({ value: d.liveMeasurement, time: d.liveMeasurement.time }), watcher);
}

/** Each reading of one meter as it is stored, from `since` (at most 24 hours back). */
export function watchMeterReadings(meterId: string, since: string | null, watcher: LiveWatcher<Reading>): () => void {
  return watchLive(METER_READINGS_SUBSCRIPTION, { meterIds: [meterId], since }, (d) => ({ value: d.readingAdded, time: d.readingAdded.time }), watcher);
}

