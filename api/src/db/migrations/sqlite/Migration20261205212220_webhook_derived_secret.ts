import { Migration } from '@mikro-orm/migrations';

export class Migration20261205212220_webhook_derived_secret extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`webhook\` add column \`secret_version\` integer not null default 1;`);
  }

}
