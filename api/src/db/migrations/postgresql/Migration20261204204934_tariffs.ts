import { Migration } from '@mikro-orm/migrations';

export class Migration20261204204934_tariffs extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "tariff" ("id" serial primary key, "supplier_id" int null, "owner_id" int null, "meter_id" int null, "resource" varchar(16) not null, "name" varchar(200) not null, "time_zone" varchar(64) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`create index "tariff_by_meter" on "tariff" ("meter_id");`);

    this.addSql(`create table "tariff_version" ("id" serial primary key, "tariff_id" int not null, "effective_from" varchar(10) not null, "scheme" varchar(16) null, "zone_hours_json" text null, "tiers_json" text null, "cold_price" int null, "hot_price" int null, "sewerage_price" int null, "monthly_charge_kopecks" int not null default 0, "created_at" timestamptz not null);`);
    this.addSql(`alter table "tariff_version" add constraint "tariff_version_once" unique ("tariff_id", "effective_from");`);

    this.addSql(`alter table "tariff" add constraint "tariff_supplier_id_foreign" foreign key ("supplier_id") references "supplier" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "tariff" add constraint "tariff_owner_id_foreign" foreign key ("owner_id") references "account" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "tariff" add constraint "tariff_meter_id_foreign" foreign key ("meter_id") references "meter" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "tariff_version" add constraint "tariff_version_tariff_id_foreign" foreign key ("tariff_id") references "tariff" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "tariff_version" drop constraint "tariff_version_tariff_id_foreign";`);

    this.addSql(`drop table if exists "tariff" cascade;`);

    this.addSql(`drop table if exists "tariff_version" cascade;`);
  }

}
