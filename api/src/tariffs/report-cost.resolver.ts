/**
 * Cost beside consumption in the reports: fields of the report's intervals, zones and totals, priced once per report
 * and only when one of them is asked for (cost.service.ts `pricingOf`). Rules: api/docs/money.md.
 */
import { FieldResolver, Resolver, Root } from 'type-graphql';
import { ConsumptionConnection, ConsumptionInterval, ZoneConsumption } from '../reports/report.types.js';
import { Money, money } from './money.js';
import { Tariff } from './tariff.entity.js';

@Resolver(() => ConsumptionInterval)
export class IntervalCostResolver {
  @FieldResolver(() => Money, {
    nullable: true,
    description:
      'Cost of the interval at the meter’s tariff (months include the fixed monthly charge). Null when the interval is not complete or an hour of it has no price — never 0 for missing data — or the meter has no tariff.',
  })
  async cost(@Root() i: ConsumptionInterval): Promise<Money | null> {
    // An incomplete interval (a gap the rollups estimated across, an hour not visible) has no exact cost either.
    if (!i.complete) return null;
    return money((await i.pricing?.report())?.intervals[i.pricing!.interval]?.kopecks ?? null);
  }

  @FieldResolver(() => Money, { nullable: true, description: 'Cost of the hours with data: equals `cost` when complete, a lower bound otherwise; null without data or tariff.' })
  async pricedCost(@Root() i: ConsumptionInterval): Promise<Money | null> {
    return money((await i.pricing?.report())?.intervals[i.pricing!.interval]?.pricedKopecks ?? null);
  }
}

@Resolver(() => ZoneConsumption)
export class ZoneCostResolver {
  @FieldResolver(() => Money, { nullable: true, description: 'Cost of the zone’s consumption, when the meter’s tariff has the meter’s zones; null otherwise or when an hour is missing.' })
  async cost(@Root() z: ZoneConsumption): Promise<Money | null> {
    const p = z.pricing;
    if (p && !p.complete) return null;
    return money((await p?.report())?.intervals[p!.interval]?.zones[p!.zone] ?? null);
  }
}

@Resolver(() => ConsumptionConnection)
export class ConnectionCostResolver {
  @FieldResolver(() => Money, { nullable: true, description: 'Cost of the whole report (all pages, fixed monthly charges pro rata); null when an hour is missing or without a tariff.' })
  async totalCost(@Root() c: ConsumptionConnection): Promise<Money | null> {
    if (!c.complete) return null;
    return money((await c.pricing?.())?.total.kopecks ?? null);
  }

  @FieldResolver(() => Money, { nullable: true, description: 'Cost of the hours with data over the whole report.' })
  async pricedTotalCost(@Root() c: ConsumptionConnection): Promise<Money | null> {
    return money((await c.pricing?.())?.total.pricedKopecks ?? null);
  }

  @FieldResolver(() => Tariff, { nullable: true, description: 'The tariff the report is priced at; null when the meter has none (then every cost is null).' })
  async tariff(@Root() c: ConsumptionConnection): Promise<Tariff | null> {
    return ((await c.pricing?.())?.tariff as Tariff | undefined) ?? null;
  }
}
