import { Migration } from '@mikro-orm/migrations';

/** Rollup claims (see the PostgreSQL migration of the same name); one process writes SQLite, but the code is one. */
export class Migration20261205150000_rollup_claims extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`rollup_dirty\` add column \`claimed_until\` datetime null;`);
  }
}
