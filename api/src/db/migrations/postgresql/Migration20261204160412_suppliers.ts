import { Migration } from '@mikro-orm/migrations';

export class Migration20261204160412_suppliers extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "supplier" ("id" serial primary key, "name" varchar(200) not null, "inn" varchar(12) not null, "resource_list" varchar(64) not null, "window_first_day" int not null, "window_last_day" int not null, "cutoff_time" varchar(5) not null, "time_zone" varchar(64) not null, "account_pattern" varchar(200) not null, "account_example" varchar(64) not null, "volume_decimals" int not null, "channel" varchar(16) not null, "webhook_url" varchar(500) null, "email" varchar(254) null, "secret_version" int not null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);

    this.addSql(`create table "submission" ("id" serial primary key, "meter_id" int not null, "supplier_id" int not null, "account_id" int not null, "account_number" varchar(64) not null, "period" varchar(7) not null, "status" varchar(16) not null, "channel" varchar(16) not null, "values_json" text null, "reading_time" timestamptz null, "entered_by_customer" boolean not null, "body" text null, "idempotency_key" varchar(64) not null, "attempts" int not null, "next_attempt_at" timestamptz not null, "window_closes_at" timestamptz not null, "locked_by" varchar(64) null, "locked_until" timestamptz null, "reason" varchar(64) null, "reason_message" varchar(1000) null, "delivered_at" timestamptz null, "decided_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "submission" add constraint "submission_idempotency_key_unique" unique ("idempotency_key");`);
    this.addSql(`create index "submission_by_supplier" on "submission" ("supplier_id", "period");`);
    this.addSql(`create index "submission_due" on "submission" ("status", "next_attempt_at");`);
    this.addSql(`alter table "submission" add constraint "submission_once_per_period" unique ("meter_id", "supplier_id", "account_number", "period");`);

    this.addSql(`create table "supplier_link" ("id" serial primary key, "account_id" int not null, "meter_id" int not null, "supplier_id" int not null, "account_number" varchar(64) not null, "linked_at" timestamptz not null, "unlinked_at" timestamptz null);`);
    this.addSql(`create index "supplier_link_by_meter" on "supplier_link" ("meter_id", "unlinked_at");`);

    this.addSql(`alter table "submission" add constraint "submission_meter_id_foreign" foreign key ("meter_id") references "meter" ("id") on update cascade;`);
    this.addSql(`alter table "submission" add constraint "submission_supplier_id_foreign" foreign key ("supplier_id") references "supplier" ("id") on update cascade;`);
    this.addSql(`alter table "submission" add constraint "submission_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade;`);

    this.addSql(`alter table "supplier_link" add constraint "supplier_link_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade;`);
    this.addSql(`alter table "supplier_link" add constraint "supplier_link_meter_id_foreign" foreign key ("meter_id") references "meter" ("id") on update cascade;`);
    this.addSql(`alter table "supplier_link" add constraint "supplier_link_supplier_id_foreign" foreign key ("supplier_id") references "supplier" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "submission" drop constraint "submission_supplier_id_foreign";`);

    this.addSql(`alter table "supplier_link" drop constraint "supplier_link_supplier_id_foreign";`);

    this.addSql(`drop table if exists "supplier" cascade;`);

    this.addSql(`drop table if exists "submission" cascade;`);

    this.addSql(`drop table if exists "supplier_link" cascade;`);
  }

}
