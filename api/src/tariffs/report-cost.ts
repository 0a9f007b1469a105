/**
 * Cost beside consumption in the reports: the report resolver prices a report once (cost.service.ts `pricingOf`),
 * only when the query selects a cost field, and puts plain values on its intervals, zones and totals. Rules:
 * api/docs/money.md. An incomplete interval has no exact cost (`cost` null); `pricedCost` is its hours with data.
 */
import type { ReportCost } from './cost.service.js';
import { money, type Money } from './money.js';
import type { Tariff } from './tariff.entity.js';

export const COST_FIELDS = new Set(['cost', 'pricedCost', 'totalCost', 'pricedTotalCost', 'tariff']);

export function intervalCost(cost: ReportCost | null, index: number, complete: boolean): { cost: Money | null; pricedCost: Money | null; zonesCost: Array<Money | null> } {
  const c = cost?.intervals[index];
  return {
    cost: complete ? money(c?.kopecks ?? null) : null,
    pricedCost: money(c?.pricedKopecks ?? null),
    zonesCost: c?.zones.map((z) => (complete ? money(z) : null)) ?? [],
  };
}

export function totalCost(cost: ReportCost | null, complete: boolean): { totalCost: Money | null; pricedTotalCost: Money | null; tariff: Tariff | null } {
  return {
    totalCost: complete ? money(cost?.total.kopecks ?? null) : null,
    pricedTotalCost: money(cost?.total.pricedKopecks ?? null),
    tariff: cost?.tariff ?? null,
  };
}
