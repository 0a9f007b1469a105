import { Migration } from '@mikro-orm/migrations';

export class Migration20261205031715_push_subscriptions extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`push_subscription\` (\`id\` integer not null primary key autoincrement, \`account_id\` integer not null, \`endpoint\` text not null, \`p256dh\` text not null, \`auth\` text not null, \`created_at\` datetime not null, \`last_sent_at\` datetime null, constraint \`push_subscription_account_id_foreign\` foreign key(\`account_id\`) references \`account\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create unique index \`push_subscription_endpoint_unique\` on \`push_subscription\` (\`endpoint\`);`);
    this.addSql(`create index \`push_subscription_by_account\` on \`push_subscription\` (\`account_id\`);`);
  }

}
