import { Migration } from '@mikro-orm/migrations';

export class Migration20261124211324_accounts extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "one_time_token" ("id" serial primary key, "token_hash" varchar(64) not null, "purpose" varchar(24) not null, "account_id" int null, "phone" varchar(16) null, "email" varchar(254) null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null);`);
    this.addSql(`alter table "one_time_token" add constraint "one_time_token_token_hash_unique" unique ("token_hash");`);

    this.addSql(`create table "phone_code" ("id" serial primary key, "phone" varchar(16) not null, "purpose" varchar(16) not null, "code_hash" varchar(64) not null, "account_id" int null, "attempts" int not null default 0, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null);`);
    this.addSql(`create index "phone_code_lookup" on "phone_code" ("phone", "purpose", "created_at");`);

    this.addSql(`create table "used_captcha" ("id" varchar(128) not null, "expires_at" timestamptz not null, constraint "used_captcha_pkey" primary key ("id"));`);

    this.addSql(`alter table "one_time_token" add constraint "one_time_token_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "phone_code" add constraint "phone_code_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "account" add column "email_confirmed_at" timestamptz null, add column "address" varchar(500) null;`);

    this.addSql(`alter table "session" add column "via_recovery" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "one_time_token" cascade;`);

    this.addSql(`drop table if exists "phone_code" cascade;`);

    this.addSql(`drop table if exists "used_captcha" cascade;`);

    this.addSql(`alter table "account" drop column "email_confirmed_at", drop column "address";`);

    this.addSql(`alter table "session" drop column "via_recovery";`);
  }

}
