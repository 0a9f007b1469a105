import { Migration } from '@mikro-orm/migrations';

export class Migration20261124203301_init extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`account\` (\`id\` integer not null primary key autoincrement, \`phone\` text not null, \`full_name\` text null, \`email\` text null, \`role\` text check (\`role\` in ('CUSTOMER', 'OPERATOR')) not null default 'CUSTOMER', \`created_at\` datetime not null);`);
    this.addSql(`create unique index \`account_phone_unique\` on \`account\` (\`phone\`);`);

    this.addSql(`create table \`controller\` (\`id\` integer not null primary key autoincrement, \`serial\` text not null, \`model\` text null, \`firmware\` text null, \`reporting_interval_s\` integer not null default 900, \`last_seen_at\` datetime null, \`created_at\` datetime not null);`);
    this.addSql(`create unique index \`controller_serial_unique\` on \`controller\` (\`serial\`);`);

    this.addSql(`create table \`device_token\` (\`id\` integer not null primary key autoincrement, \`controller_id\` integer not null, \`token_hash\` text not null, \`created_at\` datetime not null, \`revoked_at\` datetime null, constraint \`device_token_controller_id_foreign\` foreign key(\`controller_id\`) references \`controller\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create unique index \`device_token_token_hash_unique\` on \`device_token\` (\`token_hash\`);`);
    this.addSql(`create index \`device_token_by_controller\` on \`device_token\` (\`controller_id\`);`);

    this.addSql(`create table \`meter\` (\`id\` integer not null primary key autoincrement, \`serial\` text not null, \`kind\` text not null, \`model\` text null, \`zones\` integer not null default 1, \`phases\` integer not null default 1, \`controller_id\` integer null, \`created_at\` datetime not null, constraint \`meter_controller_id_foreign\` foreign key(\`controller_id\`) references \`controller\`(\`id\`) on delete set null on update cascade);`);
    this.addSql(`create unique index \`meter_serial_unique\` on \`meter\` (\`serial\`);`);
    this.addSql(`create index \`meter_by_controller\` on \`meter\` (\`controller_id\`);`);

    this.addSql(`create table \`binding\` (\`id\` integer not null primary key autoincrement, \`account_id\` integer not null, \`controller_id\` integer null, \`meter_id\` integer null, \`bound_at\` datetime not null, \`unbound_at\` datetime null, constraint \`binding_account_id_foreign\` foreign key(\`account_id\`) references \`account\`(\`id\`) on delete cascade on update cascade, constraint \`binding_controller_id_foreign\` foreign key(\`controller_id\`) references \`controller\`(\`id\`) on delete set null on update cascade, constraint \`binding_meter_id_foreign\` foreign key(\`meter_id\`) references \`meter\`(\`id\`) on delete set null on update cascade);`);
    this.addSql(`create index \`binding_account_id_index\` on \`binding\` (\`account_id\`);`);
    this.addSql(`create index \`binding_by_meter\` on \`binding\` (\`meter_id\`);`);
    this.addSql(`create index \`binding_by_controller\` on \`binding\` (\`controller_id\`);`);
    this.addSql(`create index \`binding_by_account\` on \`binding\` (\`account_id\`, \`unbound_at\`);`);

    this.addSql(`create table \`password_credential\` (\`account_id\` integer not null, \`hash\` text not null, \`updated_at\` datetime not null, constraint \`password_credential_account_id_foreign\` foreign key(\`account_id\`) references \`account\`(\`id\`) on delete cascade on update cascade, primary key (\`account_id\`));`);

    this.addSql(`create table \`session\` (\`id\` integer not null primary key autoincrement, \`account_id\` integer not null, \`token_hash\` text not null, \`kind\` text check (\`kind\` in ('SESSION', 'ACCESS_TOKEN')) not null default 'SESSION', \`name\` text null, \`user_agent\` text null, \`ip\` text null, \`created_at\` datetime not null, \`last_used_at\` datetime not null, \`expires_at\` datetime null, \`revoked_at\` datetime null, constraint \`session_account_id_foreign\` foreign key(\`account_id\`) references \`account\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create unique index \`session_token_hash_unique\` on \`session\` (\`token_hash\`);`);
    this.addSql(`create index \`session_by_account\` on \`session\` (\`account_id\`);`);
  }

}
