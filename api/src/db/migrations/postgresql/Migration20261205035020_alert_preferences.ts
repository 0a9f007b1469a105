import { Migration } from '@mikro-orm/migrations';

export class Migration20261205035020_alert_preferences extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "alert_preferences" ("id" serial primary key, "account_id" int not null, "quiet_from" int null, "quiet_to" int null);`);
    this.addSql(`alter table "alert_preferences" add constraint "alert_preferences_account_id_unique" unique ("account_id");`);

    this.addSql(`alter table "alert_preferences" add constraint "alert_preferences_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "alert_preferences" cascade;`);
  }

}
