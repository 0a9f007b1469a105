import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Float, Info, Int, Resolver, Root } from 'type-graphql';
import { COST_FIELDS, intervalCost, totalCost } from '../tariffs/report-cost.js';
import { selects } from '../schema/connection.js';
import { Meter } from '../devices/meter.entity.js';
import type { Context } from '../composition.js';
import { UserInputError, because } from '../errors/client-errors.js';
import { requireViewer } from '../accounts/guards.js';
import { Quantity, unitOf } from '../readings/quantity.js';
import { Aggregation, QUALITY_QUANTITIES } from '../quality/quality.service.js';
import { Reading } from '../readings/reading.type.js';
import { ConsumptionConnection, QualityReport, QuantityStatistics, Resolution, Series } from './report.types.js';
import { roundReport } from './reports.service.js';
import { rulesFor } from './rollups.service.js';

const cursorOf = (i: number) => Buffer.from(`interval:${i}`).toString('base64url');
const indexOf = (cursor: string) => {
  const m = /^interval:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new UserInputError(because('CURSOR_INVALID'), 'after');
  return Number(m[1]);
};
export const MAX_PAGE = 1000;

@Resolver(() => Meter)
export class ReportResolver {
  @FieldResolver(() => ConsumptionConnection, {
    description:
      'Consumption per interval over [from, to) in `timeZone` (default: the account’s), from the registers (electricity in kWh with tariff zones, water in m³). Missing data is null with complete: false, never 0. A Relay connection: `first` up to 1000 intervals per page after the cursor `after`.',
  })
  async consumption(
    @Root() meter: Meter,
    @Arg('resolution', () => Resolution) resolution: Resolution,
    @Arg('from', () => Date) from: Date,
    @Arg('to', () => Date) to: Date,
    @Arg('timeZone', () => String, { nullable: true }) timeZone: string | null,
    @Arg('first', () => Int, { defaultValue: 100 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConsumptionConnection> {
    const principal = requireViewer(ctx);
    if (first < 1 || first > MAX_PAGE) throw new UserInputError(because('PAGE_SIZE_RANGE', { max: MAX_PAGE }), 'first');
    const access = await ctx.services.access.forViewer(principal, meter);
    // Priced only when the query asks for a cost: a report without money pays nothing for it. The meter's tariff is
    // looked up beside the report's queries (a round trip less on PostgreSQL), then the report's days are priced.
    const priced = selects(info, COST_FIELDS);
    const [report, tariff] = await Promise.all([
      ctx.services.reports.consumption(access, resolution, from, to, timeZone ?? principal.account.timeZone),
      priced ? ctx.services.cost.tariffOf(access.meter, principal.account.id) : null,
    ]);
    const cost = priced ? await ctx.services.cost.reportAt(tariff, access, report, resolution) : null;
    const start = after ? indexOf(after) + 1 : 0;
    const page = report.intervals.slice(start, start + first);
    const known = report.intervals.filter((i) => i.consumption !== null);
    const complete = report.intervals.every((i) => i.complete);
    return {
      edges: page.map((node, i) => {
        const c = intervalCost(cost, start + i, node.complete);
        return { node: { ...node, unit: report.unit, cost: c.cost, pricedCost: c.pricedCost, zones: node.zones.map((z, k) => ({ ...z, cost: c.zonesCost[k] ?? null })) }, cursor: cursorOf(start + i) };
      }),
      ...totalCost(cost, complete),
      pageInfo: {
        hasNextPage: start + first < report.intervals.length,
        hasPreviousPage: start > 0,
        startCursor: page.length ? cursorOf(start) : null,
        endCursor: page.length ? cursorOf(start + page.length - 1) : null,
      },
      totalCount: report.intervals.length,
      total: known.length ? roundReport(known.reduce((a, i) => a + i.consumption!, 0)) : null,
      complete,
      unit: report.unit,
      timeZone: report.timeZone,
    };
  }

  @FieldResolver(() => [QuantityStatistics], {
    description: 'Per quantity over [from, to): count, min / max / average, first and last reading, consumption of registers, and gaps in the data.',
  })
  async statistics(@Root() meter: Meter, @Arg('from', () => Date) from: Date, @Arg('to', () => Date) to: Date, @Ctx() ctx: Context): Promise<QuantityStatistics[]> {
    const principal = requireViewer(ctx);
    const access = await ctx.services.access.forViewer(principal, meter);
    const controller = await ctx.services.access.controllerOf(meter);
    const stats = await ctx.services.reports.statistics(access, from, to, controller?.reportingIntervalS ?? 900);
    const reading = (q: Quantity, r: { time: number; value: number } | null) => (r ? Reading.from({ meterId: meter.id, quantity: q, time: r.time, value: r.value }) : null);
    const out: QuantityStatistics[] = [];
    for (const s of stats) {
      let consumption: number | null = null;
      if (rulesFor(s.quantity)) {
        // The same arithmetic as the reports: one interval spanning the period.
        const single = await ctx.services.reports.consumptionOf(access, s.quantity, from, to);
        consumption = single;
      }
      out.push({ ...s, unit: unitOf(s.quantity), first: reading(s.quantity, s.first), last: reading(s.quantity, s.last), consumption });
    }
    return out;
  }

  @FieldResolver(() => [Series], {
    description: 'Series of quantities over [from, to) at an aggregation (RAW is limited to 20,000 points per series). Network quality: voltage, current, frequency, power factor.',
  })
  async series(
    @Root() meter: Meter,
    @Arg('quantities', () => [Quantity], { defaultValue: QUALITY_QUANTITIES }) quantities: Quantity[],
    @Arg('from', () => Date) from: Date,
    @Arg('to', () => Date) to: Date,
    @Arg('aggregation', () => Aggregation, { defaultValue: Aggregation.TEN_MINUTES }) aggregation: Aggregation,
    @Ctx() ctx: Context,
  ): Promise<Series[]> {
    const access = await ctx.services.access.forViewer(requireViewer(ctx), meter);
    if (quantities.length > 18) throw new UserInputError(because('TOO_MANY_QUANTITIES', { max: 18 }), 'quantities');
    const series = await ctx.services.quality.series(access, quantities, from, to, aggregation);
    return series.map((s) => ({ ...s, unit: unitOf(s.quantity) }));
  }

  @FieldResolver(() => QualityReport, {
    description: 'Weekly supply-quality compliance of an electricity meter (EN 50160, ГОСТ 32144-2013) for the week containing `weekOf`.',
  })
  async qualityReport(
    @Root() meter: Meter,
    @Arg('weekOf', () => Date) weekOf: Date,
    @Arg('timeZone', () => String, { nullable: true }) timeZone: string | null,
    @Arg('nominalVoltage', () => Float, { defaultValue: 230 }) nominalVoltage: number,
    @Ctx() ctx: Context,
  ): Promise<QualityReport> {
    const principal = requireViewer(ctx);
    const access = await ctx.services.access.forViewer(principal, meter);
    return ctx.services.quality.compliance(access, weekOf, timeZone ?? principal.account.timeZone, nominalVoltage);
  }
}
