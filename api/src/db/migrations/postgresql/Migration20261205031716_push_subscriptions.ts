import { Migration } from '@mikro-orm/migrations';

export class Migration20261205031716_push_subscriptions extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "push_subscription" ("id" serial primary key, "account_id" int not null, "endpoint" varchar(1000) not null, "p256dh" varchar(200) not null, "auth" varchar(100) not null, "created_at" timestamptz not null, "last_sent_at" timestamptz null);`);
    this.addSql(`alter table "push_subscription" add constraint "push_subscription_endpoint_unique" unique ("endpoint");`);
    this.addSql(`create index "push_subscription_by_account" on "push_subscription" ("account_id");`);

    this.addSql(`alter table "push_subscription" add constraint "push_subscription_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "push_subscription" cascade;`);
  }

}
