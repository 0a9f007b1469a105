/** The data of the power-quality page: the week's compliance report and the series of the chosen period. */
import { fetchQualityReport, fetchSeries } from '$lib/api/readings';
import type { Aggregation, QualityReport, Quantity, Series } from '$lib/api/documents';
import { KeyedData } from '$lib/readings/keyed-data.svelte';
import { daysBetween, type Period } from '$lib/readings/period';

export type { LoadState } from '$lib/readings/keyed-data.svelte';

export const AGGREGATION_STEP_MS: Record<Aggregation, number | null> = { RAW: null, MINUTE: 60_000, TEN_MINUTES: 600_000, HOUR: 3_600_000 };

/** Averagings that suit a period (the API reads at most a month of one-minute rows per series), the default first. */
export function aggregationsFor(period: Period): Aggregation[] {
  const days = daysBetween(period.start, period.end) + 1;
  if (days <= 1) return ['TEN_MINUTES', 'MINUTE', 'HOUR', 'RAW'];
  if (days <= 2) return ['TEN_MINUTES', 'HOUR', 'MINUTE'];
  if (days <= 31) return ['HOUR', 'TEN_MINUTES'];
  return ['HOUR'];
}

export function aggregationFor(period: Period, wanted: string | null): Aggregation {
  const allowed = aggregationsFor(period);
  return allowed.includes(wanted as Aggregation) ? (wanted as Aggregation) : allowed[0];
}

/**
 * Measured share of the week in whole percent, as shown beside a verdict: rounded, but never 100 % while an interval
 * is missing, nor 0 % once one is measured.
 */
export function coveragePercent(measured: number, expected: number): number {
  if (expected <= 0) return 0;
  const percent = Math.round((measured / expected) * 100);
  return measured > 0 && measured < expected ? Math.min(99, Math.max(1, percent)) : percent;
}

/** The quantities of a meter with `phases` phases, in the order the charts show them. */
export function qualityQuantities(phases: number): Quantity[] {
  const per = (name: 'VOLTAGE' | 'CURRENT') => Array.from({ length: Math.max(1, phases) }, (_, i) => `${name}_L${i + 1}` as Quantity);
  return [...per('VOLTAGE'), ...per('CURRENT'), 'FREQUENCY', 'POWER_FACTOR'];
}

export class ComplianceData extends KeyedData {
  report = $state.raw<QualityReport | null>(null);

  async load(meterId: string, weekOf: number, timeZone: string, force = false): Promise<void> {
    const key = JSON.stringify([meterId, weekOf, timeZone]);
    await this.ask(key, force, () => fetchQualityReport(meterId, weekOf, timeZone), (report) => (this.report = report));
  }
}

export class SeriesData extends KeyedData {
  series = $state.raw<Series[]>([]);

  async load(meterId: string, quantities: Quantity[], from: number, to: number, aggregation: Aggregation, force = false): Promise<void> {
    const key = JSON.stringify([meterId, quantities, from, to, aggregation]);
    await this.ask(key, force, () => fetchSeries(meterId, quantities, from, to, aggregation), (series) => (this.series = series));
  }
}
