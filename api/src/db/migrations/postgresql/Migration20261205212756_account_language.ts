import { Migration } from '@mikro-orm/migrations';

export class Migration20261205212756_account_language extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "account" add column "language" varchar(2) not null default 'RU';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "account" drop column "language";`);
  }

}
