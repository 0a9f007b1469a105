import { Migration } from '@mikro-orm/migrations';

export class Migration20261205035019_alert_preferences extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`alert_preferences\` (\`id\` integer not null primary key autoincrement, \`account_id\` integer not null, \`quiet_from\` integer null, \`quiet_to\` integer null, constraint \`alert_preferences_account_id_foreign\` foreign key(\`account_id\`) references \`account\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`alert_preferences_account_id_index\` on \`alert_preferences\` (\`account_id\`);`);
    this.addSql(`create unique index \`alert_preferences_account_id_unique\` on \`alert_preferences\` (\`account_id\`);`);
  }

}
