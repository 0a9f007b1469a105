import { Migration } from '@mikro-orm/migrations';

/**
 * Hand-written, like the readings tables: hourly rollups (what reports read instead of raw rows) and the
 * ranges ingest marks for the rollup job to recompute.
 */
export class Migration20261124230000_rollups extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "reading_hour" (
      "meter_id" int not null references "meter" ("id") on update cascade,
      "quantity" varchar(24) not null,
      "hour" timestamptz not null,
      "count" int not null,
      "sum" double precision null,
      "min" double precision null,
      "max" double precision null,
      "consumption" double precision null,
      "covered_ms" int not null,
      "discontinuity" boolean not null,
      constraint "reading_hour_pkey" primary key ("meter_id", "quantity", "hour")
    );`);
    this.addSql(`create table "rollup_dirty" (
      "meter_id" int not null,
      "quantity" varchar(24) not null,
      "from_time" timestamptz not null,
      "to_time" timestamptz not null,
      constraint "rollup_dirty_pkey" primary key ("meter_id", "quantity")
    );`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rollup_dirty";`);
    this.addSql(`drop table if exists "reading_hour";`);
  }
}
