/**
 * The statements of the ingest path, written once per engine against the driver's own connection.
 *
 * Everything else in the API goes through MikroORM; this path does not, because MikroORM's `execute` inlines
 * every parameter into the SQL text (escaping each value in JavaScript) and hands the engine a new statement to
 * parse for every batch — a 2,000-row INSERT as 60 KB of text. Here each statement has a fixed text and bound
 * parameters:
 * - SQLite (libsql, in process): multi-row INSERTs of a fixed width, run chunk by chunk; every statement is
 *   prepared once per connection; lookups take their keys as one JSON array (`json_each`).
 * - PostgreSQL (pg): the whole write is one statement whatever the batch size — the columns travel as arrays and
 *   are `unnest`ed, the tables are written by data-modifying CTEs — prepared once per connection (named
 *   statements): one round trip per batch instead of ten.
 * Connections come from knex's pool; SQLite transactions from knex and its dialect, which owns the write lock
 * (sqlite-dialect.ts) — this module only borrows the transaction's connection.
 */
import type { EntityManager, Knex } from '@mikro-orm/knex';
import { dialectOf } from '../db/dialect.js';
import type { LockWaitConfig } from '../db/write-lock.js';
import type { MeterKind } from '../devices/meter-kind.js';

/** Rows to write, column by column, sorted by (meter, quantity, time): every writer takes its row locks in one order. */
export interface ReadingRows {
  meterIds: number[];
  quantities: string[];
  times: number[];
  values: number[];
}

/** A controller's own signal and battery, newest of the batch. */
export interface Health {
  signal?: { time: number; value: number };
  battery?: { time: number; value: number };
}

/**
 * A controller's last-seen time is written at most this often. Writing it with every batch dirtied a controller
 * page per batch and per controller — a third of what a commit wrote with 1,000 modems reporting several times a
 * second — for a value shown to the minute and compared with reporting intervals of minutes.
 */
export const LAST_SEEN_RESOLUTION_MS = 10_000;

export interface WriteBatch {
  readings: ReadingRows;
  /** Controllers heard from, sorted. */
  controllerIds: number[];
  health: Array<[controllerId: number, health: Health]>;
  now: number;
}

/**
 * What the transaction wrote. `inserted` is null when every reading was new (the common case); otherwise
 * inserted[i] says whether reading i was new (false: it was already stored).
 */
export interface WriteResult {
  inserted: boolean[] | null;
}

/** What ingest needs to know of a meter: whose it is, and what it measures. */
export interface MeterRow {
  id: number;
  controllerId: number | null;
  kind: MeterKind;
}

export interface IngestStore {
  /** Live device tokens by hash: their controller. */
  controllersByTokenHash(hashes: string[]): Promise<Map<string, { id: number; serial: string }>>;
  metersBySerial(serials: string[]): Promise<Map<string, MeterRow>>;
  /**
   * One transaction: the readings (those already stored are left alone); for the new ones, the latest value per
   * (meter, quantity) — an old reading arriving late never overwrites a newer one — and the time range per
   * (meter, quantity) whose hourly rollups the rollup job must recompute; the controllers' last-seen time and health.
   */
  write(batch: WriteBatch): Promise<WriteResult>;
}

/** Per (meter, quantity) among the new readings: the newest one, and the time range they span (times … until). */
export function summarize(rows: ReadingRows, inserted: boolean[] | null): { latest: ReadingRows; dirty: Omit<ReadingRows, 'values'> & { until: number[] } } {
  const latest: ReadingRows = { meterIds: [], quantities: [], times: [], values: [] };
  const dirty = { meterIds: [] as number[], quantities: [] as string[], times: [] as number[], until: [] as number[] };
  let last = -1;
  // Rows are sorted by (meter, quantity, time): each key is one run, its newest reading the run's last new one.
  for (let i = 0; i < rows.meterIds.length; i++) {
    if (inserted && !inserted[i]) continue;
    const m = rows.meterIds[i];
    const q = rows.quantities[i];
    if (last >= 0 && latest.meterIds[last] === m && latest.quantities[last] === q) {
      latest.times[last] = rows.times[i];
      latest.values[last] = rows.values[i];
      dirty.until[last] = rows.times[i];
      continue;
    }
    last = latest.meterIds.push(m) - 1;
    latest.quantities.push(q);
    latest.times.push(rows.times[i]);
    latest.values.push(rows.values[i]);
    dirty.meterIds.push(m);
    dirty.quantities.push(q);
    dirty.times.push(rows.times[i]);
    dirty.until.push(rows.times[i]);
  }
  return { latest, dirty };
}

/** The store for the engine `em` runs on; SQLite transactions wait at most `lockWaitMs` for the write lock. */
export function createIngestStore(em: EntityManager, lockWaitMs: number): IngestStore {
  const knex = em.getKnex();
  return dialectOf(em).isPostgres ? new PostgresIngestStore(knex) : new SqliteIngestStore(knex, lockWaitMs);
}

/** A row of the meter lookup, as either driver returns it. */
interface MeterRecord {
  id: number;
  serial: string;
  controller_id: number | null;
  kind: string;
}

const meterRows = (rows: MeterRecord[]) =>
  new Map<string, MeterRow>(rows.map((r) => [r.serial, { id: Number(r.id), controllerId: r.controller_id === null ? null : Number(r.controller_id), kind: r.kind as MeterKind }]));

/** Borrows a connection of the pool for a read outside any transaction. */
async function withConnection<C, T>(knex: Knex, fn: (conn: C) => Promise<T> | T): Promise<T> {
  const client = knex.client as { acquireConnection(): Promise<C>; releaseConnection(c: C): Promise<void> };
  const conn = await client.acquireConnection();
  try {
    return await fn(conn);
  } finally {
    await client.releaseConnection(conn);
  }
}

/** The driver connection a knex transaction runs on. */
const connectionOf = <C>(trx: Knex.Transaction) => (trx.client as { acquireConnection(): Promise<C> }).acquireConnection();

// ---------------------------------------------------------------------------------------------------------------
// SQLite (libsql)

interface LibsqlStatement {
  run(params: unknown[]): { changes: number };
  all(params: unknown[]): unknown[];
}
interface LibsqlConnection {
  prepare(sql: string): LibsqlStatement;
  exec(sql: string): void;
  /** Read by the dialect: replace this connection at its next use (sqlite-dialect.ts). */
  __stuck?: boolean;
}

/**
 * The connection's prepared statement for `sql`, compiled on first use. Compiling was a tenth of an ingest call's
 * CPU for small batches (the 64-row INSERT alone takes longer to compile than to run for a few rows); the
 * statements are a fixed set, and the cache goes with its connection (a connection that failed is replaced).
 */
const statements = new WeakMap<LibsqlConnection, Map<string, LibsqlStatement>>();
function prepared(conn: LibsqlConnection, sql: string): LibsqlStatement {
  let cache = statements.get(conn);
  if (!cache) statements.set(conn, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = conn.prepare(sql)));
  return stmt;
}

/** Rows per multi-row statement: measured on libsql, 64 rows (256 parameters) inserted fastest. */
const SQLITE_ROWS = 64;

/**
 * Runs `prefix VALUES (row),(row)… suffix` over `rows` rows whose parameters are `params`, `width` per row:
 * SQLITE_ROWS rows per statement and single-row statements for the rest. Returns the rows changed.
 */
function runRows(conn: LibsqlConnection, prefix: string, row: string, suffix: string, params: unknown[], width: number): number {
  const rows = params.length / width;
  let changes = 0;
  let at = 0;
  if (rows >= SQLITE_ROWS) {
    const wide = prepared(conn, `${prefix} values ${Array(SQLITE_ROWS).fill(row).join(',')} ${suffix}`);
    const step = SQLITE_ROWS * width;
    for (; at + step <= params.length; at += step) changes += wide.run(params.slice(at, at + step)).changes;
  }
  if (at < params.length) {
    const one = prepared(conn, `${prefix} values ${row} ${suffix}`);
    for (; at < params.length; at += width) changes += one.run(params.slice(at, at + width)).changes;
  }
  return changes;
}

const READING_INSERT = ['insert into reading (meter_id, quantity, time, value)', '(?, ?, ?, ?)', 'on conflict do nothing'] as const;

class SqliteIngestStore implements IngestStore {
  constructor(
    private readonly knex: Knex,
    private readonly lockWaitMs: number,
  ) {}

  controllersByTokenHash(hashes: string[]) {
    return withConnection(this.knex, (conn: LibsqlConnection) => {
      const rows = prepared(
        conn,
        `select t.token_hash, t.controller_id, c.serial from device_token t join controller c on c.id = t.controller_id
           where t.revoked_at is null and c.revoked_at is null and t.token_hash in (select value from json_each(?))`,
      ).all([JSON.stringify(hashes)]) as Array<{ token_hash: string; controller_id: number; serial: string }>;
      return new Map(rows.map((r) => [r.token_hash, { id: Number(r.controller_id), serial: r.serial }]));
    });
  }

  metersBySerial(serials: string[]) {
    return withConnection(this.knex, (conn: LibsqlConnection) => {
      const rows = prepared(conn, `select id, serial, controller_id, kind from meter where serial in (select value from json_each(?))`).all([JSON.stringify(serials)]) as MeterRecord[];
      return meterRows(rows);
    });
  }

  write(batch: WriteBatch): Promise<WriteResult> {
    const config: LockWaitConfig = { lockWaitMs: this.lockWaitMs };
    return this.knex.transaction(async (trx) => {
      const conn = await connectionOf<LibsqlConnection>(trx);
      try {
        const inserted = this.insertReadings(conn, batch.readings);
        const { latest, dirty } = summarize(batch.readings, inserted);
        if (dirty.meterIds.length) {
          runRows(
            conn,
            'insert into rollup_dirty (meter_id, quantity, from_time, to_time)',
            '(?, ?, ?, ?)',
            `on conflict (meter_id, quantity) do update set
               from_time = min(rollup_dirty.from_time, excluded.from_time), to_time = max(rollup_dirty.to_time, excluded.to_time)`,
            interleave({ ...dirty, values: dirty.until }),
            4,
          );
        }
        if (latest.meterIds.length) {
          runRows(
            conn,
            'insert into latest_reading (meter_id, quantity, time, value)',
            '(?, ?, ?, ?)',
            `on conflict (meter_id, quantity) do update set time = excluded.time, value = excluded.value
               where excluded.time > latest_reading.time`,
            interleave(latest),
            4,
          );
        }
        if (batch.controllerIds.length) {
          prepared(conn, `update controller set last_seen_at = ? where id in (select value from json_each(?)) and (last_seen_at is null or last_seen_at < ?)`).run([batch.now, JSON.stringify(batch.controllerIds), batch.now - LAST_SEEN_RESOLUTION_MS]);
        }
        for (const [id, h] of batch.health) {
          const sets = [...(h.signal ? ['signal_dbm = ?'] : []), ...(h.battery ? ['battery_pct = ?'] : [])];
          prepared(conn, `update controller set ${sets.join(', ')} where id = ?`).run([...(h.signal ? [h.signal.value] : []), ...(h.battery ? [h.battery.value] : []), id]);
        }
        return { inserted };
      } catch (err) {
        // libsql leaves a failed statement in progress until it is garbage-collected; have the pool replace the
        // connection rather than reuse it (the dialect rolls the transaction back either way).
        conn.__stuck = true;
        throw err;
      }
    }, config);
  }

  /** Inserts the readings; null when all were new, else which were. */
  private insertReadings(conn: LibsqlConnection, rows: ReadingRows): boolean[] | null {
    const n = rows.meterIds.length;
    if (!n) return null;
    const params = interleave(rows);
    // Almost every batch is all new readings: insert wide and compare the count. Only when it falls short (a
    // retransmission, a pack sent twice) is the batch undone and inserted row by row, each telling whether it was new.
    conn.exec('savepoint ingest_readings');
    const changes = runRows(conn, ...READING_INSERT, params, 4);
    if (changes === n) {
      conn.exec('release ingest_readings');
      return null;
    }
    conn.exec('rollback to ingest_readings');
    conn.exec('release ingest_readings');
    const one = prepared(conn, `${READING_INSERT[0]} values ${READING_INSERT[1]} ${READING_INSERT[2]}`);
    const inserted = new Array<boolean>(n);
    for (let i = 0; i < n; i++) inserted[i] = one.run([rows.meterIds[i], rows.quantities[i], rows.times[i], rows.values[i]]).changes > 0;
    return inserted;
  }
}

/** Column by column → row by row, the parameter order of `(?, ?, ?, ?)`. */
function interleave(rows: ReadingRows): unknown[] {
  const n = rows.meterIds.length;
  const params = new Array<unknown>(n * 4);
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    params[j] = rows.meterIds[i];
    params[j + 1] = rows.quantities[i];
    params[j + 2] = rows.times[i];
    params[j + 3] = rows.values[i];
  }
  return params;
}

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL (pg)

interface PgClient {
  query<R = Record<string, unknown>>(config: { name?: string; text: string; values?: unknown[] }): Promise<{ rows: R[]; rowCount: number | null }>;
}

/** Epoch milliseconds (float8, exact for whole milliseconds) to timestamptz, and back. */
const TS = (col: string) => `to_timestamp(${col} / 1000.0)`;

const PG = {
  // Joined with unnest rather than filtered with `= any($1)`: with a generic plan cached for the named statement,
  // `= any($param)` compares every row with every element (3.4 ms for 240 tokens among 1,000; the join 0.45 ms).
  // Revocation is read, not filtered on: without statistics (a freshly provisioned database) the planner takes
  // `revoked_at is null` to keep 0.5 % of the rows and joined every controller with every token (300 ms).
  controllers: {
    name: 'ingest_controllers',
    text: `select t.token_hash, t.controller_id, c.serial, (t.revoked_at is null and c.revoked_at is null) as live
           from unnest($1::text[]) as k(h) join device_token t on t.token_hash = k.h join controller c on c.id = t.controller_id`,
  },
  meters: { name: 'ingest_meters', text: `select m.id, m.serial, m.controller_id, m.kind from unnest($1::text[]) as k(s) join meter m on m.serial = k.s` },
  /**
   * The whole write in one statement — one round trip, and its own transaction. Data-modifying CTEs see one
   * snapshot and `ins` returns only the readings that were new, so the latest values and rollup ranges are taken
   * from those alone. Every part writes in key order (the input is sorted), as the lock order requires. The
   * controllers heard from get their last-seen time (at most every LAST_SEEN_RESOLUTION_MS) and any signal and
   * battery they reported about themselves in the same UPDATE (one statement may not update a row twice).
   * Answers how many readings were new and, only when that is not all of them, which (1-based positions).
   *   $1–$4 readings (meter, quantity, epoch ms, value); $5–$7 controllers (id, signal, battery); $8 now (epoch ms)
   */
  write: {
    name: 'ingest_write',
    text: `with input as (
             select m, q, ${TS('t')} as ts, v, o from unnest($1::int[], $2::text[], $3::float8[], $4::float8[]) with ordinality as u(m, q, t, v, o)
           ), ins as (
             insert into reading (meter_id, quantity, time, value) select m, q, ts, v from input order by o
             on conflict do nothing
             returning meter_id, quantity, time, value
           ), latest as (
             insert into latest_reading (meter_id, quantity, time, value)
             select distinct on (meter_id, quantity) meter_id, quantity, time, value from ins order by meter_id, quantity, time desc
             on conflict (meter_id, quantity) do update set time = excluded.time, value = excluded.value
               where excluded.time > latest_reading.time
           ), dirty as (
             insert into rollup_dirty (meter_id, quantity, from_time, to_time)
             select meter_id, quantity, min(time), max(time) from ins group by meter_id, quantity order by meter_id, quantity
             on conflict (meter_id, quantity) do update set
               from_time = least(rollup_dirty.from_time, excluded.from_time), to_time = greatest(rollup_dirty.to_time, excluded.to_time)
           ), heard as (
             update controller c set
               last_seen_at = case when c.last_seen_at is null or c.last_seen_at < ${TS('$8::float8')} - interval '${LAST_SEEN_RESOLUTION_MS} milliseconds'
                                   then ${TS('$8::float8')} else c.last_seen_at end,
               signal_dbm = coalesce(h.s, c.signal_dbm),
               battery_pct = coalesce(h.b, c.battery_pct)
             from unnest($5::int[], $6::float8[], $7::float8[]) as h(id, s, b)
             where c.id = h.id
               and (c.last_seen_at is null or c.last_seen_at < ${TS('$8::float8')} - interval '${LAST_SEEN_RESOLUTION_MS} milliseconds' or h.s is not null or h.b is not null)
           )
           select (select count(*) from ins)::int as stored,
             case when (select count(*) from ins) < cardinality($1::int[]) then
               (select array_agg(input.o) from ins join input on input.m = ins.meter_id and input.q = ins.quantity and input.ts = ins.time)
             end as new_positions`,
  },
};

class PostgresIngestStore implements IngestStore {
  constructor(private readonly knex: Knex) {}

  controllersByTokenHash(hashes: string[]) {
    return withConnection(this.knex, async (conn: PgClient) => {
      const { rows } = await conn.query<{ token_hash: string; controller_id: number; serial: string; live: boolean }>({ ...PG.controllers, values: [hashes] });
      return new Map(rows.filter((r) => r.live).map((r) => [r.token_hash, { id: Number(r.controller_id), serial: r.serial }]));
    });
  }

  metersBySerial(serials: string[]) {
    return withConnection(this.knex, async (conn: PgClient) => {
      const { rows } = await conn.query<MeterRecord>({ ...PG.meters, values: [serials] });
      return meterRows(rows);
    });
  }

  async write(batch: WriteBatch): Promise<WriteResult> {
    const { readings: r, controllerIds } = batch;
    const n = r.meterIds.length;
    const health = new Map(batch.health);
    const { rows } = await withConnection(this.knex, (conn: PgClient) =>
      conn.query<{ stored: number; new_positions: Array<number | string> | null }>({
        ...PG.write,
        values: [
          r.meterIds,
          r.quantities,
          r.times,
          r.values,
          controllerIds,
          controllerIds.map((id) => health.get(id)?.signal?.value ?? null),
          controllerIds.map((id) => health.get(id)?.battery?.value ?? null),
          batch.now,
        ],
      }),
    );
    const { stored, new_positions: positions } = rows[0];
    if (stored === n) return { inserted: null };
    const inserted = new Array<boolean>(n).fill(false);
    for (const p of positions ?? []) inserted[Number(p) - 1] = true;
    return { inserted };
  }
}
