import { Migration } from '@mikro-orm/migrations';

export class Migration20261206163318_supplier_history extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "supplier_change" ("id" serial primary key, "supplier_id" int not null, "operator_id" int null, "kind" varchar(16) not null, "at" timestamptz not null, "fields_json" text not null);`);
    this.addSql(`create index "supplier_change_by_supplier" on "supplier_change" ("supplier_id", "at");`);

    this.addSql(`alter table "supplier_change" add constraint "supplier_change_supplier_id_foreign" foreign key ("supplier_id") references "supplier" ("id") on update cascade;`);
    this.addSql(`alter table "supplier_change" add constraint "supplier_change_operator_id_foreign" foreign key ("operator_id") references "account" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "supplier_change" cascade;`);
  }

}
