import { Migration } from '@mikro-orm/migrations';

export class Migration20261206155819_supplier_link_current extends Migration {

  override async up(): Promise<void> {
    // Links asked for at once could both be made before this index: the first stays, any later one is closed as of
    // the moment it was made (its history stays; it never should have submitted).
    this.addSql(`update "supplier_link" set "unlinked_at" = "linked_at" where "unlinked_at" is null and exists (select 1 from "supplier_link" k where k."meter_id" = "supplier_link"."meter_id" and k."supplier_id" = "supplier_link"."supplier_id" and k."unlinked_at" is null and k."id" < "supplier_link"."id");`);
    this.addSql(`create unique index "supplier_link_current" on "supplier_link" ("meter_id", "supplier_id") where "unlinked_at" is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "supplier_link_current";`);
  }

}
