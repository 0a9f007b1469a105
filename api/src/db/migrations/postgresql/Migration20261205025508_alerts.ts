import { Migration } from '@mikro-orm/migrations';

export class Migration20261205025508_alerts extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "away_period" ("id" serial primary key, "account_id" int not null, "from" timestamptz not null, "to" timestamptz not null, "created_at" timestamptz not null);`);
    this.addSql(`create index "away_period_by_account" on "away_period" ("account_id", "to");`);

    this.addSql(`create table "alert_settings" ("id" serial primary key, "account_id" int not null, "meter_id" int not null, "continuous_flow_until" timestamptz null, "leak_hours" int null, "night_leak_hours" int null, "min_litres_per_hour" int null, "burst_litres" int null, "baseload_w" int null, "disabled" varchar(200) not null default '');`);
    this.addSql(`alter table "alert_settings" add constraint "alert_settings_by_meter" unique ("meter_id", "account_id");`);

    this.addSql(`create table "alert" ("id" serial primary key, "account_id" int not null, "meter_id" int null, "controller_id" int null, "subject" varchar(40) not null, "rule" varchar(24) not null, "severity" varchar(16) not null, "stage" varchar(16) null, "details" text not null, "opened_at" timestamptz not null, "seen_at" timestamptz not null, "resolved_at" timestamptz null, "acknowledged_at" timestamptz null, "muted_until" timestamptz null);`);
    this.addSql(`create unique index "alert_open" on "alert" ("subject", "rule") where "resolved_at" is null;`);
    this.addSql(`create index "alert_by_account" on "alert" ("account_id", "opened_at");`);

    this.addSql(`alter table "away_period" add constraint "away_period_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "alert_settings" add constraint "alert_settings_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "alert_settings" add constraint "alert_settings_meter_id_foreign" foreign key ("meter_id") references "meter" ("id") on update cascade;`);

    this.addSql(`alter table "alert" add constraint "alert_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "alert" add constraint "alert_meter_id_foreign" foreign key ("meter_id") references "meter" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "alert" add constraint "alert_controller_id_foreign" foreign key ("controller_id") references "controller" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "away_period" cascade;`);

    this.addSql(`drop table if exists "alert_settings" cascade;`);

    this.addSql(`drop table if exists "alert" cascade;`);
  }

}
