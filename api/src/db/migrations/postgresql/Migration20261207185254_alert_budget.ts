import { Migration } from '@mikro-orm/migrations';

export class Migration20261207185254_alert_budget extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "alert_settings" add column "month_budget_kopecks" int null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "alert_settings" drop column "month_budget_kopecks";`);
  }

}
