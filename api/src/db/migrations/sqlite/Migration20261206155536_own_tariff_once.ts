import { Migration } from '@mikro-orm/migrations';

export class Migration20261206155536_own_tariff_once extends Migration {

  override async up(): Promise<void> {
    // As on PostgreSQL: keep the first own tariff of a meter, drop any others with their versions.
    this.addSql(`delete from \`tariff_version\` where \`tariff_id\` in (select t.\`id\` from \`tariff\` t where t.\`owner_id\` is not null and t.\`meter_id\` is not null and exists (select 1 from \`tariff\` k where k.\`owner_id\` = t.\`owner_id\` and k.\`meter_id\` = t.\`meter_id\` and k.\`id\` < t.\`id\`));`);
    this.addSql(`delete from \`tariff\` where \`owner_id\` is not null and \`meter_id\` is not null and exists (select 1 from \`tariff\` k where k.\`owner_id\` = \`tariff\`.\`owner_id\` and k.\`meter_id\` = \`tariff\`.\`meter_id\` and k.\`id\` < \`tariff\`.\`id\`);`);
    this.addSql(`create unique index \`tariff_own_once\` on \`tariff\` (\`owner_id\`, \`meter_id\`);`);
  }

}
