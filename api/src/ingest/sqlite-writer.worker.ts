/**
 * The ingest writer thread (sqlite-writer.ts): one libsql connection to the database file, with the pragmas of
 * the ORM's connections (db/orm.ts), writing one batch at a time. While BEGIN waits for SQLite's lock (another
 * process's writer), only this thread waits: the busy handler may sleep here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'libsql';
import { writeBatch, type LibsqlConnection } from './sqlite-write.js';
import type { WriteReply, WriteRequest } from './sqlite-writer.js';

type Connection = LibsqlConnection & { readonly inTransaction: boolean; close(): void };

const { file } = workerData as { file: string };
let conn: Connection | null = null;

function open(): Connection {
  const db = new Database(file) as unknown as Connection;
  db.exec('pragma journal_mode = wal; pragma synchronous = full; pragma foreign_keys = on;');
  return db;
}

const failure = (err: unknown) => {
  const e = err as { message?: unknown; code?: unknown };
  return { message: String(e?.message ?? err), ...(typeof e?.code === 'string' ? { code: e.code } : {}) };
};

parentPort!.on('message', ({ id, batch, waitMs }: WriteRequest) => {
  const reply = (r: WriteReply) => parentPort!.postMessage(r);
  try {
    conn ??= open();
    conn.exec(`pragma busy_timeout = ${Math.max(0, Math.round(waitMs))}`);
    conn.exec('BEGIN IMMEDIATE');
  } catch (err) {
    // Nothing started (exec finalizes its statement even when it fails): the connection stays usable.
    return reply({ id, error: failure(err), ending: false });
  }
  try {
    const result = writeBatch(conn, batch);
    conn.exec('COMMIT');
    reply({ id, result });
  } catch (err) {
    try {
      if (conn.inTransaction) conn.exec('ROLLBACK');
    } catch {
      // The thread ends below; SQLite undoes what is left when the connection goes.
    }
    reply({ id, error: failure(err), ending: true });
    // A statement that failed stays in progress until it is garbage-collected (sqlite-dialect.ts): end the thread
    // and its connection; the next write starts a new one.
    process.exit(1);
  }
});
