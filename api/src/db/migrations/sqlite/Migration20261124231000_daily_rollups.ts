import { Migration } from '@mikro-orm/migrations';

/** Hand-written: daily rollups in the reporting time zone (REPORT_TIME_ZONE), derived from the hourly ones. */
export class Migration20261124231000_daily_rollups extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table \`reading_day\` (
      \`meter_id\` integer not null references \`meter\` (\`id\`) on update cascade,
      \`quantity\` text not null,
      \`zone\` text not null,
      \`day\` datetime not null,
      \`hours\` integer not null,
      \`count\` integer not null,
      \`sum\` double null,
      \`min\` double null,
      \`max\` double null,
      \`consumption\` double null,
      \`complete_hours\` integer not null,
      \`discontinuity\` integer not null,
      \`z2_1\` double null, \`z2_2\` double null,
      \`z3_1\` double null, \`z3_2\` double null, \`z3_3\` double null,
      primary key (\`meter_id\`, \`quantity\`, \`zone\`, \`day\`)
    ) without rowid;`);
  }
}
