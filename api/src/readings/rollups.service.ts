/**
 * Hourly rollups of the readings: per meter, quantity and UTC hour, the count, sum, min and max of the readings
 * in the hour and, for cumulative registers, the consumption spread into it (see registers.ts). Reports read
 * these rows — a year of 15-minute data is 8,760 rows per quantity instead of 35,040 raw ones — and never ship
 * raw rows through the resolver layer.
 *
 * Ingest only marks the time range it touched (rollup_dirty, merged per meter and quantity, in its own
 * transaction); this service recomputes the hours around that range from the raw readings: every hour whose
 * consumption depends on a changed reading, i.e. from the reading before the range to the one after it.
 * The job runs every few seconds, and a report first processes its own meter so it is never stale.
 */
import type { EntityManager } from '@mikro-orm/knex';
import { QUANTITIES, type Quantity } from './quantity.js';
import { localHourOf, tariffZone } from './time-buckets.js';
import { ZoneClock } from './zone-clock.js';
import { ENERGY_RULES, HOUR_MS, spread, VOLUME_RULES, type Point, type RegisterRules } from './registers.js';

const floorHour = (t: number) => Math.floor(t / HOUR_MS) * HOUR_MS;
const INSERT_CHUNK = 500;
/** Arbitrary but fixed: the class of the PostgreSQL advisory locks that serialise one meter's recomputation. */
const ROLLUP_LOCK_CLASS = 7_355_609;

export function rulesFor(quantity: string): RegisterRules | null {
  const info = QUANTITIES[quantity as Quantity];
  if (!info?.cumulative) return null;
  return quantity === 'volume' ? VOLUME_RULES : ENERGY_RULES;
}

export interface DirtyRange {
  meterId: number;
  quantity: string;
  from: number;
  to: number;
}

export interface DayRow {
  day: number;
  hours: number;
  count: number;
  sum: number | null;
  min: number | null;
  max: number | null;
  consumption: number | null;
  completeHours: number;
  discontinuity: boolean;
  /** Consumption split by the clock into two zones (07–23 / 23–07) and three (peak / semi-peak / night). */
  z2: Array<number | null>;
  z3: Array<number | null>;
}

const isPostgres = (em: EntityManager) => em.getPlatform().constructor.name.startsWith('PostgreSql');
const toMs = (v: Date | number | string) => new Date(v).getTime();

/** Marks ranges for recomputation; runs inside the ingest transaction (one statement). */
/** Local days of `zone` overlapping [from, to): their [start, end) in epoch milliseconds. */
export function daysOverlapping(from: number, to: number, zone: string): Array<[number, number]> {
  const clock = ZoneClock.of(zone);
  const days: Array<[number, number]> = [];
  for (let day = clock.startOfDay(from); day < to; ) {
    const next = clock.nextDay(day);
    days.push([day, next]);
    day = next;
  }
  return days;
}

export async function markDirty(em: EntityManager, ranges: DirtyRange[], ctx: unknown): Promise<void> {
  if (!ranges.length) return;
  const platform = em.getPlatform();
  const date = (ms: number) => platform.processDateProperty(new Date(ms));
  const [least, greatest] = isPostgres(em) ? ['least', 'greatest'] : ['min', 'max'];
  await em.getConnection().execute(
    `insert into rollup_dirty (meter_id, quantity, from_time, to_time) values ${ranges.map(() => '(?, ?, ?, ?)').join(',')}
     on conflict (meter_id, quantity) do update set
       from_time = ${least}(rollup_dirty.from_time, excluded.from_time), to_time = ${greatest}(rollup_dirty.to_time, excluded.to_time)`,
    ranges.flatMap((r) => [r.meterId, r.quantity, date(r.from), date(r.to)]),
    'run',
    ctx as never,
  );
}

export class RollupService {
  /** `zone`: the reporting time zone of the daily rollups (REPORT_TIME_ZONE). */
  constructor(
    private readonly em: EntityManager,
    readonly zone = 'Europe/Moscow',
  ) {}

  /** Recomputes up to `limit` dirty ranges (of one meter, when given); returns how many were done. */
  async process(meterId?: number, limit = 200): Promise<number> {
    const conn = this.em.getConnection();
    const dirty = await conn.execute<Array<{ meter_id: number; quantity: string; from_time: Date | number; to_time: Date | number }>>(
      `select meter_id, quantity, from_time, to_time from rollup_dirty ${meterId === undefined ? '' : 'where meter_id = ?'} limit ${Number(limit)}`,
      meterId === undefined ? [] : [meterId],
    );
    for (const d of dirty) {
      await this.recompute({ meterId: Number(d.meter_id), quantity: d.quantity, from: toMs(d.from_time), to: toMs(d.to_time) }, d.from_time, d.to_time);
      // SQLite answers synchronously: without a pause here a batch would hold the event loop (HTTP, ingest,
      // live fan-out) for its whole length — up to a second after a backfill.
      await new Promise((r) => setImmediate(r));
    }
    return dirty.length;
  }

  private async recompute(range: DirtyRange, rawFrom: unknown, rawTo: unknown): Promise<void> {
    const { meterId, quantity } = range;
    const platform = this.em.getPlatform();
    const date = (ms: number) => platform.processDateProperty(new Date(ms));
    await this.em.transactional(async (em) => {
      const conn = em.getConnection();
      const ctx = em.getTransactionContext();
      if (isPostgres(em)) await conn.execute('select pg_advisory_xact_lock(?, ?)', [ROLLUP_LOCK_CLASS, meterId], 'run', ctx);
      const one = async (sql: string, at: number) =>
        (await conn.execute<Array<{ time: Date | number; value: number }>>(sql, [meterId, quantity, date(at)], 'all', ctx))[0];
      const readingBefore = (t: number) => one('select time, value from reading where meter_id = ? and quantity = ? and time < ? order by time desc limit 1', t);
      const readingAfter = (t: number, inclusive = false) =>
        one(`select time, value from reading where meter_id = ? and quantity = ? and time ${inclusive ? '>=' : '>'} ? order by time asc limit 1`, t);

      // The hours whose values depend on a reading in the range: from the reading before it to the one after it.
      const prev = await readingBefore(range.from);
      const next = await readingAfter(range.to);
      const h0 = floorHour(prev ? toMs(prev.time) : range.from);
      const h1 = floorHour(next ? toMs(next.time) : range.to) + HOUR_MS;
      const rows = await conn.execute<Array<{ time: Date | number; value: number }>>(
        'select time, value from reading where meter_id = ? and quantity = ? and time >= ? and time < ? order by time asc',
        [meterId, quantity, date(h0), date(h1)],
        'all',
        ctx,
      );
      const points: Point[] = rows.map((r) => ({ time: toMs(r.time), value: Number(r.value) }));

      const hours = (h1 - h0) / HOUR_MS;
      const edges = Array.from({ length: hours + 1 }, (_, i) => h0 + i * HOUR_MS);
      const stats = edges.slice(0, -1).map(() => ({ count: 0, sum: 0, min: Infinity, max: -Infinity }));
      for (const p of points) {
        const s = stats[Math.floor((p.time - h0) / HOUR_MS)];
        s.count++;
        s.sum += p.value;
        if (p.value < s.min) s.min = p.value;
        if (p.value > s.max) s.max = p.value;
      }
      const rules = rulesFor(quantity);
      let consumption: ReturnType<typeof spread> | null = null;
      if (rules) {
        // Pairs reaching into the edge hours from outside count too.
        const before = await readingBefore(h0);
        const after = await readingAfter(h1, true);
        const all = [...(before ? [{ time: toMs(before.time), value: Number(before.value) }] : []), ...points, ...(after ? [{ time: toMs(after.time), value: Number(after.value) }] : [])];
        consumption = spread(all, edges, rules);
      }

      await conn.execute('delete from reading_hour where meter_id = ? and quantity = ? and hour >= ? and hour < ?', [meterId, quantity, date(h0), date(h1)], 'run', ctx);
      const out: unknown[][] = [];
      stats.forEach((s, i) => {
        const c = consumption?.[i];
        if (!s.count && (!c || (c.consumption === null && !c.discontinuity))) return;
        out.push([
          meterId,
          quantity,
          date(edges[i]),
          s.count,
          s.count ? s.sum : null,
          s.count ? s.min : null,
          s.count ? s.max : null,
          c?.consumption ?? null,
          c?.coveredMs ?? 0,
          isPostgres(em) ? !!c?.discontinuity : c?.discontinuity ? 1 : 0,
        ]);
      });
      for (let i = 0; i < out.length; i += INSERT_CHUNK) {
        const chunk = out.slice(i, i + INSERT_CHUNK);
        await conn.execute(
          `insert into reading_hour (meter_id, quantity, hour, count, sum, min, max, consumption, covered_ms, discontinuity) values ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(',')}`,
          chunk.flat(),
          'run',
          ctx,
        );
      }
      await this.recomputeDays(em, ctx, meterId, quantity, h0, h1);
      // Done, unless ingest widened the range meanwhile: then it stays for the next run.
      await conn.execute('delete from rollup_dirty where meter_id = ? and quantity = ? and from_time = ? and to_time = ?', [meterId, quantity, rawFrom, rawTo], 'run', ctx);
    });
  }

  /** Daily rows of the days touching [h0, h1), from the hourly rows just written (same transaction). */
  private async recomputeDays(em: EntityManager, ctx: unknown, meterId: number, quantity: string, h0: number, h1: number): Promise<void> {
    const conn = em.getConnection();
    const platform = em.getPlatform();
    const date = (ms: number) => platform.processDateProperty(new Date(ms));
    const days = daysOverlapping(h0, h1, this.zone);
    if (!days.length) return;
    const first = days[0][0];
    const last = days[days.length - 1][1];
    const hourRows = await conn.execute<Array<Record<string, unknown>>>(
      'select hour, count, sum, min, max, consumption, covered_ms, discontinuity from reading_hour where meter_id = ? and quantity = ? and hour >= ? and hour < ? order by hour',
      [meterId, quantity, date(first), date(last)],
      'all',
      ctx as never,
    );
    const rows = hourRows.map((r) => ({
      hour: toMs(r.hour as Date),
      count: Number(r.count),
      sum: r.sum === null ? null : Number(r.sum),
      min: r.min === null ? null : Number(r.min),
      max: r.max === null ? null : Number(r.max),
      consumption: r.consumption === null ? null : Number(r.consumption),
      covered: Number(r.covered_ms),
      discontinuity: !!r.discontinuity,
    }));
    const out: unknown[][] = [];
    let k = 0;
    for (const [start, end] of days) {
      const d: DayRow = { day: start, hours: Math.round((end - start) / HOUR_MS), count: 0, sum: null, min: null, max: null, consumption: null, completeHours: 0, discontinuity: false, z2: [null, null], z3: [null, null, null] };
      while (k < rows.length && rows[k].hour < start) k++;
      for (; k < rows.length && rows[k].hour < end; k++) {
        const r = rows[k];
        d.count += r.count;
        if (r.sum !== null) d.sum = (d.sum ?? 0) + r.sum;
        if (r.min !== null) d.min = d.min === null ? r.min : Math.min(d.min, r.min);
        if (r.max !== null) d.max = d.max === null ? r.max : Math.max(d.max, r.max);
        if (r.discontinuity) d.discontinuity = true;
        if (r.covered >= HOUR_MS && !r.discontinuity) d.completeHours++;
        if (r.consumption !== null) {
          d.consumption = (d.consumption ?? 0) + r.consumption;
          const local = localHourOf(r.hour, this.zone);
          const z2 = tariffZone(local, 2) - 1;
          const z3 = tariffZone(local, 3) - 1;
          d.z2[z2] = (d.z2[z2] ?? 0) + r.consumption;
          d.z3[z3] = (d.z3[z3] ?? 0) + r.consumption;
        }
      }
      if (!d.count && d.consumption === null && !d.discontinuity) continue;
      out.push([meterId, quantity, this.zone, date(d.day), d.hours, d.count, d.sum, d.min, d.max, d.consumption, d.completeHours, isPostgres(em) ? d.discontinuity : d.discontinuity ? 1 : 0, ...d.z2, ...d.z3]);
    }
    await conn.execute('delete from reading_day where meter_id = ? and quantity = ? and zone = ? and day >= ? and day < ?', [meterId, quantity, this.zone, date(first), date(last)], 'run', ctx as never);
    for (let i = 0; i < out.length; i += INSERT_CHUNK) {
      const chunk = out.slice(i, i + INSERT_CHUNK);
      await conn.execute(
        `insert into reading_day (meter_id, quantity, zone, day, hours, count, sum, min, max, consumption, complete_hours, discontinuity, z2_1, z2_2, z3_1, z3_2, z3_3) values ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(',')}`,
        chunk.flat(),
        'run',
        ctx as never,
      );
    }
  }
}
