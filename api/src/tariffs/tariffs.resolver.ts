import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireOperator, requireViewer } from '../accounts/guards.js';
import { Viewer } from '../accounts/viewer.resolver.js';
import type { Context } from '../composition.js';
import { MeterKind } from '../devices/meter-kind.js';
import { Meter } from '../devices/meter.entity.js';
import { ForbiddenError, UserInputError, because } from '../errors/client-errors.js';
import { HOUR_MS } from '../readings/registers.js';
import { ZoneClock } from '../readings/zone-clock.js';
import { isTimeZone } from '../reports/time-buckets.js';
import { schemeOf } from './cost.service.js';
import { money } from './money.js';
import { Tariff } from './tariff.entity.js';
import {
  AccountMonthCost,
  CostOverview,
  TariffComparison,
  TariffResource,
  TariffScheme,
  TariffVersion,
  TariffVersionInput,
  versionSpec,
  versionView,
} from './tariffs.types.js';

/** A comparison covers at most this many days (a year and a bit: 12 months plus the days around them). */
export const MAX_COMPARISON_DAYS = 400;
export const MAX_SUMMARY_MONTHS = 36;

@Resolver(() => Tariff)
export class TariffsResolver {
  @Query(() => [Tariff], { description: 'A supplier’s tariffs (what its customers may be billed at).' })
  async supplierTariffs(@Arg('supplierId', () => ID) supplierId: string, @Ctx() ctx: Context): Promise<Tariff[]> {
    requireViewer(ctx);
    return ctx.services.tariffs.supplierTariffs(await ctx.services.suppliers.get(Number(supplierId)));
  }

  @Mutation(() => Tariff, { description: 'Operators: a new tariff of a supplier with its first version.' })
  async createTariff(
    @Arg('supplierId', () => ID) supplierId: string,
    @Arg('resource', () => TariffResource) resource: TariffResource,
    @Arg('name', () => String) name: string,
    @Arg('version', () => TariffVersionInput) version: TariffVersionInput,
    @Ctx() ctx: Context,
  ): Promise<Tariff> {
    requireOperator(ctx);
    const supplier = await ctx.services.suppliers.get(Number(supplierId));
    const spec = versionSpec(version, resource);
    return ctx.services.tariffs.createForSupplier(supplier, resource, name, new Date(), spec);
  }

  @Mutation(() => Tariff, { description: 'Operators: renames a supplier’s tariff.' })
  renameTariff(@Arg('id', () => ID) id: string, @Arg('name', () => String) name: string, @Ctx() ctx: Context): Promise<Tariff> {
    requireOperator(ctx);
    return ctx.services.tariffs.rename(Number(id), name, new Date());
  }

  @Mutation(() => Tariff, {
    description: 'Operators: new prices of a supplier’s tariff from a date (a version on an existing date replaces it). Hours before the date keep their prices: past costs never change.',
  })
  async addTariffVersion(@Arg('tariffId', () => ID) tariffId: string, @Arg('version', () => TariffVersionInput) version: TariffVersionInput, @Ctx() ctx: Context): Promise<Tariff> {
    requireOperator(ctx);
    const tariff = await ctx.services.tariffs.get(Number(tariffId));
    return ctx.services.tariffs.addVersion(tariff.id, versionSpec(version, tariff.resource as TariffResource), new Date());
  }

  @Mutation(() => Tariff, {
    description:
      'Customers: your own tariff for a meter that is not billed at a supplier’s tariff — made on the first call, then a new version per call (a version on an existing date replaces it).',
  })
  async setMyTariff(
    @Arg('meterId', () => ID) meterId: string,
    @Arg('version', () => TariffVersionInput) version: TariffVersionInput,
    @Arg('name', () => String, { nullable: true }) name: string | null,
    @Ctx() ctx: Context,
  ): Promise<Tariff> {
    const principal = requireViewer(ctx);
    const access = await ctx.services.access.accessTo(principal.account, Number(meterId));
    if (!access) throw new ForbiddenError(because('METER_FORBIDDEN'));
    if ((await ctx.services.cost.supplierTariffsOf(access.meter)).length) throw new UserInputError(because('TARIFF_FROM_SUPPLIER'), 'meterId');
    const resource = access.meter.kind === MeterKind.ELECTRICITY ? TariffResource.ELECTRICITY : TariffResource.WATER;
    const spec = versionSpec(version, resource);
    return ctx.services.tariffs.setOwn(principal.account.id, access.meter, resource, name, principal.account.timeZone, spec, new Date());
  }

  @Mutation(() => Boolean, { description: 'Customers: removes your own tariff of a meter; false when there was none.' })
  async removeMyTariff(@Arg('meterId', () => ID) meterId: string, @Ctx() ctx: Context): Promise<boolean> {
    const principal = requireViewer(ctx);
    const access = await ctx.services.access.accessTo(principal.account, Number(meterId));
    if (!access) throw new ForbiddenError(because('METER_FORBIDDEN'));
    return ctx.services.tariffs.removeOwn(principal.account.id, access.meter);
  }

  @FieldResolver(() => TariffResource)
  resource(@Root() t: Tariff): TariffResource {
    return t.resource as TariffResource;
  }

  @FieldResolver(() => Boolean, { description: 'A customer’s own tariff (not a supplier’s).' })
  own(@Root() t: Tariff): boolean {
    return t.supplier === null;
  }

  @FieldResolver(() => TariffScheme, { nullable: true, description: 'Electricity: the scheme of the latest version.' })
  scheme(@Root() t: Tariff): TariffScheme | null {
    return schemeOf(t) as TariffScheme | null;
  }

  @FieldResolver(() => [TariffVersion], { description: 'Oldest first.' })
  async versions(@Root() t: Tariff): Promise<TariffVersion[]> {
    if (!t.versions.isInitialized()) await t.versions.init();
    return [...t.versions.getItems()].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1)).map(versionView);
  }
}

/** Default comparison period: the last 12 whole months in the tariff's zone. */
function lastTwelveMonths(zone: string, now: number): { from: number; to: number } {
  const clock = ZoneClock.of(zone);
  const to = clock.startOfMonth(now);
  let from = to;
  for (let i = 0; i < 12; i++) from = clock.startOfMonth(from - HOUR_MS);
  return { from, to };
}

@Resolver(() => Meter)
export class MeterCostResolver {
  @FieldResolver(() => Tariff, { nullable: true, description: 'The tariff that prices this meter: its supplier’s, or your own; null without one.' })
  async tariff(@Root() meter: Meter, @Ctx() ctx: Context): Promise<Tariff | null> {
    const principal = requireViewer(ctx);
    await ctx.services.access.forViewer(principal, meter);
    return ctx.services.cost.tariffOf(meter, principal.account.id);
  }

  @FieldResolver(() => CostOverview, { nullable: true, description: 'Cost today, this month so far and the month’s forecast; null without a tariff.' })
  async costOverview(@Root() meter: Meter, @Ctx() ctx: Context): Promise<CostOverview | null> {
    const principal = requireViewer(ctx);
    const access = await ctx.services.access.forViewer(principal, meter);
    const tariff = await ctx.services.cost.tariffOf(meter, principal.account.id);
    if (!tariff) return null;
    await ctx.services.rollups.process(meter.id);
    const o = await ctx.services.cost.overview(access, tariff);
    return {
      tariff,
      today: money(o.today.pricedKopecks),
      monthToDate: money(o.monthToDate.pricedKopecks),
      monthToDateComplete: o.monthToDate.pricedKopecks !== null && o.monthToDate.kopecks !== null,
      forecast: money(o.forecastKopecks),
      forecastMethod: o.forecastMethod,
      forecastDays: o.forecastDays,
      monthStart: new Date(o.monthStart),
      monthEnd: new Date(o.monthEnd),
      timeZone: o.timeZone,
    };
  }

  @FieldResolver(() => TariffComparison, {
    description:
      'Electricity: the meter’s own hours over [from, to) (default: the last 12 whole months) priced under each tariff of its supplier — single-rate, two- and three-zone — with the saving against the current one and how complete the data was. Without a supplier, your own tariff alone.',
  })
  async tariffComparison(
    @Root() meter: Meter,
    @Arg('from', () => Date, { nullable: true }) from: Date | null,
    @Arg('to', () => Date, { nullable: true }) to: Date | null,
    @Ctx() ctx: Context,
  ): Promise<TariffComparison> {
    const principal = requireViewer(ctx);
    const access = await ctx.services.access.forViewer(principal, meter);
    if (meter.kind !== MeterKind.ELECTRICITY) throw new UserInputError(because('TARIFF_ELECTRICITY_ONLY'));
    const offered = await ctx.services.cost.supplierTariffsOf(meter);
    const current = await ctx.services.cost.tariffOf(meter, principal.account.id);
    const candidates = offered.length ? offered : current ? [current] : [];
    const zone = current?.timeZone ?? principal.account.timeZone;
    const period = lastTwelveMonths(isTimeZone(zone) ? zone : 'Europe/Moscow', Date.now());
    const f = from ? Math.floor(from.getTime() / HOUR_MS) * HOUR_MS : period.from;
    const t = to ? Math.ceil(to.getTime() / HOUR_MS) * HOUR_MS : period.to;
    if (!(t > f)) throw new UserInputError(because('PERIOD_END_BEFORE_START'), 'to');
    if (t - f > MAX_COMPARISON_DAYS * 24 * HOUR_MS) throw new UserInputError(because('COMPARISON_PERIOD_TOO_LONG', { maxDays: MAX_COMPARISON_DAYS }), 'from');
    const c = await ctx.services.cost.compare(access, candidates, current, f, t);
    const byId = new Map(candidates.map((x) => [String(x.id), x]));
    return {
      from: new Date(c.from),
      to: new Date(c.to),
      hoursExpected: c.hoursExpected,
      hoursPresent: c.hoursPresent,
      completeness: c.completeness,
      current,
      cheapest: c.cheapest ? byId.get(c.cheapest)! : null,
      candidates: c.candidates.map((x) => ({
        tariff: byId.get(x.id)!,
        scheme: x.scheme as TariffScheme | null,
        cost: money(x.kopecks),
        pricedCost: money(x.pricedKopecks),
        saving: money(x.savingKopecks),
        months: x.months.map((m) => ({ from: new Date(m.start), to: new Date(m.end), cost: money(m.kopecks), pricedCost: money(m.pricedKopecks), complete: m.complete })),
      })),
    };
  }
}

@Resolver(() => Viewer)
export class ViewerCostResolver {
  @FieldResolver(() => [AccountMonthCost], {
    description: 'The account’s money month by month (oldest first, the current month so far) across all its meters: electricity, cold and hot water, sewerage, fixed charges.',
  })
  async monthlyCosts(
    @Root() viewer: Viewer,
    @Arg('months', () => Int, { defaultValue: 12 }) months: number,
    @Arg('timeZone', () => String, { nullable: true }) timeZone: string | null,
    @Ctx() ctx: Context,
  ): Promise<AccountMonthCost[]> {
    if (months < 1 || months > MAX_SUMMARY_MONTHS) throw new UserInputError(because('SUMMARY_MONTHS_RANGE', { max: MAX_SUMMARY_MONTHS }), 'months');
    const zone = timeZone ?? viewer.account.timeZone;
    if (!isTimeZone(zone)) throw new UserInputError(because('TIME_ZONE_UNKNOWN'), 'timeZone');
    const accesses = await ctx.services.access.metersOf(viewer.account);
    for (const a of accesses) await ctx.services.rollups.process(a.meter.id);
    const rows = await ctx.services.cost.monthly(accesses, viewer.account.id, months, zone);
    return rows.map((m) => ({
      from: new Date(m.from),
      to: new Date(m.to),
      electricity: money(m.electricity),
      coldWater: money(m.coldWater),
      hotWater: money(m.hotWater),
      sewerage: money(m.sewerage),
      fixedCharges: money(m.fixed),
      total: money(m.total),
      complete: m.complete,
      meters: m.meters.map((x) => ({ meter: x.meter, cost: money(x.kopecks), complete: x.complete })),
    }));
  }
}
