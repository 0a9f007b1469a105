import { Migration } from '@mikro-orm/migrations';

export class Migration20261206153852_supplier_version extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "supplier" add column "version" int not null default 1;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "supplier" drop column "version";`);
  }

}
