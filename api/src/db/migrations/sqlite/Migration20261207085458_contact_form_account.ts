import { Migration } from '@mikro-orm/migrations';

export class Migration20261207085458_contact_form_account extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`callback_request\` add column \`account_id\` integer null constraint \`callback_request_account_id_foreign\` references \`account\` (\`id\`) on update cascade on delete cascade;`);
    this.addSql(`create index \`callback_by_account\` on \`callback_request\` (\`account_id\`);`);

    this.addSql(`alter table \`feedback\` add column \`account_id\` integer null constraint \`feedback_account_id_foreign\` references \`account\` (\`id\`) on update cascade on delete cascade;`);
    this.addSql(`create index \`feedback_by_account\` on \`feedback\` (\`account_id\`);`);
  }

}
