import { Migration } from '@mikro-orm/migrations';

/**
 * Hand-written: the readings tables are the hot path. The primary key (meter, quantity, time) is the
 * only index: it makes ingest idempotent and serves every per-meter time-range query.
 */
export class Migration20261124210000_readings_storage extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "reading" (
      "meter_id" int not null references "meter" ("id") on update cascade,
      "quantity" varchar(24) not null,
      "time" timestamptz not null,
      "value" double precision not null,
      constraint "reading_pkey" primary key ("meter_id", "quantity", "time")
    );`);
    this.addSql(`create table "latest_reading" (
      "meter_id" int not null references "meter" ("id") on update cascade,
      "quantity" varchar(24) not null,
      "time" timestamptz not null,
      "value" double precision not null,
      constraint "latest_reading_pkey" primary key ("meter_id", "quantity")
    );`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "latest_reading";`);
    this.addSql(`drop table if exists "reading";`);
  }
}
