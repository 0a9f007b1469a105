import { Migration } from '@mikro-orm/migrations';

/**
 * Hand-written, like the readings tables: hourly rollups (what reports read instead of raw rows) and the
 * ranges ingest marks for the rollup job to recompute.
 */
export class Migration20261124230000_rollups extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table \`reading_hour\` (
      \`meter_id\` integer not null references \`meter\` (\`id\`) on update cascade,
      \`quantity\` text not null,
      \`hour\` datetime not null,
      \`count\` integer not null,
      \`sum\` double null,
      \`min\` double null,
      \`max\` double null,
      \`consumption\` double null,
      \`covered_ms\` integer not null,
      \`discontinuity\` integer not null,
      primary key (\`meter_id\`, \`quantity\`, \`hour\`)
    ) without rowid;`);
    this.addSql(`create table \`rollup_dirty\` (
      \`meter_id\` integer not null,
      \`quantity\` text not null,
      \`from_time\` datetime not null,
      \`to_time\` datetime not null,
      primary key (\`meter_id\`, \`quantity\`)
    ) without rowid;`);
  }
}
