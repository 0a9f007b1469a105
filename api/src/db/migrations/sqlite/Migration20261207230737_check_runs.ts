import { Migration } from '@mikro-orm/migrations';

/** Claims of the periodic warning checks (alerts/check-run.entity.ts): one process runs an hour's budget check, one a day's abnormal-day check. */
export class Migration20261207230737_check_runs extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`check_run\` (\`check\` text not null, \`period\` text not null, \`started_at\` datetime not null, primary key (\`check\`, \`period\`));`);
  }

}
