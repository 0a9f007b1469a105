import { Migration } from '@mikro-orm/migrations';

export class Migration20261124220935_support extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`callback_request\` (\`id\` integer not null primary key autoincrement, \`name\` text not null, \`phone\` text not null, \`topic\` text null, \`created_at\` datetime not null, \`due_at\` datetime not null, \`done_at\` datetime null, \`done_by_id\` integer null, constraint \`callback_request_done_by_id_foreign\` foreign key(\`done_by_id\`) references \`account\`(\`id\`) on delete set null on update cascade);`);
    this.addSql(`create index \`callback_request_done_by_id_index\` on \`callback_request\` (\`done_by_id\`);`);
    this.addSql(`create index \`callback_by_done\` on \`callback_request\` (\`done_at\`, \`created_at\`);`);

    this.addSql(`create table \`feedback\` (\`id\` integer not null primary key autoincrement, \`name\` text not null, \`contact\` text not null, \`message\` text not null, \`created_at\` datetime not null);`);

    this.addSql(`create table \`support_thread\` (\`id\` integer not null primary key autoincrement, \`account_id\` integer not null, \`topic\` text not null, \`status\` text check (\`status\` in ('OPEN', 'CLOSED')) not null default 'OPEN', \`created_at\` datetime not null, \`last_message_at\` datetime not null, \`customer_read_at\` datetime not null, \`operator_read_at\` datetime not null, constraint \`support_thread_account_id_foreign\` foreign key(\`account_id\`) references \`account\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`support_thread_account_id_index\` on \`support_thread\` (\`account_id\`);`);
    this.addSql(`create index \`support_thread_by_status\` on \`support_thread\` (\`status\`, \`last_message_at\`);`);
    this.addSql(`create index \`support_thread_by_account\` on \`support_thread\` (\`account_id\`, \`last_message_at\`);`);

    this.addSql(`create table \`support_message\` (\`id\` integer not null primary key autoincrement, \`thread_id\` integer not null, \`author_id\` integer not null, \`from_support\` integer not null, \`text\` text not null, \`created_at\` datetime not null, constraint \`support_message_thread_id_foreign\` foreign key(\`thread_id\`) references \`support_thread\`(\`id\`) on delete cascade on update cascade, constraint \`support_message_author_id_foreign\` foreign key(\`author_id\`) references \`account\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`support_message_thread_id_index\` on \`support_message\` (\`thread_id\`);`);
    this.addSql(`create index \`support_message_author_id_index\` on \`support_message\` (\`author_id\`);`);
    this.addSql(`create index \`support_message_by_thread\` on \`support_message\` (\`thread_id\`, \`created_at\`);`);

    this.addSql(`create table \`support_attachment\` (\`id\` integer not null primary key autoincrement, \`owner_id\` integer not null, \`message_id\` integer null, \`filename\` text not null, \`mime_type\` text not null, \`size\` integer not null, \`data\` blob not null, \`created_at\` datetime not null, constraint \`support_attachment_owner_id_foreign\` foreign key(\`owner_id\`) references \`account\`(\`id\`) on delete cascade on update cascade, constraint \`support_attachment_message_id_foreign\` foreign key(\`message_id\`) references \`support_message\`(\`id\`) on delete cascade on update cascade);`);
    this.addSql(`create index \`support_attachment_owner_id_index\` on \`support_attachment\` (\`owner_id\`);`);
    this.addSql(`create index \`support_attachment_message_id_index\` on \`support_attachment\` (\`message_id\`);`);
  }

}
