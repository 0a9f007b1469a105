import { Migration } from '@mikro-orm/migrations';

export class Migration20261206130008_alert_settings_version extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`alert_settings\` add column \`version\` integer not null default 0;`);
  }

}
