import { Migration } from '@mikro-orm/migrations';

/**
 * Hand-written: raw readings partitioned by time (issue 19), so that retention drops a week of them as a file
 * instead of deleting millions of rows (readings/partitions/). Fresh databases go through the same path with an
 * empty table.
 *
 * - Weekly range partitions on UTC Mondays, named reading_wYYYYMMDD. Weekly rather than daily: measured on a year
 *   of data (SCALING.md, issue 19), PostgreSQL 15 pays per partition in every prepared (generic) plan — a one-meter
 *   "reading before t" went from 0.15 ms unpartitioned to 1.0 ms with 56 weekly partitions and 17 ms with 384 daily.
 * - A partition for every week that holds a reading (from 2000, ingest's floor, to five weeks ahead) and for the
 *   weeks from last week to four weeks ahead; maintenance keeps creating them ahead. Weeks are not filled in
 *   between: a modem whose clock once said 2003 costs one partition, not a thousand.
 * - A DEFAULT partition catches whatever has no week (an odd clock, a maintenance that did not run): no reading is
 *   ever refused for want of a partition; maintenance moves such rows into their week.
 * - The primary key (meter, quantity, time) stays the only index and contains the partition key, as PostgreSQL
 *   requires. There is no foreign key to keep (Migration20261203110000 dropped it).
 * - The rows move in one INSERT … SELECT inside the migration's transaction: all or nothing, never a lost reading.
 *   Measured here: ≈ 300,000 rows/s (SCALING.md, pnpm bench retention), about 3.3 s per million readings; the API is not serving
 *   during migrations (openDatabase migrates before the server listens).
 *
 * reading_retention holds the raw horizon: raw readings before it may have been dropped by retention, so the
 * rollups before it are final and are never recomputed (rollups.service.ts).
 */
export class Migration20261205120000_reading_partitions extends Migration {
  override async up(): Promise<void> {
    // Week boundaries and partition names in UTC whatever the server's TimeZone (local to this transaction).
    this.addSql(`set local time zone 'UTC';`);
    this.addSql(`alter table "reading" rename to "reading_unpartitioned";`);
    this.addSql(`alter table "reading_unpartitioned" rename constraint "reading_pkey" to "reading_unpartitioned_pkey";`);
    this.addSql(`create table "reading" (
      "meter_id" int not null,
      "quantity" varchar(24) not null,
      "time" timestamptz not null,
      "value" double precision not null,
      constraint "reading_pkey" primary key ("meter_id", "quantity", "time")
    ) partition by range ("time");`);
    this.addSql(`create table "reading_default" partition of "reading" default;`);
    this.addSql(`do $$
      declare w timestamptz;
      begin
        for w in
          select distinct date_trunc('week', "time") from "reading_unpartitioned"
            where "time" >= '2000-01-01' and "time" < date_trunc('week', now()) + interval '5 weeks'
          union
          select generate_series(date_trunc('week', now()) - interval '1 week', date_trunc('week', now()) + interval '4 weeks', interval '1 week')
        loop
          execute format('create table %I partition of "reading" for values from (%L) to (%L)',
                         'reading_w' || to_char(w, 'YYYYMMDD'), w, w + interval '1 week');
        end loop;
      end $$;`);
    this.addSql(`insert into "reading" ("meter_id", "quantity", "time", "value") select "meter_id", "quantity", "time", "value" from "reading_unpartitioned";`);
    this.addSql(`drop table "reading_unpartitioned";`);
    this.addSql(`create table "reading_retention" (
      "id" int not null default 1 check ("id" = 1),
      "horizon" timestamptz not null,
      constraint "reading_retention_pkey" primary key ("id")
    );`);
    this.addSql(`analyze "reading";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "reading_retention";`);
    this.addSql(`create table "reading_unpartitioned" (
      "meter_id" int not null,
      "quantity" varchar(24) not null,
      "time" timestamptz not null,
      "value" double precision not null,
      constraint "reading_unpartitioned_pkey" primary key ("meter_id", "quantity", "time")
    );`);
    this.addSql(`insert into "reading_unpartitioned" select "meter_id", "quantity", "time", "value" from "reading";`);
    this.addSql(`drop table "reading";`);
    this.addSql(`alter table "reading_unpartitioned" rename to "reading";`);
    this.addSql(`alter table "reading" rename constraint "reading_unpartitioned_pkey" to "reading_pkey";`);
  }
}
