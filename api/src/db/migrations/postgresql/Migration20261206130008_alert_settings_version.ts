import { Migration } from '@mikro-orm/migrations';

export class Migration20261206130008_alert_settings_version extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "alert_settings" add column "version" int not null default 0;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "alert_settings" drop column "version";`);
  }

}
