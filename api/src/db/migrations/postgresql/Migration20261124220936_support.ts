import { Migration } from '@mikro-orm/migrations';

export class Migration20261124220936_support extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "callback_request" ("id" serial primary key, "name" varchar(200) not null, "phone" varchar(16) not null, "topic" varchar(500) null, "created_at" timestamptz not null, "due_at" timestamptz not null, "done_at" timestamptz null, "done_by_id" int null);`);
    this.addSql(`create index "callback_by_done" on "callback_request" ("done_at", "created_at");`);

    this.addSql(`create table "feedback" ("id" serial primary key, "name" varchar(200) not null, "contact" varchar(254) not null, "message" text not null, "created_at" timestamptz not null);`);

    this.addSql(`create table "support_thread" ("id" serial primary key, "account_id" int not null, "topic" varchar(200) not null, "status" text check ("status" in ('OPEN', 'CLOSED')) not null default 'OPEN', "created_at" timestamptz not null, "last_message_at" timestamptz not null, "customer_read_at" timestamptz not null, "operator_read_at" timestamptz not null);`);
    this.addSql(`create index "support_thread_by_status" on "support_thread" ("status", "last_message_at");`);
    this.addSql(`create index "support_thread_by_account" on "support_thread" ("account_id", "last_message_at");`);

    this.addSql(`create table "support_message" ("id" serial primary key, "thread_id" int not null, "author_id" int not null, "from_support" boolean not null, "text" text not null, "created_at" timestamptz not null);`);
    this.addSql(`create index "support_message_by_thread" on "support_message" ("thread_id", "created_at");`);

    this.addSql(`create table "support_attachment" ("id" serial primary key, "owner_id" int not null, "message_id" int null, "filename" varchar(200) not null, "mime_type" varchar(32) not null, "size" int not null, "data" bytea not null, "created_at" timestamptz not null);`);

    this.addSql(`alter table "callback_request" add constraint "callback_request_done_by_id_foreign" foreign key ("done_by_id") references "account" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "support_thread" add constraint "support_thread_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "support_message" add constraint "support_message_thread_id_foreign" foreign key ("thread_id") references "support_thread" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "support_message" add constraint "support_message_author_id_foreign" foreign key ("author_id") references "account" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "support_attachment" add constraint "support_attachment_owner_id_foreign" foreign key ("owner_id") references "account" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "support_attachment" add constraint "support_attachment_message_id_foreign" foreign key ("message_id") references "support_message" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "support_message" drop constraint "support_message_thread_id_foreign";`);

    this.addSql(`alter table "support_attachment" drop constraint "support_attachment_message_id_foreign";`);

    this.addSql(`drop table if exists "callback_request" cascade;`);

    this.addSql(`drop table if exists "feedback" cascade;`);

    this.addSql(`drop table if exists "support_thread" cascade;`);

    this.addSql(`drop table if exists "support_message" cascade;`);

    this.addSql(`drop table if exists "support_attachment" cascade;`);
  }

}
