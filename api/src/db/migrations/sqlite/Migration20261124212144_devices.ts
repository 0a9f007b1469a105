import { Migration } from '@mikro-orm/migrations';

export class Migration20261124212144_devices extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`meter_label\` (\`id\` integer not null primary key autoincrement, \`account_id\` integer not null, \`meter_id\` integer not null, \`label\` text not null, constraint \`meter_label_account_id_foreign\` foreign key(\`account_id\`) references \`account\`(\`id\`) on delete cascade on update cascade, constraint \`meter_label_meter_id_foreign\` foreign key(\`meter_id\`) references \`meter\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`meter_label_account_id_index\` on \`meter_label\` (\`account_id\`);`);
    this.addSql(`create index \`meter_label_meter_id_index\` on \`meter_label\` (\`meter_id\`);`);
    this.addSql(`create unique index \`meter_label_unique\` on \`meter_label\` (\`account_id\`, \`meter_id\`);`);

    this.addSql(`alter table \`controller\` add column \`signal_dbm\` double null;`);
    this.addSql(`alter table \`controller\` add column \`battery_pct\` double null;`);
    this.addSql(`alter table \`controller\` add column \`claim_code_hash\` text null;`);
    this.addSql(`alter table \`controller\` add column \`revoked_at\` datetime null;`);

    this.addSql(`alter table \`meter\` add column \`install_address\` text null;`);
    this.addSql(`alter table \`meter\` add column \`verification_due\` date null;`);
    this.addSql(`alter table \`meter\` add column \`claim_code_hash\` text null;`);
  }

}
