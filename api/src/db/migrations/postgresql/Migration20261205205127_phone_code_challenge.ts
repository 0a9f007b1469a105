import { Migration } from '@mikro-orm/migrations';

export class Migration20261205205127_phone_code_challenge extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "phone_code" add column "challenge_hash" varchar(64) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "phone_code" drop column "challenge_hash";`);
  }

}
