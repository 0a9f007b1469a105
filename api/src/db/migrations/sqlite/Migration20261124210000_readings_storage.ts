import { Migration } from '@mikro-orm/migrations';

/**
 * Hand-written: the readings tables are the hot path. WITHOUT ROWID stores each row once, inside the
 * primary-key b-tree (meter, quantity, time), instead of a rowid table plus a separate key index.
 * Times are epoch milliseconds, as MikroORM stores every datetime on SQLite.
 */
export class Migration20261124210000_readings_storage extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table \`reading\` (
      \`meter_id\` integer not null references \`meter\` (\`id\`) on update cascade,
      \`quantity\` text not null,
      \`time\` datetime not null,
      \`value\` double not null,
      primary key (\`meter_id\`, \`quantity\`, \`time\`)
    ) without rowid;`);
    this.addSql(`create table \`latest_reading\` (
      \`meter_id\` integer not null references \`meter\` (\`id\`) on update cascade,
      \`quantity\` text not null,
      \`time\` datetime not null,
      \`value\` double not null,
      primary key (\`meter_id\`, \`quantity\`)
    ) without rowid;`);
  }
}
