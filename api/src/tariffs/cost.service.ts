/**
 * Cost of a meter's consumption: which tariff prices it, and that tariff applied to the meter's hours for a report,
 * the live figures (today, month to date, forecast), the account's monthly summary and the tariff comparison. The
 * arithmetic is the pricing engine's (pricing.ts, rules in api/docs/money.md); this service picks the tariff, loads
 * the hours the viewer may see, and adds the engine's intervals up into what each screen asks for.
 *
 * Report intervals longer than a day are the sum of their days (each day's bill lines rounded on their own), so that
 * a month in a report is exactly the sum of its days; a month interval adds the tariff's fixed monthly charge (pro
 * rata by hours when cut by the period), and so does a report's total. Hours are rounded each on their own.
 */
import type { EntityManager } from '@mikro-orm/knex';
import type { MeterAccess } from '../devices/access.service.js';
import { MeterKind } from '../devices/meter-kind.js';
import type { Meter } from '../devices/meter.entity.js';
import { HOUR_MS } from '../readings/registers.js';
import { ZoneClock } from '../readings/zone-clock.js';
import { bucketEdges, Resolution, tariffZone } from '../reports/time-buckets.js';
import { registersOf, spanVisible, type ConsumptionReport, type ReportService } from '../reports/reports.service.js';
import { graphqlEnum, type EnumValue } from '../schema/enum.js';
import { SupplierLink } from '../suppliers/supplier-link.entity.js';
import type { Comparison } from './comparison.js';
import { priceElectricity, priceWater, roundHalfUp, zoneTable, type ElectricityVersion, type PricedInterval, type PricingResult, type Tariff as PricingTariff, type WaterVersion } from './pricing.js';
import { Tariff } from './tariff.entity.js';
import { TariffCache } from './tariff-cache.js';
import type { TariffsService } from './tariffs.service.js';

const SCHEME_OF_ZONES = { 1: 'single', 2: 'two-zone', 3: 'three-zone' } as const;
const ZONES_OF_SCHEME = { single: 1, 'two-zone': 2, 'three-zone': 3 } as const;

export interface IntervalCost {
  /** Kopecks of the whole interval; null when an hour of it has no data (or no tariff version): never 0 for missing. */
  kopecks: number | null;
  /** Kopecks of the hours with data (a lower bound when `kopecks` is null); null when no hour could be priced. */
  pricedKopecks: number | null;
  /** Per meter zone (1-based order), when the tariff's zones are the meter's; else empty. */
  zones: Array<number | null>;
}

export interface ReportCost {
  tariff: Tariff;
  intervals: IntervalCost[];
  total: IntervalCost;
}

export const ForecastMethod = graphqlEnum('ForecastMethod', undefined, {
  LAST_7_DAYS_AVERAGE: 'Month to date, plus the average whole day of the last seven for each day left, plus the fixed monthly charge.',
});
export type ForecastMethod = EnumValue<typeof ForecastMethod>;

export interface CostOverview {
  tariff: Tariff;
  timeZone: string;
  today: IntervalCost;
  monthToDate: IntervalCost;
  /** Null until there is a whole day of data among the last seven. */
  forecastKopecks: number | null;
  forecastMethod: ForecastMethod;
  /** Days of the last seven whole days the forecast's average was taken from (complete days only). */
  forecastDays: number;
  monthStart: number;
  monthEnd: number;
}

export interface AccountMonth {
  from: number;
  to: number;
  electricity: number | null;
  coldWater: number | null;
  hotWater: number | null;
  sewerage: number | null;
  fixed: number;
  total: number | null;
  complete: boolean;
  meters: Array<{ meter: Meter; kopecks: number | null; complete: boolean }>;
}

/** Pro rata of a monthly charge for `hours` of a `fullHours` month, rounded half-up. */
const proRata = (charge: number, hours: number, fullHours: number) => (hours >= fullHours ? charge : Math.floor((2 * charge * hours + fullHours) / (2 * fullHours)));

const addNullable = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);

/** A `updated_at` as the driver returns it (a Date on PostgreSQL, epoch milliseconds or text on SQLite), as text. */
const stampOf = (v: unknown): string => (v instanceof Date ? String(v.getTime()) : String(v ?? ''));

export class CostService {
  constructor(
    private readonly em: EntityManager,
    private readonly reports: ReportService,
    private readonly tariffs: TariffsService,
    private readonly now: () => number = Date.now,
    /** The process's tariffs as loaded (tariff-cache.ts); a fresh one by default (nothing kept between requests). */
    private readonly cache: TariffCache = new TariffCache(),
  ) {}

  /** Active supplier links of a meter (any account's: the meter has one owner at a time). */
  private linksOf(meter: Meter): Promise<SupplierLink[]> {
    return this.em.find(SupplierLink, { meter, unlinkedAt: null }, { populate: ['supplier'], orderBy: { id: 'asc' } });
  }

  /** The supplier's tariffs of the meter's resource, if the meter is linked to a supplier that has any. */
  async supplierTariffsOf(meter: Meter): Promise<Tariff[]> {
    const resource = meter.kind === MeterKind.ELECTRICITY ? 'ELECTRICITY' : 'WATER';
    for (const link of await this.linksOf(meter)) {
      const tariffs = await this.em.find(Tariff, { supplier: link.supplier, resource }, { populate: ['versions'], orderBy: { id: 'asc' } });
      if (tariffs.length) return tariffs;
    }
    return [];
  }

  /** The account's own tariff for the meter, if they entered one. */
  ownTariff(meter: Meter, accountId: number): Promise<Tariff | null> {
    return this.em.findOne(Tariff, { meter, owner: accountId }, { populate: ['versions'] });
  }

  /**
   * What prices the meter: its supplier's tariff (of an electricity supplier, the one whose zones are the meter's:
   * a two-zone meter is billed on the two-zone tariff), else the account's own tariff for it, else none.
   */
  async tariffOf(meter: Meter, accountId: number): Promise<Tariff | null> {
    // One query for which tariffs may apply (the supplier's through an active link, or the account's own) with each
    // one's stamp; the tariffs themselves with their versions come from the process's cache while unchanged.
    const resource = meter.kind === MeterKind.ELECTRICITY ? 'ELECTRICITY' : 'WATER';
    const candidates = await this.em.getConnection().execute<Array<{ id: number; own: number; stamp: unknown; supplier_stamp: unknown }>>(
      `select t.id, 0 as own, l.id as link, t.updated_at as stamp, s.updated_at as supplier_stamp from tariff t join supplier_link l on l.supplier_id = t.supplier_id and l.meter_id = ? and l.unlinked_at is null join supplier s on s.id = t.supplier_id where t.resource = ?
       union all select t.id, 1 as own, 0 as link, t.updated_at as stamp, null as supplier_stamp from tariff t where t.meter_id = ? and t.owner_id = ? order by own, link, id`,
      [meter.id, resource, meter.id, accountId],
    );
    const offered = candidates.filter((c) => !Number(c.own));
    const chosen = [...(offered.length ? offered : candidates.slice(0, 1))].sort((a, b) => Number(a.id) - Number(b.id));
    if (!chosen.length) return null;
    const ids = offered.length ? offered.map((c) => Number(c.id)) : [Number(chosen[0]!.id)];
    const tariffs = await this.cache.load(this.em, chosen.map((c) => Number(c.id)), chosen.map((c) => `${stampOf(c.stamp)}/${stampOf(c.supplier_stamp)}`));
    if (!offered.length) return tariffs[0] ?? null;
    // The tariffs of the first linked supplier; of an electricity supplier, the one whose zones are the meter's.
    const first = tariffs.filter((t) => t.supplier?.id === tariffs.find((x) => x.id === ids[0])?.supplier?.id);
    const wanted = SCHEME_OF_ZONES[Math.max(1, Math.min(3, meter.zones)) as 1 | 2 | 3];
    return first.find((t) => schemeOf(t) === wanted) ?? first[0] ?? null;
  }

  /**
   * The engine's result for the meter's visible hours over [from, to), intervals at `edges` (whole hours spanning
   * [from, to)). With volume tiers the hours from the start of the tariff's month are loaded too (the month's count
   * starts there); their intervals are dropped from the result.
   */
  async price(access: MeterAccess, tariff: Tariff, from: number, to: number, edges: number[]): Promise<{ result: PricingResult; intervals: PricedInterval[] }> {
    const pricing = tariff.toPricing();
    const tiered = tariff.resource === 'ELECTRICITY' && (pricing as PricingTariff<ElectricityVersion>).versions.some((v) => v.tiers.length > 1);
    const seriesFrom = tiered ? Math.min(from, ZoneClock.of(tariff.timeZone).startOfMonth(from)) : from;
    const meter = access.meter;
    const regs = registersOf(meter.kind, meter.zones);
    const rows = await this.reports.hours(meter.id, [regs.total], seriesFrom, to, false);
    const hours = Math.round((to - seriesFrom) / HOUR_MS);
    const values = new Array<number | null>(hours).fill(null);
    for (const r of rows) {
      if (r.consumption === null || !spanVisible(access, r.hour, r.hour + HOUR_MS)) continue;
      const i = (r.hour - seriesFrom) / HOUR_MS;
      if (Number.isInteger(i) && i >= 0 && i < hours) values[i] = r.consumption * regs.scale;
    }
    const allEdges = seriesFrom < from ? [seriesFrom, ...edges] : edges;
    let result: PricingResult;
    if (tariff.resource === 'ELECTRICITY') result = priceElectricity(pricing as PricingTariff<ElectricityVersion>, { from: seriesFrom, values }, hours, { edges: allEdges });
    else result = priceWater(pricing as PricingTariff<WaterVersion>, { from: seriesFrom, [meter.kind === MeterKind.HOT_WATER ? 'hot' : 'cold']: values }, hours, { edges: allEdges });
    return { result, intervals: seriesFrom < from ? result.intervals.slice(1) : result.intervals };
  }

  /** The fixed monthly charges falling into [from, to): each month's charge pro rata by its hours inside. */
  private fixedIn(tariff: Tariff, result: PricingResult, from: number, to: number): number {
    const clock = ZoneClock.of(tariff.timeZone);
    let fixed = 0;
    for (const m of result.months) {
      if (!m.chargeKopecks) continue;
      const start = clock.startOfMonth(m.start);
      const end = clock.nextMonth(start);
      const hours = Math.max(0, Math.min(end, to) - Math.max(start, from)) / HOUR_MS;
      if (hours > 0) fixed += proRata(m.chargeKopecks, hours, (end - start) / HOUR_MS);
    }
    return fixed;
  }

  /**
   * Days priced from the daily rollups (one row a day instead of 24), when that gives exactly what pricing the
   * hours would: whole days of the rollups' zone that the viewer may see whole, a tariff in that zone whose zone
   * hours are the rollups' (the usual ones) and without volume tiers. Null when any of that does not hold.
   */
  private async daysFromRollups(
    access: MeterAccess,
    tariff: Tariff,
    dayEdges: number[],
    timeZone: string,
    read?: ConsumptionReport['days'],
  ): Promise<{ result: PricingResult; intervals: PricedInterval[] } | null> {
    const from = dayEdges[0]!;
    const to = dayEdges[dayEdges.length - 1]!;
    const zone = this.reports.rollupZone;
    if (timeZone !== zone || tariff.timeZone !== zone) return null;
    const versions = tariff.versions.getItems().map((v) => v.toPricing());
    for (const v of versions) {
      if (!('scheme' in v)) continue;
      if (v.tiers.length > 1) return null;
      const table = zoneTable(v);
      const zones = ZONES_OF_SCHEME[v.scheme];
      if (table.some((z, h) => Number(z.slice(1)) !== tariffZone(h, zones))) return null;
    }
    // The report's day edges (local midnights inside; whole days only when its ends are midnights too).
    const clock = ZoneClock.of(zone);
    if (dayEdges.length < 2 || clock.startOfDay(from) !== from || clock.startOfDay(to) !== to) return null;
    const days = dayEdges.slice(1).map((end, i) => [dayEdges[i]!, end] as const);
    if (!days.every(([a, b]) => spanVisible(access, a, b))) return null;
    const meter = access.meter;
    const regs = registersOf(meter.kind, meter.zones);
    // The report being priced has read these rows already: no second query.
    const rows = read && read.from === from && read.to === to ? read.rows : ((await this.reports.days(meter.id, [regs.total], from, to)).get(regs.total) ?? new Map());
    const starts = versions.map((v) => clock.fromWall(Date.parse(`${v.effectiveFrom}T00:00:00Z`)));
    const order = versions.map((_, i) => i).sort((a, b) => starts[a]! - starts[b]!);
    const intervals: PricedInterval[] = [];
    const months: PricedInterval[] = [];
    const toUnits = meter.kind === MeterKind.ELECTRICITY ? 1 : 1000; // Wh stay Wh; m³ → litres
    for (const [start, end] of days) {
      const hours = Math.round((end - start) / HOUR_MS);
      const row = rows.get(start);
      let vi = -1;
      for (const i of order) if (starts[i]! <= start) vi = i;
      const lines: PricedInterval['lines'] = [];
      const byKind: PricedInterval['byKind'] = {};
      let sum = 0;
      const line = (kind: PricedInterval['lines'][0]['kind'], price: number, q: number | null) => {
        if (q === null) return;
        const quantity = Math.round(q * toUnits);
        const exact = quantity * price;
        const kopecks = roundHalfUp(exact);
        lines.push({ kind, version: vi, tier: 0, price, quantity, exact, kopecks });
        const k = (byKind[kind] ??= { quantity: 0, kopecks: 0 });
        k.quantity += quantity;
        k.kopecks += kopecks;
        sum += kopecks;
      };
      const priced = vi >= 0 && row && row.consumption !== null;
      if (priced) {
        const v = versions[vi]!;
        if ('scheme' in v) {
          const prices = v.tiers[0]!.prices;
          if (v.scheme === 'single') line('T1', prices.T1!, row.consumption);
          else (v.scheme === 'two-zone' ? row.z2 : row.z3).forEach((q: number | null, z: number) => line(`T${z + 1}` as 'T1', prices[`T${z + 1}` as 'T1']!, q ?? 0));
        } else {
          line(meter.kind === MeterKind.HOT_WATER ? 'hot' : 'cold', meter.kind === MeterKind.HOT_WATER ? v.hot : v.cold, row.consumption);
          line('sewerage', v.sewerage, row.consumption);
        }
      }
      // Whole only when every hour of the day had its consumption (the report's completeness is the stricter test).
      const complete = !!priced && row.completeHours === row.hours && !row.discontinuity;
      intervals.push({ start, end, hoursExpected: hours, hoursPresent: priced ? (complete ? hours : Math.min(hours, row.completeHours)) : 0, complete, byKind, lines, fixedKopecks: 0, chargeKopecks: 0, kopecks: complete ? sum : null, pricedKopecks: sum });
      // The month's fixed charge: that of the version in force on the month's first priced day.
      const last = months[months.length - 1];
      if (!last || start >= last.end) {
        const monthStart = clock.startOfMonth(start);
        months.push({ start: monthStart, end: clock.nextMonth(monthStart), hoursExpected: 0, hoursPresent: 0, complete: true, byKind: {}, lines: [], fixedKopecks: 0, chargeKopecks: 0, kopecks: 0, pricedKopecks: 0 });
      }
      const m = months[months.length - 1]!;
      if (priced && !m.hoursPresent) {
        m.hoursPresent = 1;
        m.chargeKopecks = versions[vi]!.monthlyChargeKopecks;
      }
    }
    return { result: { intervals, months, total: { kopecks: null, pricedKopecks: 0, hoursExpected: 0, hoursPresent: 0, complete: false } }, intervals };
  }

  /** Cost of each report interval at `edges` (resolution in `timeZone`) and of the whole report. */
  async report(access: MeterAccess, tariff: Tariff, edges: number[], resolution: Resolution, timeZone: string, read?: ConsumptionReport['days']): Promise<ReportCost> {
    const from = edges[0]!;
    const to = edges[edges.length - 1]!;
    const dayEdges = resolution === Resolution.HOUR || resolution === Resolution.DAY ? edges : bucketEdges(from, to, Resolution.DAY, timeZone);
    const { result, intervals: days } = (resolution !== Resolution.HOUR && (await this.daysFromRollups(access, tariff, dayEdges, timeZone, read))) || (await this.price(access, tariff, from, to, dayEdges));
    const zoneKinds = zoneKindsOf(tariff, access.meter);
    const out: IntervalCost[] = [];
    let d = 0;
    for (let i = 0; i + 1 < edges.length; i++) {
      const end = edges[i + 1]!;
      const parts: PricedInterval[] = [];
      while (d < days.length && days[d]!.start < end) parts.push(days[d++]!);
      const cost = sumOf(parts, zoneKinds);
      if (resolution === Resolution.MONTH) {
        const fixed = this.fixedIn(tariff, result, edges[i]!, end);
        if (cost.pricedKopecks !== null) cost.pricedKopecks += fixed;
        if (cost.kopecks !== null) cost.kopecks += fixed;
      }
      out.push(cost);
    }
    const total = sumOf(days, zoneKinds);
    const fixed = this.fixedIn(tariff, result, from, to);
    if (total.kopecks !== null) total.kopecks += fixed;
    if (total.pricedKopecks !== null) total.pricedKopecks += fixed;
    return { tariff, intervals: out, total };
  }

  /**
   * The cost of a consumption report, computed on first call and only then (a report nobody asks the cost of pays
   * nothing for it); null when the meter has no tariff.
   */
  pricingOf(access: MeterAccess, accountId: number, report: ConsumptionReport, resolution: Resolution): () => Promise<ReportCost | null> {
    let memo: Promise<ReportCost | null> | null = null;
    return () => (memo ??= (async () => this.reportAt(await this.tariffOf(access.meter, accountId), access, report, resolution))());
  }

  /** The cost of `report` at `tariff` (looked up beforehand, e.g. beside the report's own queries); null without one. */
  async reportAt(tariff: Tariff | null, access: MeterAccess, report: ConsumptionReport, resolution: Resolution): Promise<ReportCost | null> {
    if (!tariff || !report.intervals.length) return null;
    const edges = [...report.intervals.map((i) => i.from.getTime()), report.intervals[report.intervals.length - 1]!.to.getTime()];
    return this.report(access, tariff, edges, resolution, report.timeZone, report.days);
  }

  /** Today, month to date and a forecast for the month, in the tariff's zone, as of now. */
  async overview(access: MeterAccess, tariff: Tariff): Promise<CostOverview> {
    const clock = ZoneClock.of(tariff.timeZone);
    const now = this.now();
    const hourEnd = Math.ceil(now / HOUR_MS) * HOUR_MS;
    const today = clock.startOfDay(now);
    const monthStart = clock.startOfMonth(now);
    const monthEnd = clock.nextMonth(monthStart);
    // The last seven whole days and this month so far, priced by day in one pass.
    let weekStart = today;
    for (let i = 0; i < 7; i++) weekStart = clock.startOfDay(weekStart - HOUR_MS);
    const from = Math.min(weekStart, monthStart);
    const edges = bucketEdges(from, hourEnd, Resolution.DAY, tariff.timeZone);
    const { result, intervals } = await this.price(access, tariff, from, hourEnd, edges);
    const none = zoneKindsOf(tariff, access.meter);
    // The hour under way is not over: its hours are "so far", so the day and month are judged on the hours that are.
    const todayCost = sumOf(intervals.filter((i) => i.start >= today), none);
    const mtd = sumOf(intervals.filter((i) => i.start >= monthStart), none);
    const week = intervals.filter((i) => i.start >= weekStart && i.end <= today && i.kopecks !== null);
    let forecast: number | null = null;
    if (week.length && mtd.pricedKopecks !== null) {
      const perHour = week.reduce((a, i) => a + i.kopecks!, 0) / week.reduce((a, i) => a + (i.end - i.start) / HOUR_MS, 0);
      const charge = this.fixedIn(tariff, result, monthStart, monthEnd) || this.chargeOf(tariff, monthStart);
      forecast = mtd.pricedKopecks + Math.round(perHour * ((monthEnd - hourEnd) / HOUR_MS)) + charge;
    }
    return { tariff, timeZone: tariff.timeZone, today: todayCost, monthToDate: mtd, forecastKopecks: forecast, forecastMethod: ForecastMethod.LAST_7_DAYS_AVERAGE, forecastDays: week.length, monthStart, monthEnd };
  }

  /** The fixed monthly charge of the version in force at `at` (when the month has no priced hour yet). */
  private chargeOf(tariff: Tariff, at: number): number {
    const clock = ZoneClock.of(tariff.timeZone);
    const v = tariff.versions
      .getItems()
      .filter((x) => clock.fromWall(Date.parse(`${x.effectiveFrom}T00:00:00Z`)) <= at)
      .pop();
    return v?.monthlyChargeKopecks ?? 0;
  }

  /**
   * The account's money month by month over the last `months` months (the current one so far), in `timeZone`:
   * electricity, cold and hot water, sewerage, the fixed charges (each tariff's once a month) and the total.
   */
  async monthly(accesses: MeterAccess[], accountId: number, months: number, timeZone: string): Promise<AccountMonth[]> {
    const clock = ZoneClock.of(timeZone);
    const now = this.now();
    const end = clock.nextMonth(clock.startOfMonth(now));
    let start = clock.startOfMonth(now);
    for (let i = 1; i < months; i++) start = clock.startOfMonth(start - HOUR_MS);
    const edges = bucketEdges(start, end, Resolution.MONTH, timeZone);
    const out: AccountMonth[] = edges.slice(0, -1).map((from, i) => ({ from, to: edges[i + 1]!, electricity: null, coldWater: null, hotWater: null, sewerage: null, fixed: 0, total: null, complete: true, meters: [] }));
    const charged = new Set<string>();
    for (const access of accesses) {
      const tariff = await this.tariffOf(access.meter, accountId);
      if (!tariff) continue;
      const { result, intervals } = await this.price(access, tariff, start, end, bucketEdges(start, end, Resolution.DAY, timeZone));
      let d = 0;
      out.forEach((m) => {
        const parts: PricedInterval[] = [];
        while (d < intervals.length && intervals[d]!.start < m.to) parts.push(intervals[d++]!);
        const future = m.to > now;
        const known = parts.filter((p) => p.start < now);
        const lines = { T: 0, cold: 0, hot: 0, sewerage: 0 };
        let present = 0;
        let complete = true;
        for (const p of known) {
          present += p.hoursPresent || (p.lines.length ? 1 : 0);
          // The day under way counts the hours that are over.
          if (p.kopecks === null && !(p.end > now)) complete = false;
          for (const [kind, v] of Object.entries(p.byKind)) {
            if (kind === 'cold' || kind === 'hot' || kind === 'sewerage') lines[kind] += v!.kopecks;
            else lines.T += v!.kopecks;
          }
        }
        // A tariff's monthly charge once a month, on the first of its meters with data that month.
        const key = `${tariff.id}:${m.from}`;
        let fixed = 0;
        if (present && !charged.has(key)) {
          charged.add(key);
          fixed = this.fixedIn(tariff, result, m.from, Math.min(m.to, Math.max(m.from, now)));
        }
        const meterKopecks = present ? lines.T + lines.cold + lines.hot + lines.sewerage + fixed : null;
        m.meters.push({ meter: access.meter, kopecks: meterKopecks, complete: complete && !future });
        if (!present) return;
        if (access.meter.kind === MeterKind.ELECTRICITY) m.electricity = (m.electricity ?? 0) + lines.T;
        else {
          if (access.meter.kind === MeterKind.HOT_WATER) m.hotWater = (m.hotWater ?? 0) + lines.hot;
          else m.coldWater = (m.coldWater ?? 0) + lines.cold;
          m.sewerage = (m.sewerage ?? 0) + lines.sewerage;
        }
        m.fixed += fixed;
        m.complete &&= complete;
      });
    }
    for (const m of out) {
      const parts = [m.electricity, m.coldWater, m.hotWater, m.sewerage].filter((v): v is number => v !== null);
      m.total = parts.length ? parts.reduce((a, v) => a + v, 0) + m.fixed : null;
      if (m.to > now) m.complete = false;
      if (m.total === null) m.complete = false;
    }
    return out;
  }

  /**
   * The meter's hours over [from, to) priced under each candidate electricity tariff (month by month), the
   * saving against `current`, and how complete the data was.
   */
  async compare(access: MeterAccess, candidates: Tariff[], current: Tariff | null, from: number, to: number): Promise<Comparison> {
    // From the daily rollups when every candidate can be priced from them (365 rows instead of 8,760 hours).
    await this.reports.refreshRollups(access.meter.id);
    const zone = this.reports.rollupZone;
    const edges = bucketEdges(from, to, Resolution.DAY, zone);
    const dayEdges = edges[0] === from && edges[edges.length - 1] === to ? edges : [];
    const byDays = await Promise.all(candidates.map((c) => this.daysFromRollups(access, c, dayEdges, zone)));
    if (candidates.length && byDays.every(Boolean)) return this.compareDays(candidates, byDays.map((d) => d!.intervals), current, from, to, zone);
    const meter = access.meter;
    const regs = registersOf(meter.kind, meter.zones);
    const rows = (await this.reports.hours(meter.id, [regs.total], from, to))
      .filter((r) => spanVisible(access, r.hour, r.hour + HOUR_MS))
      .map((r) => ({ hour: r.hour, consumption: r.consumption === null ? null : r.consumption * regs.scale }));
    return this.tariffs.compare(candidates, rows, from, to, current?.id ?? null);
  }

  /** The comparison from days priced by each candidate: months are the sums of their days (as in the reports). */
  private compareDays(candidates: Tariff[], days: PricedInterval[][], current: Tariff | null, from: number, to: number, zone: string): Comparison {
    const edges = bucketEdges(from, to, Resolution.MONTH, zone);
    const hoursExpected = Math.round((to - from) / HOUR_MS);
    const costs = candidates.map((c, k) => {
      let d = 0;
      const list = days[k]!;
      const months = edges.slice(0, -1).map((start, i) => {
        const end = edges[i + 1]!;
        const parts: PricedInterval[] = [];
        while (d < list.length && list[d]!.start < end) parts.push(list[d++]!);
        const sum = sumOf(parts, []);
        const expected = Math.round((end - start) / HOUR_MS);
        const present = parts.reduce((a, p) => a + p.hoursPresent, 0);
        return { start, end, hoursExpected: expected, hoursPresent: present, complete: sum.kopecks !== null, byKind: {}, lines: [], fixedKopecks: 0, chargeKopecks: 0, kopecks: sum.kopecks, pricedKopecks: sum.pricedKopecks ?? 0 } satisfies PricedInterval;
      });
      const total = sumOf(list, []);
      return { id: String(c.id), scheme: schemeOf(c), kopecks: total.kopecks, pricedKopecks: total.pricedKopecks ?? 0, savingKopecks: null as number | null, months };
    });
    const base = costs.find((c) => c.id === String(current?.id))?.pricedKopecks ?? null;
    for (const c of costs) c.savingKopecks = base === null ? null : base - c.pricedKopecks;
    const hoursPresent = days[0]!.reduce((a, p) => a + p.hoursPresent, 0);
    const cheapest = hoursPresent === 0 ? null : costs.reduce((best, c) => (c.pricedKopecks < best.pricedKopecks ? c : best)).id;
    return { from, to, hoursExpected, hoursPresent, completeness: hoursExpected ? hoursPresent / hoursExpected : 0, candidates: costs, cheapest, current: current ? String(current.id) : null };
  }
}

/** The scheme of a tariff's latest version (null for water). */
export function schemeOf(tariff: Tariff): ElectricityVersion['scheme'] | null {
  const latest = tariff.versions.getItems().reduce<Tariff['versions'] extends { getItems(): Array<infer V> } ? V | null : never>((a, v) => (!a || v.effectiveFrom > a.effectiveFrom ? v : a), null);
  return latest?.scheme ?? null;
}

/** The line kinds of the meter's zones, when the tariff's zones are the meter's (T1…Tn); else none. */
function zoneKindsOf(tariff: Tariff, meter: Meter): Array<'T1' | 'T2' | 'T3'> {
  const scheme = schemeOf(tariff);
  if (!scheme || meter.zones < 2 || ZONES_OF_SCHEME[scheme] !== meter.zones) return [];
  return (['T1', 'T2', 'T3'] as const).slice(0, meter.zones);
}

function sumOf(parts: PricedInterval[], zoneKinds: Array<'T1' | 'T2' | 'T3'>): IntervalCost {
  let kopecks: number | null = parts.length ? 0 : null;
  let priced = 0;
  let present = false;
  const zones: Array<number | null> = zoneKinds.map(() => 0);
  for (const p of parts) {
    kopecks = addNullable(kopecks, p.kopecks === null ? null : p.kopecks - p.fixedKopecks);
    priced += p.pricedKopecks - p.fixedKopecks;
    present ||= p.hoursPresent > 0 || p.lines.length > 0;
    zoneKinds.forEach((k, z) => (zones[z] = addNullable(zones[z]!, p.kopecks === null ? null : (p.byKind[k]?.kopecks ?? 0))));
  }
  return { kopecks, pricedKopecks: present ? priced : null, zones: zones.map((z) => (parts.length ? z : null)) };
}
