import { Migration } from '@mikro-orm/migrations';

export class Migration20261205064630_webhooks extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`webhook\` (\`id\` integer not null primary key autoincrement, \`account_id\` integer not null, \`url\` text not null, \`description\` text null, \`secret\` text not null, \`created_at\` datetime not null, constraint \`webhook_account_id_foreign\` foreign key(\`account_id\`) references \`account\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`webhook_account_id_index\` on \`webhook\` (\`account_id\`);`);

    this.addSql(`create table \`webhook_delivery\` (\`id\` text not null, \`webhook_id\` integer not null, \`event\` text not null, \`body\` text not null, \`status\` text not null default 'PENDING', \`attempts\` integer not null default 0, \`next_attempt_at\` datetime not null, \`locked_by\` text null, \`locked_until\` datetime null, \`response_status\` integer null, \`error\` text null, \`created_at\` datetime not null, \`delivered_at\` datetime null, constraint \`webhook_delivery_webhook_id_foreign\` foreign key(\`webhook_id\`) references \`webhook\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`webhook_delivery_webhook_id_index\` on \`webhook_delivery\` (\`webhook_id\`);`);
    this.addSql(`create index \`webhook_delivery_due\` on \`webhook_delivery\` (\`status\`, \`next_attempt_at\`);`);
  }

}
