/**
 * The embedded SQLite engine's knex dialect: MikroORM's libsql dialect, made to survive a database that another
 * connection holds locked for a while (a CLI, a backup tool, an operator's `BEGIN EXCLUSIVE`).
 *
 * Why it is needed — libsql 0.5 (its better-sqlite3-like API) never resets a prepared statement that failed. A
 * write that fails with SQLITE_BUSY is left suspended, still counted as a statement in progress, until the
 * garbage collector finalizes it. Meanwhile every COMMIT on that connection fails ("cannot commit transaction -
 * SQL statements in progress") — and knex, on a failed COMMIT, releases the connection to the pool *inside* the
 * open write transaction and refuses the ROLLBACK that MikroORM sends next. The pool later retires that
 * connection (the libsql dialect recycles connections after 10 s), but libsql's close() does not close while
 * statements still reference the connection: it lingers, holding SQLite's write lock, until a garbage
 * collection. Every write of the API fails until then — about 45 s after a 7 s lock in the fault test.
 * Also, libsql's busy handler sleeps on the calling thread: each write waiting for the lock froze the whole
 * event loop (HTTP, GraphQL, /healthz) for the busy timeout.
 *
 * What this dialect does instead:
 * - A transaction starts with BEGIN IMMEDIATE: it takes the write lock up front, so statements inside a
 *   transaction never wait for (or fail on) the lock. The lock is waited for asynchronously — short attempts
 *   without the busy handler, the event loop free in between — for the `lockWaitMs` of the transaction's config
 *   (`transactionWithLockWait`, write-lock.ts), or LOCK_WAIT_MS. If it stays locked, BEGIN fails cleanly: nothing started, nothing left behind.
 * - Write transactions of this process take turns, first come first served, before they ask SQLite for the lock:
 *   polling alone let a writer with back-to-back transactions (the rollup job after a backfill) take the lock again
 *   in each gap while another (ingest) slept between attempts — acknowledgements waited up to a second.
 * - BEGIN, COMMIT, ROLLBACK, SAVEPOINT and RELEASE run through exec(), which finalizes its statements even when
 *   they fail.
 * - A COMMIT that fails is rolled back at once, so a connection never goes back to the pool inside a transaction.
 * - A connection on which a statement failed with SQLITE_BUSY/SQLITE_LOCKED (a write outside any transaction,
 *   still waited for with the synchronous busy timeout) is replaced at its next use instead of being reused.
 * - A connection the pool destroys is rolled back first, should it still be inside a transaction.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { LibSqlKnexDialect } from '@mikro-orm/knex';
import type { LockWaitConfig } from './write-lock.js';

/** Busy timeout of statements outside transactions (autocommit writes); it blocks the event loop while it waits. */
export const BUSY_TIMEOUT_MS = 5000;
/** How long a transaction waits for the write lock unless its config says otherwise (write-lock.ts). */
export const LOCK_WAIT_MS = 5000;
/** Pauses between attempts to take the write lock, ms (the last one repeats). */
const RETRY_PAUSES_MS = [1, 2, 5, 10, 15, 20, 25, 25, 50];

/** The parts of a libsql connection used here. */
interface Conn {
  exec(sql: string): void;
  readonly inTransaction: boolean;
  close(): void;
  /** Set when a prepared statement on it failed with SQLITE_BUSY/LOCKED and may be stuck in progress. */
  __stuck?: boolean;
  /** The wait for the write lock of the BEGIN about to run on it (from the transaction's config). */
  __lockWaitMs?: number;
  /** Ends this connection's write turn (set while a transaction of it holds one). */
  __endTurn?: () => void;
}

const isBusy = (err: unknown) => /^SQLITE_(BUSY|LOCKED)/.test(String((err as { code?: unknown })?.code ?? ''));

const CONTROL = /^\s*(begin|commit|end|rollback|savepoint|release)\b/i;

/** Takes the write lock asynchronously: attempts that never wait inside SQLite, pauses that free the event loop. */
async function beginImmediate(conn: Conn, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  conn.exec('pragma busy_timeout = 0');
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        conn.exec('BEGIN IMMEDIATE');
        return;
      } catch (err) {
        if (!isBusy(err) || Date.now() >= deadline) throw err;
      }
      const pause = RETRY_PAUSES_MS[Math.min(attempt, RETRY_PAUSES_MS.length - 1)];
      await sleep(Math.max(1, Math.min(pause, deadline - Date.now())));
    }
  } finally {
    conn.exec(`pragma busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}

/** An error like SQLite's own when the lock is not had in time (callers treat both alike). */
function busyError(): Error {
  return Object.assign(new Error('SQLITE_BUSY: database is locked (waited for this process\'s earlier writes)'), { code: 'SQLITE_BUSY' });
}

/** Write transactions of this process, one at a time, in the order they asked. */
class WriteTurns {
  private held = false;
  private readonly queue: Array<() => void> = [];

  /** Resolves with the function that ends the turn, once it is the caller's; rejects (busy) after `timeoutMs`. */
  take(timeoutMs: number): Promise<() => void> {
    return new Promise((resolve, reject) => {
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        const next = this.queue.shift();
        if (next) next();
        else this.held = false;
      };
      if (!this.held) {
        this.held = true;
        return resolve(end);
      }
      const grant = () => {
        clearTimeout(timer);
        resolve(end);
      };
      const timer = setTimeout(() => {
        const i = this.queue.indexOf(grant);
        if (i >= 0) this.queue.splice(i, 1);
        reject(busyError());
      }, timeoutMs);
      this.queue.push(grant);
    });
  }
}

const turns = new WriteTurns();

function endTurn(conn: Conn): void {
  const end = conn.__endTurn;
  conn.__endTurn = undefined;
  end?.();
}

/** Takes this process's write turn, then SQLite's write lock, within `waitMs` in all. */
async function begin(conn: Conn, waitMs: number): Promise<void> {
  const started = Date.now();
  const end = await turns.take(waitMs);
  try {
    await beginImmediate(conn, Math.max(0, waitMs - (Date.now() - started)));
  } catch (err) {
    end();
    throw err;
  }
  conn.__endTurn = end;
}

function commit(conn: Conn): void {
  try {
    conn.exec('COMMIT');
  } catch (err) {
    // knex ends the transaction on a failed COMMIT: it releases the connection and refuses the ROLLBACK that
    // follows. Roll back here, or the connection would go on holding the write lock.
    if (conn.inTransaction) {
      try {
        conn.exec('ROLLBACK');
      } catch {
        // Nothing more to try; the error that matters is the COMMIT's.
      }
    }
    throw err;
  }
}

export class SafeLibSqlDialect extends LibSqlKnexDialect {
  transaction(...args: unknown[]): any {
    const trx = super.transaction(...args);
    const lockWaitMs = (args[1] as LockWaitConfig | undefined)?.lockWaitMs;
    // knex's begin() turns a failed BEGIN into a transaction that is "already complete" but still handed to the
    // caller, whose first query then fails with that message instead of the cause. Let the cause reject the
    // transaction (knex then releases the connection, which is in no transaction: BEGIN did not happen).
    trx.begin = (conn: Conn) => {
      conn.__lockWaitMs = lockWaitMs;
      return trx.trxClient.query(conn, 'BEGIN;');
    };
    return trx;
  }

  override async _query(this: any, connection: Conn, obj: { sql?: string; response?: unknown; context?: unknown }): Promise<any> {
    const control = CONTROL.exec(obj.sql ?? '');
    if (!control) {
      try {
        return await LibSqlKnexDialect.prototype._query.call(this, connection, obj);
      } catch (err) {
        if (isBusy(err)) connection.__stuck = true;
        throw err;
      }
    }
    const sql = obj.sql!.trim().replace(/;$/, '');
    switch (control[1].toLowerCase()) {
      case 'begin': {
        const wait = connection.__lockWaitMs ?? LOCK_WAIT_MS;
        connection.__lockWaitMs = undefined;
        await begin(connection, wait);
        break;
      }
      case 'commit':
      case 'end':
        try {
          commit(connection);
        } finally {
          endTurn(connection);
        }
        break;
      case 'rollback':
        if (/^rollback\s+to\b/i.test(sql)) {
          connection.exec(sql);
          break;
        }
        // A whole-transaction ROLLBACK with none open (SQLite may have rolled back on its own) has nothing to undo.
        try {
          if (connection.inTransaction) connection.exec(sql);
        } finally {
          endTurn(connection);
        }
        break;
      default:
        connection.exec(sql);
    }
    obj.response = { changes: 0, lastInsertRowid: 0 };
    obj.context = { lastID: 0, changes: 0 };
    return obj;
  }

  override validateConnection(connection: Conn): boolean {
    return !connection.__stuck && super.validateConnection(connection);
  }

  async destroyRawConnection(connection: Conn): Promise<void> {
    endTurn(connection);
    // libsql's close() leaves the connection open while statements reference it: never leave it in a transaction.
    if (connection.inTransaction) {
      try {
        connection.exec('ROLLBACK');
      } catch {
        // Closing anyway.
      }
    }
    connection.close();
  }
}
