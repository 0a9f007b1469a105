import { Migration } from '@mikro-orm/migrations';

export class Migration20261124203318_init extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "account" ("id" serial primary key, "phone" varchar(16) not null, "full_name" varchar(200) null, "email" varchar(254) null, "role" text check ("role" in ('CUSTOMER', 'OPERATOR')) not null default 'CUSTOMER', "created_at" timestamptz not null);`);
    this.addSql(`alter table "account" add constraint "account_phone_unique" unique ("phone");`);

    this.addSql(`create table "controller" ("id" serial primary key, "serial" varchar(64) not null, "model" varchar(100) null, "firmware" varchar(64) null, "reporting_interval_s" int not null default 900, "last_seen_at" timestamptz null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "controller" add constraint "controller_serial_unique" unique ("serial");`);

    this.addSql(`create table "device_token" ("id" serial primary key, "controller_id" int not null, "token_hash" varchar(64) not null, "created_at" timestamptz not null, "revoked_at" timestamptz null);`);
    this.addSql(`alter table "device_token" add constraint "device_token_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "device_token_by_controller" on "device_token" ("controller_id");`);

    this.addSql(`create table "meter" ("id" serial primary key, "serial" varchar(64) not null, "kind" varchar(16) not null, "model" varchar(100) null, "zones" int not null default 1, "phases" int not null default 1, "controller_id" int null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "meter" add constraint "meter_serial_unique" unique ("serial");`);
    this.addSql(`create index "meter_by_controller" on "meter" ("controller_id");`);

    this.addSql(`create table "binding" ("id" serial primary key, "account_id" int not null, "controller_id" int null, "meter_id" int null, "bound_at" timestamptz not null, "unbound_at" timestamptz null);`);
    this.addSql(`create index "binding_by_meter" on "binding" ("meter_id");`);
    this.addSql(`create index "binding_by_controller" on "binding" ("controller_id");`);
    this.addSql(`create index "binding_by_account" on "binding" ("account_id", "unbound_at");`);

    this.addSql(`create table "password_credential" ("account_id" int not null, "hash" varchar(255) not null, "updated_at" timestamptz not null, constraint "password_credential_pkey" primary key ("account_id"));`);

    this.addSql(`create table "session" ("id" serial primary key, "account_id" int not null, "token_hash" varchar(64) not null, "kind" text check ("kind" in ('SESSION', 'ACCESS_TOKEN')) not null default 'SESSION', "name" varchar(100) null, "user_agent" varchar(300) null, "ip" varchar(64) null, "created_at" timestamptz not null, "last_used_at" timestamptz not null, "expires_at" timestamptz null, "revoked_at" timestamptz null);`);
    this.addSql(`alter table "session" add constraint "session_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "session_by_account" on "session" ("account_id");`);

    this.addSql(`alter table "device_token" add constraint "device_token_controller_id_foreign" foreign key ("controller_id") references "controller" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "meter" add constraint "meter_controller_id_foreign" foreign key ("controller_id") references "controller" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "binding" add constraint "binding_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "binding" add constraint "binding_controller_id_foreign" foreign key ("controller_id") references "controller" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "binding" add constraint "binding_meter_id_foreign" foreign key ("meter_id") references "meter" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "password_credential" add constraint "password_credential_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "session" add constraint "session_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "binding" drop constraint "binding_account_id_foreign";`);

    this.addSql(`alter table "password_credential" drop constraint "password_credential_account_id_foreign";`);

    this.addSql(`alter table "session" drop constraint "session_account_id_foreign";`);

    this.addSql(`alter table "device_token" drop constraint "device_token_controller_id_foreign";`);

    this.addSql(`alter table "meter" drop constraint "meter_controller_id_foreign";`);

    this.addSql(`alter table "binding" drop constraint "binding_controller_id_foreign";`);

    this.addSql(`alter table "binding" drop constraint "binding_meter_id_foreign";`);

    this.addSql(`drop table if exists "account" cascade;`);

    this.addSql(`drop table if exists "controller" cascade;`);

    this.addSql(`drop table if exists "device_token" cascade;`);

    this.addSql(`drop table if exists "meter" cascade;`);

    this.addSql(`drop table if exists "binding" cascade;`);

    this.addSql(`drop table if exists "password_credential" cascade;`);

    this.addSql(`drop table if exists "session" cascade;`);
  }

}
