/**
 * The SQLite writer's thread (sqlite-writer.ts): its own libsql connection to the database file, on which it runs
 * each ingest batch in one transaction — BEGIN IMMEDIATE, the batch's statements, COMMIT with its fsync — and
 * answers only after the commit. Waiting for SQLite's lock (another process writing) blocks this thread alone.
 *
 * Messages in: { id, batch (batch.ts, PackedBatch), waitMs }. Out: { id, result } or { id, error: { message, code } }.
 */
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { unpackBatch, type PackedBatch } from './batch.js';
import { writeSqliteBatch, type LibsqlConnection } from './sqlite-write.js';

export interface WriterOptions {
  /** The database file. */
  file: string;
  /** Where `libsql` resolves from the API (this file may run from a directory without node_modules). */
  libsql: string;
}

interface Connection extends LibsqlConnection {
  readonly inTransaction: boolean;
  close(): void;
}

const { file, libsql } = workerData as WriterOptions;
const Database = createRequire(import.meta.url)(libsql) as new (file: string) => Connection;

let conn: Connection | null = null;
let busyTimeout = -1;

function connection(waitMs: number): Connection {
  if (!conn) {
    conn = new Database(file);
    // The API's connections put the file in WAL mode; these are per connection. synchronous = FULL: the commit is on
    // disk before the bridge is told 2.04.
    conn.exec('pragma synchronous = full; pragma foreign_keys = on');
    busyTimeout = -1;
  }
  if (busyTimeout !== waitMs) {
    conn.exec(`pragma busy_timeout = ${Math.max(0, Math.floor(waitMs))}`);
    busyTimeout = waitMs;
  }
  return conn;
}

/**
 * After a failure: roll back, and start again on a new connection. libsql never resets a prepared statement that
 * failed, and a statement left in progress makes every later COMMIT on its connection fail (sqlite-dialect.ts).
 */
function discard(c: Connection): void {
  try {
    if (c.inTransaction) c.exec('ROLLBACK');
  } catch {
    // Closing below ends the transaction too.
  }
  try {
    c.close();
  } catch {
    // Gone either way.
  }
  conn = null;
}

parentPort!.on('message', ({ id, batch, waitMs }: { id: number; batch: PackedBatch; waitMs: number }) => {
  let c: Connection | null = null;
  try {
    c = connection(waitMs);
    c.exec('BEGIN IMMEDIATE');
    const result = writeSqliteBatch(c, unpackBatch(batch));
    c.exec('COMMIT');
    parentPort!.postMessage({ id, result });
  } catch (err) {
    if (c) discard(c);
    const e = err as { message?: unknown; code?: unknown };
    parentPort!.postMessage({ id, error: { message: String(e?.message ?? err), code: e?.code === undefined ? undefined : String(e.code) } });
  }
});
