import { Migration } from '@mikro-orm/migrations';

export class Migration20261207192145_meter_verification_certificate extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "meter" add column "verification_certificate" varchar(100) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "meter" drop column "verification_certificate";`);
  }

}
