import { Migration } from '@mikro-orm/migrations';

export class Migration20261204204932_tariffs extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`tariff\` (\`id\` integer not null primary key autoincrement, \`supplier_id\` integer null, \`owner_id\` integer null, \`meter_id\` integer null, \`resource\` text not null, \`name\` text not null, \`time_zone\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`tariff_supplier_id_foreign\` foreign key(\`supplier_id\`) references \`supplier\`(\`id\`) on delete set null on update cascade, constraint \`tariff_owner_id_foreign\` foreign key(\`owner_id\`) references \`account\`(\`id\`) on delete set null on update cascade, constraint \`tariff_meter_id_foreign\` foreign key(\`meter_id\`) references \`meter\`(\`id\`) on delete set null on update cascade);`);
    this.addSql(`create index \`tariff_supplier_id_index\` on \`tariff\` (\`supplier_id\`);`);
    this.addSql(`create index \`tariff_owner_id_index\` on \`tariff\` (\`owner_id\`);`);
    this.addSql(`create index \`tariff_by_meter\` on \`tariff\` (\`meter_id\`);`);

    this.addSql(`create table \`tariff_version\` (\`id\` integer not null primary key autoincrement, \`tariff_id\` integer not null, \`effective_from\` text not null, \`scheme\` text null, \`zone_hours_json\` text null, \`tiers_json\` text null, \`cold_price\` integer null, \`hot_price\` integer null, \`sewerage_price\` integer null, \`monthly_charge_kopecks\` integer not null default 0, \`created_at\` datetime not null, constraint \`tariff_version_tariff_id_foreign\` foreign key(\`tariff_id\`) references \`tariff\`(\`id\`) on update cascade);`);
    this.addSql(`create index \`tariff_version_tariff_id_index\` on \`tariff_version\` (\`tariff_id\`);`);
    this.addSql(`create unique index \`tariff_version_once\` on \`tariff_version\` (\`tariff_id\`, \`effective_from\`);`);
  }

}
