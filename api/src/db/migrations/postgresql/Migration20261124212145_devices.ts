import { Migration } from '@mikro-orm/migrations';

export class Migration20261124212145_devices extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "meter_label" ("id" serial primary key, "account_id" int not null, "meter_id" int not null, "label" varchar(100) not null);`);
    this.addSql(`alter table "meter_label" add constraint "meter_label_unique" unique ("account_id", "meter_id");`);

    this.addSql(`alter table "meter_label" add constraint "meter_label_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "meter_label" add constraint "meter_label_meter_id_foreign" foreign key ("meter_id") references "meter" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "controller" add column "signal_dbm" double precision null, add column "battery_pct" double precision null, add column "claim_code_hash" varchar(64) null, add column "revoked_at" timestamptz null;`);

    this.addSql(`alter table "meter" add column "install_address" varchar(500) null, add column "verification_due" date null, add column "claim_code_hash" varchar(64) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "meter_label" cascade;`);

    this.addSql(`alter table "controller" drop column "signal_dbm", drop column "battery_pct", drop column "claim_code_hash", drop column "revoked_at";`);

    this.addSql(`alter table "meter" drop column "install_address", drop column "verification_due", drop column "claim_code_hash";`);
  }

}
