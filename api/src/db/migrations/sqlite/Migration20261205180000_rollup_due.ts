import { Migration } from '@mikro-orm/migrations';

/** Due rollup ranges found by age (see the PostgreSQL migration of the same name). */
export class Migration20261205180000_rollup_due extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index \`rollup_dirty_from_time_index\` on \`rollup_dirty\` (\`from_time\`);`);
  }
}
