import { Migration } from '@mikro-orm/migrations';

export class Migration20261207085459_contact_form_account extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "callback_request" add column "account_id" int null;`);
    this.addSql(`alter table "callback_request" add constraint "callback_request_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);
    this.addSql(`create index "callback_by_account" on "callback_request" ("account_id");`);

    this.addSql(`alter table "feedback" add column "account_id" int null;`);
    this.addSql(`alter table "feedback" add constraint "feedback_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);
    this.addSql(`create index "feedback_by_account" on "feedback" ("account_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "callback_request" drop constraint "callback_request_account_id_foreign";`);

    this.addSql(`alter table "feedback" drop constraint "feedback_account_id_foreign";`);

    this.addSql(`drop index "callback_by_account";`);
    this.addSql(`alter table "callback_request" drop column "account_id";`);

    this.addSql(`drop index "feedback_by_account";`);
    this.addSql(`alter table "feedback" drop column "account_id";`);
  }

}
