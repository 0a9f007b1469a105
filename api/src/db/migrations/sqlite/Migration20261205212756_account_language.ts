import { Migration } from '@mikro-orm/migrations';

export class Migration20261205212756_account_language extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`account\` add column \`language\` text not null default 'RU';`);
  }

}
