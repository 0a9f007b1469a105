import { Migration } from '@mikro-orm/migrations';

export class Migration20261124211323_accounts extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`one_time_token\` (\`id\` integer not null primary key autoincrement, \`token_hash\` text not null, \`purpose\` text not null, \`account_id\` integer null, \`phone\` text null, \`email\` text null, \`created_at\` datetime not null, \`expires_at\` datetime not null, \`used_at\` datetime null, constraint \`one_time_token_account_id_foreign\` foreign key(\`account_id\`) references \`account\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create unique index \`one_time_token_token_hash_unique\` on \`one_time_token\` (\`token_hash\`);`);
    this.addSql(`create index \`one_time_token_account_id_index\` on \`one_time_token\` (\`account_id\`);`);

    this.addSql(`create table \`phone_code\` (\`id\` integer not null primary key autoincrement, \`phone\` text not null, \`purpose\` text not null, \`code_hash\` text not null, \`account_id\` integer null, \`attempts\` integer not null default 0, \`created_at\` datetime not null, \`expires_at\` datetime not null, \`used_at\` datetime null, constraint \`phone_code_account_id_foreign\` foreign key(\`account_id\`) references \`account\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`phone_code_account_id_index\` on \`phone_code\` (\`account_id\`);`);
    this.addSql(`create index \`phone_code_lookup\` on \`phone_code\` (\`phone\`, \`purpose\`, \`created_at\`);`);

    this.addSql(`create table \`used_captcha\` (\`id\` text not null, \`expires_at\` datetime not null, primary key (\`id\`));`);

    this.addSql(`alter table \`account\` add column \`email_confirmed_at\` datetime null;`);
    this.addSql(`alter table \`account\` add column \`address\` text null;`);

    this.addSql(`alter table \`session\` add column \`via_recovery\` integer not null default false;`);
  }

}
