import { Migration } from '@mikro-orm/migrations';

export class Migration20261207121359_alert_ended_by extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`alert\` add column \`ended_by\` text null;`);
  }

}
