import { Migration } from '@mikro-orm/migrations';

export class Migration20261124214035_account_time_zone extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`account\` add column \`time_zone\` text not null default 'Europe/Moscow';`);
  }

}
