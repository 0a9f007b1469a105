/**
 * The data of the readings page: the consumption report of the period (and of the previous one, to compare)
 * and the statistics. Each load is keyed by what it asks for; an answer to an older question is dropped, so
 * clicking through periods quickly never shows one period's numbers under another's name.
 */
import { fetchConsumption, fetchStatistics } from '$lib/api/client';
import type { QuantityStatistics } from '$lib/api/documents';
import type { ApiError } from '$lib/api/errors';
import type { ConsumptionInterval } from '$lib/api/documents';
import type { ConsumptionReport } from '$lib/api/readings';
import { kopecksOf } from '$lib/format/money';
import type { Period, Resolution } from '$lib/readings/period';
import type { ReportInterval } from '$lib/readings/report';

export type LoadState = { status: 'loading' } | { status: 'ready' } | { status: 'error'; message: string; code: string };

const toIntervals = (nodes: ConsumptionInterval[]): ReportInterval[] =>
  nodes.map((n) => ({
    from: Date.parse(n.from),
    to: Date.parse(n.to),
    consumption: n.consumption,
    complete: n.complete,
    cost: kopecksOf(n.cost),
    pricedCost: kopecksOf(n.pricedCost),
    zones: n.zones.map((z) => ({ zone: z.zone, name: z.name, consumption: z.consumption, cost: kopecksOf(z.cost) })),
  }));

export class ConsumptionData {
  state = $state<LoadState>({ status: 'loading' });
  unit = $state('kWh');
  current = $state.raw<ReportInterval[]>([]);
  previous = $state.raw<ReportInterval[] | null>(null);
  /** The tariff the period is priced at (null: the meter has none, and the page says how to get one). */
  tariff = $state.raw<ConsumptionReport['tariff']>(null);
  /** Kopecks of the period's hours with data, fixed monthly charges included. */
  pricedTotalCost = $state<number | null>(null);
  /** What the shown numbers are for (the question may already be a newer one while it loads). */
  shownKey = $state('');
  #key = '';

  async load(meterId: string, resolution: Resolution, period: Period, previous: Period | null, timeZone: string): Promise<void> {
    const key = JSON.stringify([meterId, resolution, period.from, period.to, previous?.from ?? null, timeZone]);
    if (key === this.#key && this.state.status !== 'error') return;
    this.#key = key;
    this.state = { status: 'loading' };
    try {
      const [current, before] = await Promise.all([
        fetchConsumption(meterId, resolution, period.from, period.to, timeZone),
        previous ? fetchConsumption(meterId, resolution, previous.from, previous.to, timeZone) : Promise.resolve(null),
      ]);
      if (key !== this.#key) return;
      this.unit = current.unit;
      this.current = toIntervals(current.intervals);
      this.previous = before ? toIntervals(before.intervals) : null;
      this.tariff = current.tariff;
      this.pricedTotalCost = current.pricedTotalCost;
      this.shownKey = key;
      this.state = { status: 'ready' };
    } catch (error) {
      if (key !== this.#key) return;
      const e = error as ApiError;
      this.state = { status: 'error', message: e.message, code: e.code };
    }
  }

  retry(): void {
    this.#key = '';
  }
}

export class StatisticsData {
  state = $state<LoadState>({ status: 'loading' });
  rows = $state.raw<QuantityStatistics[]>([]);
  #key = '';

  /** Statistics of [from, min(to, now)): the part of a period still to come has no gaps to report. */
  async load(meterId: string, from: number, to: number): Promise<void> {
    const key = JSON.stringify([meterId, from, to]);
    if (key === this.#key && this.state.status !== 'error') return;
    this.#key = key;
    if (!(to > from)) {
      this.rows = [];
      this.state = { status: 'ready' };
      return;
    }
    this.state = { status: 'loading' };
    try {
      const rows = await fetchStatistics(meterId, from, to);
      if (key !== this.#key) return;
      this.rows = rows;
      this.state = { status: 'ready' };
    } catch (error) {
      if (key !== this.#key) return;
      const e = error as ApiError;
      this.state = { status: 'error', message: e.message, code: e.code };
    }
  }

  retry(): void {
    this.#key = '';
  }
}
