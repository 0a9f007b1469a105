import { Migration } from '@mikro-orm/migrations';

export class Migration20261205025508_alerts extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`away_period\` (\`id\` integer not null primary key autoincrement, \`account_id\` integer not null, \`from\` datetime not null, \`to\` datetime not null, \`created_at\` datetime not null, constraint \`away_period_account_id_foreign\` foreign key(\`account_id\`) references \`account\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`away_period_account_id_index\` on \`away_period\` (\`account_id\`);`);
    this.addSql(`create index \`away_period_by_account\` on \`away_period\` (\`account_id\`, \`to\`);`);

    this.addSql(`create table \`alert_settings\` (\`id\` integer not null primary key autoincrement, \`account_id\` integer not null, \`meter_id\` integer not null, \`continuous_flow_until\` datetime null, \`leak_hours\` integer null, \`night_leak_hours\` integer null, \`min_litres_per_hour\` integer null, \`burst_litres\` integer null, \`baseload_w\` integer null, \`disabled\` text not null default '', constraint \`alert_settings_account_id_foreign\` foreign key(\`account_id\`) references \`account\`(\`id\`) on delete cascade on update cascade, constraint \`alert_settings_meter_id_foreign\` foreign key(\`meter_id\`) references \`meter\`(\`id\`) on update cascade);`);
    this.addSql(`create index \`alert_settings_account_id_index\` on \`alert_settings\` (\`account_id\`);`);
    this.addSql(`create index \`alert_settings_meter_id_index\` on \`alert_settings\` (\`meter_id\`);`);
    this.addSql(`create unique index \`alert_settings_by_meter\` on \`alert_settings\` (\`meter_id\`, \`account_id\`);`);

    this.addSql(`create table \`alert\` (\`id\` integer not null primary key autoincrement, \`account_id\` integer not null, \`meter_id\` integer null, \`controller_id\` integer null, \`subject\` text not null, \`rule\` text not null, \`severity\` text not null, \`stage\` text null, \`details\` text not null, \`opened_at\` datetime not null, \`seen_at\` datetime not null, \`resolved_at\` datetime null, \`acknowledged_at\` datetime null, \`muted_until\` datetime null, constraint \`alert_account_id_foreign\` foreign key(\`account_id\`) references \`account\`(\`id\`) on delete cascade on update cascade, constraint \`alert_meter_id_foreign\` foreign key(\`meter_id\`) references \`meter\`(\`id\`) on delete set null on update cascade, constraint \`alert_controller_id_foreign\` foreign key(\`controller_id\`) references \`controller\`(\`id\`) on delete set null on update cascade);`);
    this.addSql(`create index \`alert_account_id_index\` on \`alert\` (\`account_id\`);`);
    this.addSql(`create index \`alert_meter_id_index\` on \`alert\` (\`meter_id\`);`);
    this.addSql(`create index \`alert_controller_id_index\` on \`alert\` (\`controller_id\`);`);
    this.addSql(`create unique index "alert_open" on "alert" ("subject", "rule") where "resolved_at" is null;`);
    this.addSql(`create index \`alert_by_account\` on \`alert\` (\`account_id\`, \`opened_at\`);`);
  }

}
