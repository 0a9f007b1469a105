/**
 * "Which electricity tariff is cheaper for me?": the same hours priced under several tariffs (usually the supplier's
 * single-rate, two-zone and three-zone ones). Pure, like pricing.ts. Missing hours are missing under every tariff, so
 * the candidates are compared on the hours present (`pricedKopecks`), and the share of hours present is reported
 * beside the answer; `kopecks` stays null unless the data is complete.
 */
import { priceElectricity, type ElectricityVersion, type HourlySeries, type PricingResult, type Scheme, type Tariff } from './pricing.js';

export interface Candidate {
  /** The caller's id for the tariff (a tariff id, or 'single' / 'two-zone' / 'three-zone'). */
  id: string;
  tariff: Tariff<ElectricityVersion>;
}

export interface CandidateCost {
  id: string;
  /** Scheme of the version in force at the end of the period (the tariff as it is offered now). */
  scheme: Scheme | null;
  kopecks: number | null;
  pricedKopecks: number;
  /** current.pricedKopecks − this.pricedKopecks: positive = this tariff would have been cheaper. Null without a current tariff. */
  savingKopecks: number | null;
  months: PricingResult['months'];
}

export interface Comparison {
  from: number;
  to: number;
  hoursExpected: number;
  hoursPresent: number;
  /** hoursPresent / hoursExpected, 0…1 (for display; not money). */
  completeness: number;
  candidates: CandidateCost[];
  /** Id of the cheapest candidate on the hours present; null when nothing was priced. */
  cheapest: string | null;
  current: string | null;
}

export function compareTariffs(series: HourlySeries, hours: number, candidates: Candidate[], current: string | null): Comparison {
  const priced = candidates.map((c) => ({ c, r: priceElectricity(c.tariff, series, hours, 'month') }));
  const base = priced.find((p) => p.c.id === current)?.r.total.pricedKopecks ?? null;
  const hoursPresent = priced[0]?.r.total.hoursPresent ?? 0;
  const costs: CandidateCost[] = priced.map(({ c, r }) => {
    const end = series.from + hours * 3_600_000;
    const inForce = [...c.tariff.versions].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1)).filter((v) => Date.parse(`${v.effectiveFrom}T00:00:00Z`) < end + 86_400_000).pop();
    return { id: c.id, scheme: inForce?.scheme ?? null, kopecks: r.total.kopecks, pricedKopecks: r.total.pricedKopecks, savingKopecks: base === null ? null : base - r.total.pricedKopecks, months: r.months };
  });
  const cheapest = hoursPresent === 0 ? null : costs.reduce<CandidateCost | null>((best, c) => (best === null || c.pricedKopecks < best.pricedKopecks ? c : best), null)?.id ?? null;
  return {
    from: series.from,
    to: series.from + hours * 3_600_000,
    hoursExpected: hours,
    hoursPresent,
    completeness: hours === 0 ? 0 : hoursPresent / hours,
    candidates: costs,
    cheapest,
    current,
  };
}
