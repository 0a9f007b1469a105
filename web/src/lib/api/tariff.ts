/** A meter's money: its tariff and cost as of now, the tariff comparison, and the customer's own tariff. */
import { mutate, query } from './connection.js';
import { kopecksOf } from '$lib/format/money';
import {
  METER_COST_QUERY,
  REMOVE_MY_TARIFF_MUTATION,
  SET_MY_TARIFF_MUTATION,
  TARIFF_COMPARISON_QUERY,
  type CostOverview,
  type Tariff,
  type TariffComparison,
  type TariffVersion,
  type TariffVersionInput,
} from './tariff.documents.js';

export type { CostOverview, Tariff, TariffComparison, TariffVersion, TariffVersionInput };

/** The tariff pricing the meter, its cost as of now and the monthly budget set for it (kopecks); null when the meter is not the viewer's. */
export async function fetchMeterCost(meterId: string): Promise<{ tariff: Tariff | null; overview: CostOverview | null; budget: number | null } | null> {
  const meter = (await query(METER_COST_QUERY, { id: meterId })).viewer?.meter;
  return meter ? { tariff: meter.tariff, overview: meter.costOverview, budget: kopecksOf(meter.alertSettings.monthBudget) } : null;
}

/** The last 12 whole months priced under each tariff of the meter's supplier. */
export async function fetchTariffComparison(meterId: string): Promise<TariffComparison | null> {
  return (await query(TARIFF_COMPARISON_QUERY, { id: meterId })).viewer?.meter?.tariffComparison ?? null;
}

export async function setMyTariff(meterId: string, version: TariffVersionInput, name: string | null): Promise<Tariff> {
  return (await mutate(SET_MY_TARIFF_MUTATION, { meterId, version, name })).setMyTariff;
}

export async function removeMyTariff(meterId: string): Promise<boolean> {
  return (await mutate(REMOVE_MY_TARIFF_MUTATION, { meterId })).removeMyTariff;
}
