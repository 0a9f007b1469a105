import { Migration } from '@mikro-orm/migrations';

export class Migration20261124212314_current_binding extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create unique index "binding_current_meter" on "binding" ("meter_id") where "unbound_at" is null;`);
    this.addSql(`create unique index "binding_current_controller" on "binding" ("controller_id") where "unbound_at" is null;`);
  }

}
