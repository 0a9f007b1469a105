import { Migration } from '@mikro-orm/migrations';

/** Hand-written: daily rollups in the reporting time zone (REPORT_TIME_ZONE), derived from the hourly ones. */
export class Migration20261124231000_daily_rollups extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "reading_day" (
      "meter_id" int not null references "meter" ("id") on update cascade,
      "quantity" varchar(24) not null,
      "zone" varchar(64) not null,
      "day" timestamptz not null,
      "hours" int not null,
      "count" int not null,
      "sum" double precision null,
      "min" double precision null,
      "max" double precision null,
      "consumption" double precision null,
      "complete_hours" int not null,
      "discontinuity" boolean not null,
      "z2_1" double precision null, "z2_2" double precision null,
      "z3_1" double precision null, "z3_2" double precision null, "z3_3" double precision null,
      constraint "reading_day_pkey" primary key ("meter_id", "quantity", "zone", "day")
    );`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "reading_day";`);
  }
}
