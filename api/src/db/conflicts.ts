/**
 * Find-or-create under concurrency. Two requests at once (two tabs, two API processes) may both find no row and both
 * insert one: a unique key lets one in. `againOnConflict` runs the work again when a unique key refused what it
 * wrote, so that the second finds what the first made and changes that instead — with a fresh EntityManager each
 * time, so that the refused insert is not flushed again later in the request.
 */
import { LockMode, UniqueConstraintViolationException, type EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { dialectOf } from './dialect.js';

export async function againOnConflict<T>(em: EntityManager, work: (em: EntityManager) => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(em.fork());
    } catch (err) {
      if (!(err instanceof UniqueConstraintViolationException) || attempt >= attempts) throw err;
    }
  }
}

/**
 * Check-then-write under concurrency (a limit: count, then insert): runs `work` in a transaction that holds the row
 * `id` of `entity` locked — PostgreSQL's SELECT … FOR UPDATE; SQLite's transactions take the write lock at BEGIN
 * (sqlite-dialect.ts) — so that two such transactions for one row take turns and the second counts the first's insert.
 */
export function lockedFor<T>(em: EntityManager, entity: EntityName<object>, id: number, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return em.transactional(async (tx) => {
    if (dialectOf(tx).isPostgres) await tx.findOneOrFail(entity, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
    return work(tx);
  });
}
