/** «Расходы в рублях»: the account's money month by month, in the account's time zone. */
import type { Account } from './fragments.js';
import { kopecksOf } from '$lib/format/money';
import { query } from './connection.js';
import { MONTHLY_COSTS_QUERY, type AccountMonthCost, type MeterMonthCost } from './costs.documents.js';

export type { AccountMonthCost, MeterMonthCost };

/** What the summary shows; `months` oldest first, the last one the current month so far. */
export interface MonthlyCosts {
  account: Account & { timeZone: string };
  mustChangePassword: boolean;
  months: AccountMonthCost[];
  /** This month's forecast of each meter with a tariff (null: no whole day of the last seven has data yet). */
  forecasts: Array<{ kopecks: number | null }>;
}

/** The last `months` months of the viewer's costs (default a year); null when signed out. */
export async function fetchMonthlyCosts(months = 12): Promise<MonthlyCosts | null> {
  const viewer = (await query(MONTHLY_COSTS_QUERY, { months })).viewer;
  if (!viewer) return null;
  const forecasts = viewer.meters.flatMap((m) => (m.costOverview ? [{ kopecks: kopecksOf(m.costOverview.forecast) }] : []));
  return { account: viewer.account, mustChangePassword: viewer.mustChangePassword, months: viewer.monthlyCosts, forecasts };
}
