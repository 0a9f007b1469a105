import { Migration } from '@mikro-orm/migrations';

export class Migration20261207121400_alert_ended_by extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "alert" add column "ended_by" varchar(16) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "alert" drop column "ended_by";`);
  }

}
