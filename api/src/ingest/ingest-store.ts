/**
 * The statements of the ingest path, written once per engine against the driver's own connection.
 *
 * Everything else in the API goes through MikroORM; this path does not, because MikroORM's `execute` inlines
 * every parameter into the SQL text (escaping each value in JavaScript) and hands the engine a new statement to
 * parse for every batch — a 2,000-row INSERT as 60 KB of text. Here each statement has a fixed text and bound
 * parameters:
 * - SQLite (libsql, in process): the lookups here, on the pool's connections; the write in a thread of its own,
 *   on its own connection (sqlite-writer.ts, its statements in sqlite-write.ts).
 * - PostgreSQL (pg): the whole write is one statement whatever the batch size — the columns travel as arrays and
 *   are `unnest`ed, the tables are written by data-modifying CTEs — prepared once per connection (named
 *   statements): one round trip per batch instead of ten.
 * Connections come from knex's pool; SQLite's write turns from its dialect (sqlite-dialect.ts).
 */
import type { EntityManager, Knex } from '@mikro-orm/knex';
import { dialectOf } from '../db/dialect.js';
import type { MeterKind } from '../devices/meter-kind.js';
import { LAST_SEEN_RESOLUTION_MS, summarize, type ReadingRows, type WriteBatch, type WriteResult } from './batch.js';
import { prepared, type LibsqlConnection } from './sqlite-write.js';
import { SqliteWriter } from './sqlite-writer.js';

export { LAST_SEEN_RESOLUTION_MS, summarize, type Health, type ReadingRows, type WriteBatch, type WriteResult } from './batch.js';


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


/** The store for the engine `em` runs on; SQLite transactions wait at most `lockWaitMs` for the write lock. */
export function createIngestStore(em: EntityManager, lockWaitMs: number): IngestStore {
  const knex = em.getKnex();
  return dialectOf(em).isPostgres ? new PostgresIngestStore(knex) : new SqliteIngestStore(knex, lockWaitMs, String(em.config.get('dbName')));
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

// ---------------------------------------------------------------------------------------------------------------
// SQLite (libsql)

class SqliteIngestStore implements IngestStore {
  private readonly writer: SqliteWriter;

  constructor(
    private readonly knex: Knex,
    private readonly lockWaitMs: number,
    file: string,
  ) {
    this.writer = new SqliteWriter(file);
  }

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

  /** In the writer's thread (sqlite-writer.ts), off the event loop; the result comes after the commit. */
  write(batch: WriteBatch): Promise<WriteResult> {
    return this.writer.write(batch, this.lockWaitMs);
  }
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
