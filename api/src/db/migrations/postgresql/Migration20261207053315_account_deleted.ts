import { Migration } from '@mikro-orm/migrations';

export class Migration20261207053315_account_deleted extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "account" add column "deleted_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "account" drop column "deleted_at";`);
  }

}
