/**
 * The data of the readings page: the consumption report of the period (and of the previous one, to compare)
 * and the statistics, each keyed by what it asks for (see KeyedData).
 */
import { fetchConsumption, fetchStatistics } from '$lib/api/readings';
import type { QuantityStatistics } from '$lib/api/documents';
import type { ConsumptionInterval } from '$lib/api/documents';
import type { ConsumptionReport } from '$lib/api/readings';
import { kopecksOf } from '$lib/format/money';
import { t } from '$lib/i18n';
import { KeyedData } from '$lib/readings/keyed-data.svelte';
import type { Period, Resolution } from '$lib/readings/period';
import type { ReportInterval } from '$lib/readings/report';

export type { LoadState } from '$lib/readings/keyed-data.svelte';

/** The meter's tariff zones by how many it has (the API names them in Russian; the cabinet in its own language). */
const SCHEMES = { 1: 'SINGLE', 2: 'TWO_ZONE', 3: 'THREE_ZONE' } as const;
const zoneName = (zone: number, zones: number) => t.tariff.card.zone(zone, SCHEMES[zones as 1 | 2 | 3] ?? null);

const toIntervals = (nodes: ConsumptionInterval[]): ReportInterval[] =>
  nodes.map((n) => ({
    from: Date.parse(n.from),
    to: Date.parse(n.to),
    consumption: n.consumption,
    complete: n.complete,
    cost: kopecksOf(n.cost),
    pricedCost: kopecksOf(n.pricedCost),
    zones: n.zones.map((z) => ({ zone: z.zone, name: zoneName(z.zone, n.zones.length), consumption: z.consumption, cost: kopecksOf(z.cost) })),
  }));

export class ConsumptionData extends KeyedData {
  unit = $state('kWh');
  current = $state.raw<ReportInterval[]>([]);
  previous = $state.raw<ReportInterval[] | null>(null);
  /** The tariff the period is priced at (null: the meter has none, and the page says how to get one). */
  tariff = $state.raw<ConsumptionReport['tariff']>(null);
  /** Kopecks of the period's hours with data, fixed monthly charges included. */
  pricedTotalCost = $state<number | null>(null);
  /** What the shown numbers are for (the question may already be a newer one while it loads). */
  shownKey = $state('');

  async load(meterId: string, resolution: Resolution, period: Period, previous: Period | null, timeZone: string): Promise<void> {
    const key = JSON.stringify([meterId, resolution, period.from, period.to, previous?.from ?? null, timeZone]);
    await this.ask(
      key,
      false,
      () =>
        Promise.all([
          fetchConsumption(meterId, resolution, period.from, period.to, timeZone),
          previous ? fetchConsumption(meterId, resolution, previous.from, previous.to, timeZone) : Promise.resolve(null),
        ]),
      ([current, before]) => {
        this.unit = current.unit;
        this.current = toIntervals(current.intervals);
        this.previous = before ? toIntervals(before.intervals) : null;
        this.tariff = current.tariff;
        this.pricedTotalCost = current.pricedTotalCost;
        this.shownKey = key;
      },
    );
  }
}

export class StatisticsData extends KeyedData {
  rows = $state.raw<QuantityStatistics[]>([]);

  /** Statistics of [from, min(to, now)): the part of a period still to come has no gaps to report. */
  async load(meterId: string, from: number, to: number): Promise<void> {
    const key = JSON.stringify([meterId, from, to]);
    if (!this.begin(key, false)) return;
    if (!(to > from)) {
      this.rows = [];
      this.state = { status: 'ready' };
      return;
    }
    await this.answer(key, () => fetchStatistics(meterId, from, to), (rows) => (this.rows = rows));
  }
}
