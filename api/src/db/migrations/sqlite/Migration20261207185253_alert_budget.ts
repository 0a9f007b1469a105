import { Migration } from '@mikro-orm/migrations';

export class Migration20261207185253_alert_budget extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`alert_settings\` add column \`month_budget_kopecks\` integer null;`);
  }

}
