import { Migration } from '@mikro-orm/migrations';

export class Migration20261204160411_suppliers extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`supplier\` (\`id\` integer not null primary key autoincrement, \`name\` text not null, \`inn\` text not null, \`resource_list\` text not null, \`window_first_day\` integer not null, \`window_last_day\` integer not null, \`cutoff_time\` text not null, \`time_zone\` text not null, \`account_pattern\` text not null, \`account_example\` text not null, \`volume_decimals\` integer not null, \`channel\` text not null, \`webhook_url\` text null, \`email\` text null, \`secret_version\` integer not null, \`created_at\` datetime not null, \`updated_at\` datetime not null);`);

    this.addSql(`create table \`submission\` (\`id\` integer not null primary key autoincrement, \`meter_id\` integer not null, \`supplier_id\` integer not null, \`account_id\` integer not null, \`account_number\` text not null, \`period\` text not null, \`status\` text not null, \`channel\` text not null, \`values_json\` text null, \`reading_time\` datetime null, \`entered_by_customer\` integer not null, \`body\` text null, \`idempotency_key\` text not null, \`attempts\` integer not null, \`next_attempt_at\` datetime not null, \`window_closes_at\` datetime not null, \`locked_by\` text null, \`locked_until\` datetime null, \`reason\` text null, \`reason_message\` text null, \`delivered_at\` datetime null, \`decided_at\` datetime null, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`submission_meter_id_foreign\` foreign key(\`meter_id\`) references \`meter\`(\`id\`) on update cascade, constraint \`submission_supplier_id_foreign\` foreign key(\`supplier_id\`) references \`supplier\`(\`id\`) on update cascade, constraint \`submission_account_id_foreign\` foreign key(\`account_id\`) references \`account\`(\`id\`) on update cascade);`);
    this.addSql(`create index \`submission_meter_id_index\` on \`submission\` (\`meter_id\`);`);
    this.addSql(`create index \`submission_supplier_id_index\` on \`submission\` (\`supplier_id\`);`);
    this.addSql(`create index \`submission_account_id_index\` on \`submission\` (\`account_id\`);`);
    this.addSql(`create unique index \`submission_idempotency_key_unique\` on \`submission\` (\`idempotency_key\`);`);
    this.addSql(`create index \`submission_by_supplier\` on \`submission\` (\`supplier_id\`, \`period\`);`);
    this.addSql(`create index \`submission_due\` on \`submission\` (\`status\`, \`next_attempt_at\`);`);
    this.addSql(`create unique index \`submission_once_per_period\` on \`submission\` (\`meter_id\`, \`supplier_id\`, \`account_number\`, \`period\`);`);

    this.addSql(`create table \`supplier_link\` (\`id\` integer not null primary key autoincrement, \`account_id\` integer not null, \`meter_id\` integer not null, \`supplier_id\` integer not null, \`account_number\` text not null, \`linked_at\` datetime not null, \`unlinked_at\` datetime null, constraint \`supplier_link_account_id_foreign\` foreign key(\`account_id\`) references \`account\`(\`id\`) on update cascade, constraint \`supplier_link_meter_id_foreign\` foreign key(\`meter_id\`) references \`meter\`(\`id\`) on update cascade, constraint \`supplier_link_supplier_id_foreign\` foreign key(\`supplier_id\`) references \`supplier\`(\`id\`) on update cascade);`);
    this.addSql(`create index \`supplier_link_account_id_index\` on \`supplier_link\` (\`account_id\`);`);
    this.addSql(`create index \`supplier_link_meter_id_index\` on \`supplier_link\` (\`meter_id\`);`);
    this.addSql(`create index \`supplier_link_supplier_id_index\` on \`supplier_link\` (\`supplier_id\`);`);
    this.addSql(`create index \`supplier_link_by_meter\` on \`supplier_link\` (\`meter_id\`, \`unlinked_at\`);`);
  }

}
