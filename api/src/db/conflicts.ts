/**
 * Find-or-create under concurrency. Two requests at once (two tabs, two API processes) may both find no row and both
 * insert one: a unique key lets one in. `againOnConflict` runs the work again when a unique key refused what it
 * wrote, so that the second finds what the first made and changes that instead — with a fresh EntityManager each
 * time, so that the refused insert is not flushed again later in the request.
 */
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';

export async function againOnConflict<T>(em: EntityManager, work: (em: EntityManager) => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(em.fork());
    } catch (err) {
      if (!(err instanceof UniqueConstraintViolationException) || attempt >= attempts) throw err;
    }
  }
}
