import { Migration } from '@mikro-orm/migrations';

/**
 * Rollup workers share the dirty ranges: a worker claims a set for a while (a lease), so two workers never
 * recompute the same range, and a worker that dies holding a claim only delays its ranges until the lease ends.
 * A lease rather than a row lock held through the recomputation: ingest widens a claimed range meanwhile
 * (its upsert would otherwise wait behind the worker's whole transaction).
 */
export class Migration20261205150000_rollup_claims extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "rollup_dirty" add column "claimed_until" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "rollup_dirty" drop column "claimed_until";`);
  }
}
