/**
 * Tariffs as loaded, kept between requests of one API process: pricing a report looked its tariff up with a joined
 * load on every request (≈ 2 ms of MikroORM hydration, more than pricing a year of days), while tariffs change a
 * few times a year. The lookup still asks the database which tariffs apply, with one small query that returns each
 * one's stamp (its own and its supplier's `updated_at`); a cached tariff is used only while its stamp is unchanged,
 * so a change made through any API process is seen by the next report of every process — no invalidation messages
 * to lose. Every change of a tariff (rename, a version added or replaced) bumps its `updated_at`
 * (tariff.entity.ts), and a removed tariff is no longer among the candidates.
 *
 * The cached entities are read-only snapshots shared by concurrent requests: loaded with their versions and supplier
 * on an EntityManager of the cache's own, never flushed. Least recently used entries go beyond `capacity`.
 */
import type { EntityManager } from '@mikro-orm/core';
import { Tariff } from './tariff.entity.js';

export class TariffCache {
  private readonly entries = new Map<number, { stamp: string; tariff: Tariff }>();

  constructor(
    private readonly capacity = 5_000,
    /** Counts for tests and metrics: loads that went to the database, and lookups answered from memory. */
    readonly stats = { loads: 0, hits: 0 },
  ) {}

  /**
   * The tariffs `ids` with versions and supplier (ascending id), each from memory while its stamp is `stamps[i]`,
   * else loaded (on a fork of `em`: the snapshot must not join the request's unit of work).
   */
  async load(em: EntityManager, ids: number[], stamps: string[]): Promise<Tariff[]> {
    const out = new Map<number, Tariff>();
    const missing: number[] = [];
    ids.forEach((id, i) => {
      const hit = this.entries.get(id);
      if (hit && hit.stamp === stamps[i]) {
        // Map order is recency order: move it to the end.
        this.entries.delete(id);
        this.entries.set(id, hit);
        out.set(id, hit.tariff);
        this.stats.hits++;
      } else missing.push(id);
    });
    if (missing.length) {
      this.stats.loads++;
      const loaded = await em.fork({ clear: true }).find(Tariff, { id: { $in: missing } }, { populate: ['versions', 'supplier'], strategy: 'joined' });
      for (const t of loaded) {
        out.set(t.id, t);
        this.entries.delete(t.id);
        this.entries.set(t.id, { stamp: stamps[ids.indexOf(t.id)]!, tariff: t });
      }
      while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    }
    return ids.flatMap((id) => out.get(id) ?? []);
  }

  clear(): void {
    this.entries.clear();
  }
}
