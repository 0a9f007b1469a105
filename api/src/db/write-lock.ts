/**
 * Transactions that wait a bounded time for SQLite's write lock: sqlite-dialect.ts reads `lockWaitMs` from the
 * transaction's knex config when it begins it. No effect on PostgreSQL.
 *
 * The wait travels in the transaction's config, not in an AsyncLocalStorage: on Node 20 a storage in use installs
 * promise hooks for the whole process, a tax on every promise of every request and live stream.
 */
import type { EntityManager, Knex } from '@mikro-orm/knex';

/** The knex transaction config carrying the wait (read by the SQLite dialect). */
export interface LockWaitConfig extends Knex.TransactionConfig {
  lockWaitMs?: number;
}

/**
 * Runs `fn` in a transaction that waits at most `ms` for SQLite's write lock, then fails with SQLITE_BUSY, for
 * callers with a better answer than waiting: the ingest path answers 5.03 and the device retries. `fn` gets the
 * knex transaction: pass it as the context of `em.getConnection().execute(…)`.
 */
export function transactionWithLockWait<T>(em: EntityManager, ms: number, fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  const config: LockWaitConfig = { lockWaitMs: ms };
  return em.getConnection().getKnex().transaction(fn, config);
}
