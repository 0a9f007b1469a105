import { Migration } from '@mikro-orm/migrations';

export class Migration20261205064630_webhooks extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "webhook" ("id" serial primary key, "account_id" int not null, "url" varchar(2000) not null, "description" varchar(200) null, "secret" varchar(100) not null, "created_at" timestamptz not null);`);
    this.addSql(`create index "webhook_account_id_index" on "webhook" ("account_id");`);

    this.addSql(`create table "webhook_delivery" ("id" varchar(36) not null, "webhook_id" int not null, "event" varchar(40) not null, "body" text not null, "status" varchar(16) not null default 'PENDING', "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "locked_by" varchar(64) null, "locked_until" timestamptz null, "response_status" int null, "error" varchar(1000) null, "created_at" timestamptz not null, "delivered_at" timestamptz null, constraint "webhook_delivery_pkey" primary key ("id"));`);
    this.addSql(`create index "webhook_delivery_webhook_id_index" on "webhook_delivery" ("webhook_id");`);
    this.addSql(`create index "webhook_delivery_due" on "webhook_delivery" ("status", "next_attempt_at");`);

    this.addSql(`alter table "webhook" add constraint "webhook_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "webhook_delivery" add constraint "webhook_delivery_webhook_id_foreign" foreign key ("webhook_id") references "webhook" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "webhook_delivery" drop constraint "webhook_delivery_webhook_id_foreign";`);

    this.addSql(`drop table if exists "webhook" cascade;`);

    this.addSql(`drop table if exists "webhook_delivery" cascade;`);
  }

}
