import { Migration } from '@mikro-orm/migrations';

/**
 * The rollup job claims the ranges that are due — their first reading older than ROLLUP_SETTLE_S — oldest first.
 * In the steady state nearly every meter has a range waiting out its hour, so finding the due ones in primary-key
 * order would read most of the table on every claim; by `from_time` it reads the due ones only.
 */
export class Migration20261205180000_rollup_due extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "rollup_dirty_from_time_index" on "rollup_dirty" ("from_time");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "rollup_dirty_from_time_index";`);
  }
}
