/**
 * How long a transaction may wait for SQLite's write lock, per call path (see sqlite-dialect.ts, which reads it
 * when it begins a transaction). No effect on PostgreSQL.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const lockWait = new AsyncLocalStorage<number>();

/**
 * Runs `fn` with transactions that wait at most `ms` for SQLite's write lock, then fail with SQLITE_BUSY. For
 * callers with a better answer than waiting: the ingest path answers 5.03 and the device retries.
 */
export function withWriteLockWait<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  return lockWait.run(ms, fn);
}

/** The wait set by `withWriteLockWait` around the current call, if any. */
export function writeLockWait(): number | undefined {
  return lockWait.getStore();
}
