import { Migration } from '@mikro-orm/migrations';

/** Claims of the periodic warning checks (alerts/check-run.entity.ts): one process runs an hour's budget check, one a day's abnormal-day check. */
export class Migration20261207230737_check_runs extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "check_run" ("check" varchar(40) not null, "period" varchar(40) not null, "started_at" timestamptz not null, constraint "check_run_pkey" primary key ("check", "period"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "check_run" cascade;`);
  }

}
