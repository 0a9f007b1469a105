/**
 * Consumption reports and statistics for a period, from the hourly rollups, limited to the hours the viewer
 * may see (wholly inside one of their binding periods: privacy by period is never traded for an edge hour).
 */
import type { EntityManager } from '@mikro-orm/knex';
import { selectRows } from '../db/raw.js';
import { visibleAt, type MeterAccess } from '../devices/access.service.js';
import { MeterKind } from '../devices/meter-kind.js';
import { UserInputError, because } from '../errors/client-errors.js';
import { QUANTITIES, type Quantity } from '../readings/quantity.js';
import { HOUR_MS } from '../readings/registers.js';
import { daysOverlapping, hourRowOf, type DayRow, type HourRow as HourRollup, type RollupService } from './rollups.service.js';
import { bucketEdges, isTimeZone, localHourOf, Resolution, tariffZone, ZONE_NAMES } from './time-buckets.js';

/** An hourly rollup row of one quantity. */
export interface HourRow extends HourRollup {
  quantity: string;
}

export interface ZoneValue {
  zone: number;
  name: string;
  consumption: number | null;
}

export interface Interval {
  from: Date;
  to: Date;
  consumption: number | null;
  zones: ZoneValue[];
  complete: boolean;
}

export interface ConsumptionReport {
  unit: string;
  timeZone: string;
  intervals: Interval[];
  /** The total register's daily rollup rows the report read, and the whole days [from, to) they cover (for pricing the same days). */
  days?: { from: number; to: number; rows: Map<number, DayRow> };
}

/** Intervals per report: an hourly report over a year is paged (Relay connection), never one huge list. */
export const MAX_INTERVALS = 10_000;

const toMs = (v: Date | number | string) => new Date(v).getTime();
/** Sums of floating-point parts are rounded to a millionth of the unit (1 Wh in kWh, 1 ml in m³): no 0.9999999999999996. */
export const roundReport = (v: number | null): number | null => (v === null ? null : Math.round(v * 1e6) / 1e6);
const ALL_QUANTITIES = Object.keys(QUANTITIES);

/** What a report of this meter counts: electricity in kWh from the energy registers, water in m³. */
export function registersOf(kind: MeterKind, zones: number): { total: string; zones: string[]; unit: string; scale: number } {
  if (kind === MeterKind.ELECTRICITY) {
    return { total: 'energy', zones: zones > 1 ? ['energy_t1', 'energy_t2', 'energy_t3'].slice(0, zones) : [], unit: 'kWh', scale: 1 / 1000 };
  }
  return { total: 'volume', zones: [], unit: 'm3', scale: 1 };
}

/** The whole span [from, to) lies inside one binding period of the viewer's. */
export function spanVisible(access: MeterAccess, from: number, to: number): boolean {
  return access.periods.some((p) => from >= p.from && (p.to === null || to <= p.to));
}

const hourVisible = (access: MeterAccess, hour: number) => spanVisible(access, hour, hour + HOUR_MS);

export class ReportService {
  constructor(
    private readonly em: EntityManager,
    private readonly rollups: RollupService,
  ) {}

  async hours(meterId: number, quantities: string[], from: number, to: number, process = true): Promise<HourRow[]> {
    if (process) await this.rollups.process(meterId);
    if (!quantities.length) return [];
    const platform = this.em.getPlatform();
    const rows = await selectRows(
      this.em,
      `select quantity, hour, count, sum, min, max, consumption, covered_ms, discontinuity from reading_hour
       where meter_id = ? and quantity in (${quantities.map(() => '?').join(',')}) and hour >= ? and hour < ? order by hour`,
      [meterId, ...quantities, platform.processDateProperty(new Date(from)), platform.processDateProperty(new Date(to))],
    );
    return rows.map((r) => ({ quantity: r.quantity as string, ...hourRowOf(r) }));
  }

  /** Brings the meter's hourly and daily rollups up to date with its readings. */
  async refreshRollups(meterId: number): Promise<void> {
    await this.rollups.process(meterId);
  }

  /** The zone of the daily rollups' days (REPORT_TIME_ZONE). */
  get rollupZone(): string {
    return this.rollups.zone;
  }

  /** Daily rows of the given quantities for whole days [from, to) of the rollups' zone. */
  async days(meterId: number, quantities: string[], from: number, to: number): Promise<Map<string, Map<number, DayRow>>> {
    const platform = this.em.getPlatform();
    const rows = await selectRows(
      this.em,
      `select quantity, day, hours, count, sum, min, max, consumption, complete_hours, discontinuity, z2_1, z2_2, z3_1, z3_2, z3_3 from reading_day
       where meter_id = ? and quantity in (${quantities.map(() => '?').join(',')}) and zone = ? and day >= ? and day < ?`,
      [meterId, ...quantities, this.rollups.zone, platform.processDateProperty(new Date(from)), platform.processDateProperty(new Date(to))],
    );
    const n = (v: unknown) => (v === null ? null : Number(v));
    const out = new Map<string, Map<number, DayRow>>();
    for (const r of rows) {
      let m = out.get(r.quantity as string);
      if (!m) out.set(r.quantity as string, (m = new Map()));
      const day = toMs(r.day as Date);
      m.set(day, {
        day,
        hours: Number(r.hours),
        count: Number(r.count),
        sum: n(r.sum),
        min: n(r.min),
        max: n(r.max),
        consumption: n(r.consumption),
        completeHours: Number(r.complete_hours),
        discontinuity: !!r.discontinuity,
        z2: [n(r.z2_1), n(r.z2_2)],
        z3: [n(r.z3_1), n(r.z3_2), n(r.z3_3)],
      });
    }
    return out;
  }

  /**
   * Consumption per interval of `resolution` over [from, to) in `timeZone`. An interval without data is null
   * and incomplete, never 0; it is complete only when every hour of it is visible to the viewer, covered by
   * readings at most an hour apart, and free of register resets. Multi-zone meters get per-zone values: from
   * their zone registers when they report them, else by splitting the total at the zone hours.
   * Whole days in the rollups' zone that the viewer may see whole are read from the daily rollups (one row per
   * day), everything else from the hourly ones.
   */
  async consumption(access: MeterAccess, resolution: Resolution, from: Date, to: Date, timeZone: string): Promise<ConsumptionReport> {
    if (!isTimeZone(timeZone)) throw new UserInputError(because('TIME_ZONE_UNKNOWN'), 'timeZone');
    if (!(to.getTime() > from.getTime())) throw new UserInputError(because('PERIOD_END_BEFORE_START'), 'to');
    const edges = bucketEdges(from.getTime(), to.getTime(), resolution, timeZone);
    if (edges.length - 1 > MAX_INTERVALS) throw new UserInputError(because('TOO_MANY_INTERVALS', { max: MAX_INTERVALS }), 'from');
    const meter = access.meter;
    const regs = registersOf(meter.kind, meter.zones);
    const quantities = [regs.total, ...regs.zones];
    const rangeStart = edges[0];
    const rangeEnd = edges[edges.length - 1];
    await this.rollups.process(meter.id);

    // Whole days read from the daily rollups: in their zone, inside the range, wholly visible to the viewer.
    const dayRanges = timeZone === this.rollups.zone && resolution !== Resolution.HOUR
      ? daysOverlapping(rangeStart, rangeEnd, timeZone).filter(([a, b]) => a >= rangeStart && b <= rangeEnd && spanVisible(access, a, b))
      : [];
    const dayRows = dayRanges.length ? await this.days(meter.id, quantities, dayRanges[0][0], dayRanges[dayRanges.length - 1][1]) : new Map<string, Map<number, DayRow>>();
    const dayStarts = new Map(dayRanges.map(([a, b]) => [a, b]));
    // Everything else from the hourly rollups, in as few range queries as there are stretches left.
    const hourRanges: Array<[number, number]> = [];
    let cursor = rangeStart;
    for (const [a, b] of dayRanges) {
      if (a > cursor) hourRanges.push([cursor, a]);
      cursor = b;
    }
    if (cursor < rangeEnd) hourRanges.push([cursor, rangeEnd]);
    const byQuantity = new Map<string, Map<number, HourRow>>();
    for (const [a, b] of hourRanges) {
      for (const r of await this.hours(meter.id, quantities, a, b, false)) {
        if (!hourVisible(access, r.hour)) continue;
        let m = byQuantity.get(r.quantity);
        if (!m) byQuantity.set(r.quantity, (m = new Map()));
        m.set(r.hour, r);
      }
    }
    const zoneRegistersReported = regs.zones.some((q) => byQuantity.has(q) || dayRows.has(q));
    const totalReported = byQuantity.has(regs.total) || dayRows.has(regs.total);
    const zoneNames = ZONE_NAMES[Math.max(1, Math.min(3, meter.zones))] ?? ZONE_NAMES[1];
    const add = (a: number | null, b: number | null | undefined) => (b === null || b === undefined ? a : (a ?? 0) + b);

    const intervals: Interval[] = [];
    for (let i = 0; i + 1 < edges.length; i++) {
      const start = edges[i];
      const end = edges[i + 1];
      let total: number | null = null;
      let complete = true;
      const zoneSums: Array<number | null> = regs.zones.map(() => null);
      const zoneComplete = regs.zones.map(() => true);
      for (let t = start; t < end; ) {
        const dayEnd = dayStarts.get(t);
        if (dayEnd !== undefined && dayEnd <= end) {
          const row = dayRows.get(regs.total)?.get(t);
          if (!row || row.completeHours < row.hours || row.discontinuity) complete = false;
          total = add(total, row?.consumption);
          if (regs.zones.length) {
            if (zoneRegistersReported) {
              regs.zones.forEach((q, z) => {
                const zr = dayRows.get(q)?.get(t);
                if (!zr || zr.completeHours < zr.hours || zr.discontinuity) zoneComplete[z] = false;
                zoneSums[z] = add(zoneSums[z], zr?.consumption);
              });
            } else if (row) {
              const split = meter.zones === 3 ? row.z3 : row.z2;
              regs.zones.forEach((_, z) => (zoneSums[z] = add(zoneSums[z], split[z])));
            }
          }
          t = dayEnd;
          continue;
        }
        const visible = hourVisible(access, t);
        const row = byQuantity.get(regs.total)?.get(t);
        if (!visible || !row || row.coveredMs < HOUR_MS || row.discontinuity) complete = false;
        total = add(total, row?.consumption);
        if (regs.zones.length) {
          if (zoneRegistersReported) {
            regs.zones.forEach((q, z) => {
              const zr = byQuantity.get(q)?.get(t);
              if (!visible || !zr || zr.coveredMs < HOUR_MS || zr.discontinuity) zoneComplete[z] = false;
              zoneSums[z] = add(zoneSums[z], zr?.consumption);
            });
          } else if (row?.consumption != null) {
            const z = tariffZone(localHourOf(t, timeZone), meter.zones) - 1;
            zoneSums[z] = add(zoneSums[z], row.consumption);
          }
        }
        t += HOUR_MS;
      }
      if (zoneRegistersReported) {
        if (!totalReported) {
          // No total register: the zones add up to it.
          const known = zoneSums.filter((v): v is number => v !== null);
          total = known.length ? known.reduce((a, b) => a + b, 0) : null;
          complete = zoneComplete.every(Boolean) && known.length === zoneSums.length;
        } else {
          complete &&= zoneComplete.every(Boolean);
        }
      }
      intervals.push({
        from: new Date(start),
        to: new Date(end),
        consumption: roundReport(total === null ? null : total * regs.scale),
        zones: regs.zones.map((_, z) => ({ zone: z + 1, name: zoneNames[z + 1], consumption: roundReport(zoneSums[z] === null ? null : zoneSums[z]! * regs.scale) })),
        complete: complete && total !== null,
      });
    }
    const days = dayRanges.length === daysOverlapping(rangeStart, rangeEnd, timeZone).length && dayRanges.length
      ? { from: dayRanges[0][0], to: dayRanges[dayRanges.length - 1][1], rows: dayRows.get(regs.total) ?? new Map<number, DayRow>() }
      : undefined;
    return { unit: regs.unit, timeZone, intervals, days };
  }

  /** Consumption of one register over [from, to) (its own unit), by the same rules as the reports; null without data. */
  async consumptionOf(access: MeterAccess, quantity: string, from: Date, to: Date): Promise<number | null> {
    const f = Math.floor(from.getTime() / HOUR_MS) * HOUR_MS;
    const t = Math.ceil(to.getTime() / HOUR_MS) * HOUR_MS;
    const rows = await this.hours(access.meter.id, [quantity], f, t);
    const known = rows.filter((r) => hourVisible(access, r.hour) && r.consumption !== null);
    return known.length ? roundReport(known.reduce((a, r) => a + r.consumption!, 0)) : null;
  }

  /**
   * Per quantity over [from, to): readings counted, min / max / average, first and last reading, consumption for
   * registers, and the gaps — stretches longer than 2.5 reporting intervals without a reading.
   */
  async statistics(access: MeterAccess, from: Date, to: Date, reportingIntervalS: number) {
    const f = from.getTime();
    const t = to.getTime();
    if (!(t > f)) throw new UserInputError(because('PERIOD_END_BEFORE_START'), 'to');
    const meter = access.meter;
    const h0 = Math.floor(f / HOUR_MS) * HOUR_MS;
    const h1 = Math.ceil(t / HOUR_MS) * HOUR_MS;
    const quantities = Object.keys(QUANTITIES);
    const rows = await this.hours(meter.id, quantities, h0, h1);
    // Whole hours inside [from, to) and visible come from the rollups; the rest from raw readings.
    const inside = (h: number) => h >= f && h + HOUR_MS <= t && hourVisible(access, h);
    // Hours the viewer may not see at all have nothing to read: only those they may see, at least in part.
    const visible = visibleHours(access.periods);
    const edgeHours = new Set<number>();
    for (const [lo, hi] of visible) {
      for (let h = Math.max(lo, h0); h < Math.min(hi, h1); h += HOUR_MS) if (!inside(h)) edgeHours.add(h);
    }
    const raw = await this.rawIn(meter.id, [...edgeHours], f, t, access);

    const platform = this.em.getPlatform();
    const date = (ms: number) => platform.processDateProperty(new Date(ms));
    const result = [];
    for (const quantity of quantities) {
      const all = rows.filter((r) => r.quantity === quantity);
      const qRows = all.filter((r) => inside(r.hour));
      const qRaw = raw.filter((r) => r.quantity === quantity);
      let count = qRaw.length;
      let sum = qRaw.reduce((a, r) => a + r.value, 0);
      let min = qRaw.length ? Math.min(...qRaw.map((r) => r.value)) : Infinity;
      let max = qRaw.length ? Math.max(...qRaw.map((r) => r.value)) : -Infinity;
      for (const r of qRows) {
        count += r.count;
        sum += r.sum ?? 0;
        if (r.min !== null && r.min < min) min = r.min;
        if (r.max !== null && r.max > max) max = r.max;
      }
      if (!count) continue;
      const conn = this.em.getConnection();
      const firstLast = async (order: 'asc' | 'desc') => {
        // The first/last reading of the period that the viewer may see (a few index lookups at most).
        const found = await conn.execute<Array<{ time: Date | number; value: number }>>(
          `select time, value from reading where meter_id = ? and quantity = ? and time >= ? and time < ? order by time ${order} limit 20`,
          [meter.id, quantity, date(Math.max(f, access.since.getTime())), date(t)],
        );
        const r = found.map((x) => ({ time: toMs(x.time), value: Number(x.value) })).find((x) => visibleAt(access, x.time));
        return r ?? null;
      };
      const first = await firstLast('asc');
      const last = await firstLast('desc');
      result.push({
        quantity: quantity as Quantity,
        count,
        min,
        max,
        average: sum / count,
        first,
        last,
        gaps: this.gaps(all, h0, f, Math.min(t, Date.now()), reportingIntervalS, access.since.getTime(), visible, qRaw),
      });
    }
    return result;
  }

  /**
   * Runs of hours without a reading longer than 2.5 reporting intervals (at least one hour), cut to [from, to) —
   * `to` no later than now: what is still to come is not missing.
   */
  private gaps(rows: HourRow[], h0: number, f: number, t: number, intervalS: number, since: number, visible: Array<[number, number]>, raw: Array<{ time: number }>) {
    const h1 = Math.ceil(t / HOUR_MS) * HOUR_MS;
    const minGap = Math.max(HOUR_MS, 2.5 * intervalS * 1000);
    const withData = new Set(rows.filter((r) => r.count > 0).map((r) => r.hour));
    for (const r of raw) withData.add(Math.floor(r.time / HOUR_MS) * HOUR_MS);
    const dataHours = [...withData].sort((a, b) => a - b);
    const gaps: Array<{ from: Date; to: Date }> = [];
    const run = (start: number, end: number) => {
      const from = Math.max(start, since, f);
      const to = Math.min(end, t);
      if (to - from >= minGap) gaps.push({ from: new Date(from), to: new Date(to) });
    };
    // Walked by the hours with data, not hour by hour: a period of decades (an integrator's from: 1990) costs no more
    // than the readings in it. Runs stop where the viewer may not see (between binding periods).
    let d = 0;
    for (const [lo, hi] of visible) {
      const a = Math.max(lo, h0);
      const b = Math.min(hi, h1);
      if (a >= b) continue;
      let cursor = a;
      while (d < dataHours.length && dataHours[d] < a) d++;
      for (; d < dataHours.length && dataHours[d] < b; d++) {
        if (dataHours[d] > cursor) run(cursor, dataHours[d]);
        cursor = dataHours[d] + HOUR_MS;
      }
      if (cursor < b) run(cursor, b);
    }
    return gaps;
  }

  /** Raw readings in the given hours, inside [from, to) and visible to the viewer. */
  private async rawIn(meterId: number, hours: number[], f: number, t: number, access: MeterAccess) {
    if (!hours.length) return [];
    const platform = this.em.getPlatform();
    const out: Array<{ quantity: string; time: number; value: number }> = [];
    // Contiguous runs of hours become one range query each.
    const sorted = hours.sort((a, b) => a - b);
    const runs: Array<[number, number]> = [];
    for (const h of sorted) {
      const last = runs[runs.length - 1];
      if (last && last[1] === h) last[1] = h + HOUR_MS;
      else runs.push([h, h + HOUR_MS]);
    }
    for (const [a, b] of runs) {
      const rows = await this.em.getConnection().execute<Array<{ quantity: string; time: Date | number; value: number }>>(
        // Naming the quantities lets the (meter, quantity, time) key serve one range per quantity.
        `select quantity, time, value from reading where meter_id = ? and quantity in (${ALL_QUANTITIES.map(() => '?').join(',')}) and time >= ? and time < ?`,
        [meterId, ...ALL_QUANTITIES, platform.processDateProperty(new Date(Math.max(a, f))), platform.processDateProperty(new Date(Math.min(b, t)))],
      );
      for (const r of rows) {
        const time = toMs(r.time);
        if (visibleAt(access, time)) out.push({ quantity: r.quantity, time, value: Number(r.value) });
      }
    }
    return out;
  }
}

/** The hours a viewer may see, as merged [start, end) ranges in order: an hour counts if any period touches it. */
function visibleHours(periods: Array<{ from: number; to: number | null }>): Array<[number, number]> {
  const ranges = periods
    .map((p): [number, number] => [Math.floor(p.from / HOUR_MS) * HOUR_MS, p.to === null ? Infinity : Math.ceil(p.to / HOUR_MS) * HOUR_MS])
    .sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([...r]);
  }
  return merged;
}
