/**
 * The SQLite side of the ingest write: the statements of one batch on a libsql connection, inside a transaction the
 * caller opened. Runs in the SQLite writer's worker thread (sqlite-writer.worker.ts): it imports nothing but the
 * batch's shapes, so the worker loads no ORM.
 *
 * Each statement has a fixed text and bound parameters: multi-row INSERTs of a fixed width, run chunk by chunk,
 * every statement prepared once per connection; lookups take their keys as one JSON array (`json_each`).
 */
import { LAST_SEEN_RESOLUTION_MS, summarize, type ReadingRows, type WriteBatch, type WriteResult } from './batch.js';

export interface LibsqlStatement {
  run(params: unknown[]): { changes: number };
  all(params: unknown[]): unknown[];
}
export interface LibsqlConnection {
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
export function prepared(conn: LibsqlConnection, sql: string): LibsqlStatement {
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

/**
 * The batch's statements, in the lock order every writer keeps: readings, rollup marks, latest values, controllers.
 * The caller owns the transaction (BEGIN IMMEDIATE … COMMIT) and rolls it back if this throws.
 */
export function writeSqliteBatch(conn: LibsqlConnection, batch: WriteBatch): WriteResult {
    const inserted = insertReadings(conn, batch.readings);
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
}

/** Inserts the readings; null when all were new, else which were. */
function insertReadings(conn: LibsqlConnection, rows: ReadingRows): boolean[] | null {
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
