import { Migration } from '@mikro-orm/migrations';

export class Migration20261205205127_phone_code_challenge extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`phone_code\` add column \`challenge_hash\` text null;`);
  }

}
