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
import { dialectOf, type StorageDialect } from '../db/dialect.js';
import { QUANTITIES, type Quantity } from '../readings/quantity.js';
import { localHourOf, tariffZone } from './time-buckets.js';
import { ZoneClock } from '../readings/zone-clock.js';
import { ENERGY_RULES, HOUR_MS, spread, VOLUME_RULES, type Point, type RegisterRules } from '../readings/registers.js';

const floorHour = (t: number) => Math.floor(t / HOUR_MS) * HOUR_MS;
const INSERT_CHUNK = 500;
/**
 * Dirty ranges per transaction. SQLite's transaction holds the only write lock (ingest waits behind it), so its
 * sets stay small; PostgreSQL locks rows, and larger sets save more round trips.
 */
const RANGES_PER_TRANSACTION = { sqlite: 25, postgresql: 100 };
/**
 * How long a claim on dirty ranges lasts: far longer than recomputing one batch takes (well under a second), so
 * a lease never runs out under a live worker; a worker that died delays its ranges by at most this.
 */
const CLAIM_MS = 120_000;
/** How far from a range a neighbouring reading is looked for first (see `neighbour` in `recompute`). */
const NEIGHBOUR_WINDOW_MS = 2 * 86_400_000;
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

type DirtyRow = { meter_id: number; quantity: string; from_time: Date | number; to_time: Date | number };

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

/** Rows as a table `r` (`with r(columns) as (values …)`) to join against, its columns typed for PostgreSQL. */
function valuesTable(dialect: StorageDialect, columns: string[], types: string[], rows: unknown[][]): { sql: string; params: unknown[] } {
  const row = `(${types.map((t) => dialect.typedParam(t)).join(', ')})`;
  return { sql: `with r(${columns.join(', ')}) as (values ${rows.map(() => row).join(', ')})`, params: rows.flat() };
}
const toMs = (v: Date | number | string) => new Date(v).getTime();

/** A condition on one column of a rollup table: the column, its operator, and the SQL type of the value. */
type Match = [column: string, op: '=' | '>=' | '<', type: string];

/**
 * Deletes the rows of `table` matching any of `rows` (one value per `match` column), or with `release` clears their
 * claims, always through the table's primary key. The obvious `where exists (select … from r)` scans the whole
 * table on both engines — PostgreSQL plans it as a hash semi join (150 ms per set of 100 ranges at 490,000 hourly
 * rows, against 2.4 ms joined: measured), SQLite as a full scan with a correlated subquery — so the job's cost
 * grew with the history instead of with its work. PostgreSQL: one joined statement (`using` / `from`), its index
 * scans driven by the set; SQLite (in-process, no round trips): one statement per row.
 */
async function deleteMatching(
  conn: ReturnType<EntityManager['getConnection']>,
  ctx: unknown,
  dialect: StorageDialect,
  table: string,
  match: Match[],
  rows: unknown[][],
  release = false,
): Promise<void> {
  if (!rows.length) return;
  const action = release ? `update ${table} t set claimed_until = null` : `delete from ${table} t`;
  if (dialect.isPostgres) {
    const r = valuesTable(dialect, match.map((_, k) => `c${k}`), match.map(([, , type]) => type), rows);
    const on = match.map(([column, op], k) => `t.${column} ${op} r.c${k}`).join(' and ');
    await conn.execute(`${r.sql} ${action} ${release ? 'from' : 'using'} r where ${on}`, r.params, 'run', ctx as never);
    return;
  }
  const where = match.map(([column, op]) => `${column} ${op} ?`).join(' and ');
  const statement = release ? `update ${table} set claimed_until = null where ${where}` : `delete from ${table} where ${where}`;
  for (const row of rows) await conn.execute(statement, row, 'run', ctx as never);
}
const EXACT_RANGE: Match[] = [['meter_id', '=', 'int'], ['quantity', '=', 'text'], ['from_time', '=', 'timestamptz'], ['to_time', '=', 'timestamptz']];
const RANGE_KEY: Match[] = [['meter_id', '=', 'int'], ['quantity', '=', 'text']];

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

/** An hourly rollup row as reports and the daily rollups read it. */
export interface HourRow {
  hour: number;
  count: number;
  sum: number | null;
  min: number | null;
  max: number | null;
  consumption: number | null;
  coveredMs: number;
  discontinuity: boolean;
}

/** A `reading_hour` row as either engine returns it (dates as Date or epoch ms, booleans as 0/1 on SQLite). */
export function hourRowOf(r: Record<string, unknown>): HourRow {
  return {
    hour: toMs(r.hour as Date),
    count: Number(r.count),
    sum: r.sum === null ? null : Number(r.sum),
    min: r.min === null ? null : Number(r.min),
    max: r.max === null ? null : Number(r.max),
    consumption: r.consumption === null ? null : Number(r.consumption),
    coveredMs: Number(r.covered_ms),
    discontinuity: !!r.discontinuity,
  };
}

/**
 * SQLite answers synchronously: without at least this between transactions the job would hold the event loop
 * (HTTP, ingest, live fan-out) for its whole length — up to a second after a backfill.
 */
const yieldOnce = () => new Promise<void>((r) => setImmediate(r));

export class RollupService {
  /**
   * `zone`: the reporting time zone of the daily rollups (REPORT_TIME_ZONE). `settleMs` (ROLLUP_SETTLE_S): the job
   * claims a range only once its first reading is that old, so the readings of a settle period are recomputed
   * together — a live meter once per period, however often it reports — while late data and backfills (readings
   * that are old already) go at once; reports recompute their own meter regardless.
   */
  constructor(
    private readonly em: EntityManager,
    readonly zone = 'Europe/Moscow',
    private readonly settleMs = 0,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Recomputes up to `limit` dirty ranges (of one meter, when given); returns how many were done. Ranges go in sets
   * (RANGES_PER_TRANSACTION), each set in one transaction with a fixed number of statements — the neighbours of
   * every range, their readings, the hours and days they touch — rather than a dozen statements and a transaction
   * per range: those round trips, not the arithmetic, were the job's cost (4 ms a range on PostgreSQL).
   *
   * The job (no meter given) first claims its ranges (`claim`), so any number of processes share the work and
   * none recomputes a range another is doing. A report's own meter is recomputed at once, claimed or not: the
   * per-meter lock in `recompute` orders it after a worker's, and a range done twice is still right.
   *
   * `pause` runs after each transaction with the milliseconds it took: the job paces itself there (rollup-job.ts);
   * by default it only yields the event loop once.
   */
  async process(meterId?: number, limit = 200, pause: (busyMs: number) => Promise<void> = yieldOnce): Promise<number> {
    const conn = this.em.getConnection();
    const dirty =
      meterId === undefined
        ? await this.claim(limit)
        : await conn.execute<DirtyRow[]>(`select meter_id, quantity, from_time, to_time from rollup_dirty where meter_id = ? order by quantity limit ${Number(limit)}`, [meterId]);
    const claimed = meterId === undefined;
    const perTransaction = RANGES_PER_TRANSACTION[dialectOf(this.em).engine];
    const horizon = dirty.length ? await this.rawHorizon() : null;
    for (let i = 0; i < dirty.length; i += perTransaction) {
      const all = dirty.slice(i, i + perTransaction).map((d) => ({
        range: { meterId: Number(d.meter_id), quantity: d.quantity, from: toMs(d.from_time), to: toMs(d.to_time) },
        raw: [d.from_time, d.to_time] as const,
      }));
      // Before the raw horizon, retention may have dropped the raw readings: recomputing from what is left would
      // replace kept hourly rows with emptier ones. Such ranges are let go; ranges across it start at it.
      const set = horizon === null ? all : all.filter((s) => s.range.to >= horizon);
      const started = performance.now();
      if (set.length < all.length) await this.forget(all.filter((s) => s.range.to < horizon!), claimed);
      for (const s of set) if (horizon !== null && s.range.from < horizon) s.range.from = horizon;
      if (set.length) await this.recompute(set, claimed, horizon);
      await pause(performance.now() - started);
    }
    return dirty.length;
  }

  /**
   * Claims up to `limit` unclaimed dirty ranges, oldest first, for CLAIM_MS (a lease, in one short statement) and
   * returns them in meter order (the order `recompute` locks meters in). On PostgreSQL `for update skip locked`
   * lets workers claim side by side without waiting for or taking each other's rows; a range whose lease ran out
   * (its worker died) is claimed again. Only settled ranges (their first reading at least `settleMs` old) are due.
   */
  private async claim(limit: number): Promise<DirtyRow[]> {
    const dialect = dialectOf(this.em);
    const platform = this.em.getPlatform();
    const now = this.now();
    const rows = await this.em.getConnection().execute<DirtyRow[]>(
      `update rollup_dirty set claimed_until = ?
        where (meter_id, quantity) in (
          select meter_id, quantity from rollup_dirty
           where (claimed_until is null or claimed_until < ?) and from_time <= ?
           order by from_time limit ${Number(limit)} ${dialect.isPostgres ? 'for update skip locked' : ''})
        returning meter_id, quantity, from_time, to_time`,
      [platform.processDateProperty(new Date(now + CLAIM_MS)), platform.processDateProperty(new Date(now)), platform.processDateProperty(new Date(now - this.settleMs))],
    );
    return rows.sort((a, b) => Number(a.meter_id) - Number(b.meter_id) || (a.quantity < b.quantity ? -1 : a.quantity > b.quantity ? 1 : 0));
  }

  /**
   * PostgreSQL with RAW_READINGS_RETENTION_DAYS: the time before which raw readings may have been dropped
   * (readings/partitions/partition-maintenance.ts); null when nothing was ever dropped, and always on SQLite.
   */
  private async rawHorizon(): Promise<number | null> {
    if (!dialectOf(this.em).isPostgres) return null;
    const rows = await this.em.getConnection().execute<Array<{ horizon: Date | string }>>('select horizon from reading_retention where id = 1');
    return rows.length ? toMs(rows[0].horizon) : null;
  }

  /** Drops the marks of ranges that will not be recomputed (unless ingest widened them meanwhile). */
  private async forget(set: Array<{ range: DirtyRange; raw: readonly [unknown, unknown] }>, claimed: boolean): Promise<void> {
    const dialect = dialectOf(this.em);
    const conn = this.em.getConnection();
    await deleteMatching(conn, undefined, dialect, 'rollup_dirty', EXACT_RANGE, set.map((s) => [s.range.meterId, s.range.quantity, ...s.raw]));
    if (claimed) await deleteMatching(conn, undefined, dialect, 'rollup_dirty', RANGE_KEY, set.map((s) => [s.range.meterId, s.range.quantity]), true);
  }

  private async recompute(set: Array<{ range: DirtyRange; raw: readonly [unknown, unknown] }>, claimed: boolean, horizon: number | null = null): Promise<void> {
    const dialect = dialectOf(this.em);
    const platform = this.em.getPlatform();
    const date = (ms: number) => platform.processDateProperty(new Date(ms));
    const n = set.length;
    // The set as a table `r` (i = position in the set).
    const keyed = (extra: string[], extraTypes: string[], values: (i: number) => unknown[]) =>
      valuesTable(dialect, ['i', 'm', 'q', ...extra], ['int', 'int', 'text', ...extraTypes], set.map((s, i) => [i, s.range.meterId, s.range.quantity, ...values(i)]));
    // The reading just before (desc) or after (asc) an edge: looked for within NEIGHBOUR_WINDOW_MS first (`r.<edge>_w`,
    // the edge moved by the window), and only if there is none there, anywhere. On PostgreSQL's weekly partitions the
    // unbounded lookup visits every older partition (the DEFAULT one rules out an ordered Append that stops at the
    // first): 1.0 ms against 0.32 ms bounded, measured with a year of weeks (SCALING.md, "Readings partitioned").
    const neighbour = (edge: string, op: string, dir: 'asc' | 'desc', column = 'time') => {
      const near = `x.meter_id = r.m and x.quantity = r.q and x.time ${op} r.${edge}`;
      const within = dir === 'desc' ? `x.time >= r.${edge}_w` : `x.time < r.${edge}_w`;
      return `coalesce((select x.${column} from reading x where ${near} and ${within} order by x.time ${dir} limit 1),
                       (select x.${column} from reading x where ${near} order by x.time ${dir} limit 1))`;
    };
    const widen = (ms: number, dir: 'asc' | 'desc') => date(dir === 'desc' ? ms - NEIGHBOUR_WINDOW_MS : ms + NEIGHBOUR_WINDOW_MS);

    await this.em.transactional(async (em) => {
      const conn = em.getConnection();
      const ctx = em.getTransactionContext();
      const run = <T extends Array<Record<string, unknown>>>(q: { sql: string; params: unknown[] }, tail: string, method: 'all' | 'run' = 'all') =>
        conn.execute<T>(`${q.sql} ${tail}`, q.params, method, ctx);
      if (dialect.isPostgres) {
        // One meter's ranges are recomputed by one process at a time; locks taken in meter order.
        const meters = [...new Set(set.map((s) => s.range.meterId))].sort((a, b) => a - b);
        await conn.execute(`select pg_advisory_xact_lock(?, m) from unnest(array[${meters.map(() => '?::int').join(', ')}]) as m order by m`, [ROLLUP_LOCK_CLASS, ...meters], 'all', ctx);
      }

      // The hours whose values depend on a reading in a range: from the reading before it to the one after it.
      const bounds = await run<Array<{ i: number; prev_t: Date | number | null; next_t: Date | number | null }>>(
        keyed(['f', 't', 'f_w', 't_w'], ['timestamptz', 'timestamptz', 'timestamptz', 'timestamptz'], (i) => [
          date(set[i].range.from),
          date(set[i].range.to),
          widen(set[i].range.from, 'desc'),
          widen(set[i].range.to, 'asc'),
        ]),
        `select r.i, ${neighbour('f', '<', 'desc')} as prev_t, ${neighbour('t', '>', 'asc')} as next_t from r`,
      );
      const h0 = new Array<number>(n);
      const h1 = new Array<number>(n);
      for (const b of bounds) {
        const i = Number(b.i);
        // Never an hour before the raw horizon (a week boundary, so a whole hour): those rows are final.
        h0[i] = Math.max(floorHour(b.prev_t === null ? set[i].range.from : toMs(b.prev_t)), horizon ?? -Infinity);
        h1[i] = floorHour(b.next_t === null ? set[i].range.to : toMs(b.next_t)) + HOUR_MS;
      }
      const spans = keyed(['h0', 'h1'], ['timestamptz', 'timestamptz'], (i) => [date(h0[i]), date(h1[i])]);
      const spansWithin = keyed(['h0', 'h1', 'h0_w', 'h1_w'], ['timestamptz', 'timestamptz', 'timestamptz', 'timestamptz'], (i) => [
        date(h0[i]),
        date(h1[i]),
        widen(h0[i], 'desc'),
        widen(h1[i], 'asc'),
      ]);
      const points: Point[][] = set.map(() => []);
      for (const row of await run<Array<{ i: number; time: Date | number; value: number }>>(
        spans,
        'select r.i, x.time, x.value from r join reading x on x.meter_id = r.m and x.quantity = r.q and x.time >= r.h0 and x.time < r.h1 order by r.i, x.time',
      )) {
        points[Number(row.i)].push({ time: toMs(row.time), value: Number(row.value) });
      }
      // Pairs reaching into the edge hours from outside count too (cumulative registers).
      const edges = set.some((s) => rulesFor(s.range.quantity))
        ? await run<Array<{ i: number; bt: Date | number | null; bv: number | null; at: Date | number | null; av: number | null }>>(
            spansWithin,
            `select r.i, ${neighbour('h0', '<', 'desc')} as bt, ${neighbour('h0', '<', 'desc', 'value')} as bv,
                    ${neighbour('h1', '>=', 'asc')} as at, ${neighbour('h1', '>=', 'asc', 'value')} as av from r`,
          )
        : [];
      const outside = new Map(edges.map((e) => [Number(e.i), e]));

      const hourRows: unknown[][] = [];
      set.forEach(({ range }, i) => {
        const { meterId, quantity } = range;
        const hours = (h1[i] - h0[i]) / HOUR_MS;
        const edgesOf = Array.from({ length: hours + 1 }, (_, k) => h0[i] + k * HOUR_MS);
        const stats = edgesOf.slice(0, -1).map(() => ({ count: 0, sum: 0, min: Infinity, max: -Infinity }));
        for (const p of points[i]) {
          const s = stats[Math.floor((p.time - h0[i]) / HOUR_MS)];
          s.count++;
          s.sum += p.value;
          if (p.value < s.min) s.min = p.value;
          if (p.value > s.max) s.max = p.value;
        }
        const rules = rulesFor(quantity);
        let consumption: ReturnType<typeof spread> | null = null;
        if (rules) {
          const o = outside.get(i);
          const all = [
            ...(o && o.bt !== null ? [{ time: toMs(o.bt), value: Number(o.bv) }] : []),
            ...points[i],
            ...(o && o.at !== null ? [{ time: toMs(o.at), value: Number(o.av) }] : []),
          ];
          consumption = spread(all, edgesOf, rules);
        }
        stats.forEach((s, k) => {
          const c = consumption?.[k];
          if (!s.count && (!c || (c.consumption === null && !c.discontinuity))) return;
          hourRows.push([
            meterId,
            quantity,
            date(edgesOf[k]),
            s.count,
            s.count ? s.sum : null,
            s.count ? s.min : null,
            s.count ? s.max : null,
            c?.consumption ?? null,
            c?.coveredMs ?? 0,
            dialect.bool(!!c?.discontinuity),
          ]);
        });
      });
      await deleteMatching(
        conn,
        ctx,
        dialect,
        'reading_hour',
        [['meter_id', '=', 'int'], ['quantity', '=', 'text'], ['hour', '>=', 'timestamptz'], ['hour', '<', 'timestamptz']],
        set.map((s, i) => [s.range.meterId, s.range.quantity, date(h0[i]), date(h1[i])]),
      );
      for (let k = 0; k < hourRows.length; k += INSERT_CHUNK) {
        const chunk = hourRows.slice(k, k + INSERT_CHUNK);
        await conn.execute(
          `insert into reading_hour (meter_id, quantity, hour, count, sum, min, max, consumption, covered_ms, discontinuity) values ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(',')}`,
          chunk.flat(),
          'run',
          ctx,
        );
      }
      await this.recomputeDays(em, ctx, set.map((s, i) => ({ meterId: s.range.meterId, quantity: s.range.quantity, h0: h0[i], h1: h1[i] })));
      // Done, unless ingest widened a range meanwhile: then it stays for the next run (released, when claimed).
      await deleteMatching(conn, ctx, dialect, 'rollup_dirty', EXACT_RANGE, set.map((s) => [s.range.meterId, s.range.quantity, ...s.raw]));
      if (claimed) await deleteMatching(conn, ctx, dialect, 'rollup_dirty', RANGE_KEY, set.map((s) => [s.range.meterId, s.range.quantity]), true);
    });
  }

  /** Daily rows of the days touching each [h0, h1), from the hourly rows just written (same transaction). */
  private async recomputeDays(em: EntityManager, ctx: unknown, spans: Array<{ meterId: number; quantity: string; h0: number; h1: number }>): Promise<void> {
    const conn = em.getConnection();
    const dialect = dialectOf(em);
    const platform = em.getPlatform();
    const date = (ms: number) => platform.processDateProperty(new Date(ms));
    const withDays = spans.map((s) => ({ ...s, days: daysOverlapping(s.h0, s.h1, this.zone) })).filter((s) => s.days.length);
    if (!withDays.length) return;
    const { sql: table, params } = valuesTable(
      dialect,
      ['i', 'm', 'q', 'd0', 'd1'],
      ['int', 'int', 'text', 'timestamptz', 'timestamptz'],
      withDays.map((s, i) => [i, s.meterId, s.quantity, date(s.days[0][0]), date(s.days[s.days.length - 1][1])]),
    );
    const hourRows = await conn.execute<Array<Record<string, unknown>>>(
      `${table} select r.i, h.hour, h.count, h.sum, h.min, h.max, h.consumption, h.covered_ms, h.discontinuity
       from r join reading_hour h on h.meter_id = r.m and h.quantity = r.q and h.hour >= r.d0 and h.hour < r.d1 order by r.i, h.hour`,
      params,
      'all',
      ctx as never,
    );
    const bySpan = withDays.map(() => [] as HourRow[]);
    for (const r of hourRows) bySpan[Number(r.i)].push(hourRowOf(r));
    const out: unknown[][] = [];
    withDays.forEach(({ meterId, quantity, days }, i) => {
      const rows = bySpan[i];
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
          if (r.coveredMs >= HOUR_MS && !r.discontinuity) d.completeHours++;
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
        out.push([meterId, quantity, this.zone, date(d.day), d.hours, d.count, d.sum, d.min, d.max, d.consumption, d.completeHours, dialect.bool(d.discontinuity), ...d.z2, ...d.z3]);
      }
    });
    await deleteMatching(
      conn,
      ctx,
      dialect,
      'reading_day',
      [['meter_id', '=', 'int'], ['quantity', '=', 'text'], ['zone', '=', 'text'], ['day', '>=', 'timestamptz'], ['day', '<', 'timestamptz']],
      withDays.map((s) => [s.meterId, s.quantity, this.zone, date(s.days[0][0]), date(s.days[s.days.length - 1][1])]),
    );
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
