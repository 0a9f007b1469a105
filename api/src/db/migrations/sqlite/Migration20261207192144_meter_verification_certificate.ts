import { Migration } from '@mikro-orm/migrations';

export class Migration20261207192144_meter_verification_certificate extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`meter\` add column \`verification_certificate\` text null;`);
  }

}
