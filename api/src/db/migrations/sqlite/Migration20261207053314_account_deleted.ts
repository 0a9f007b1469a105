import { Migration } from '@mikro-orm/migrations';

export class Migration20261207053314_account_deleted extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`account\` add column \`deleted_at\` datetime null;`);
  }

}
