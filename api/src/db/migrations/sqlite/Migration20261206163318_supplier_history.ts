import { Migration } from '@mikro-orm/migrations';

export class Migration20261206163318_supplier_history extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`supplier_change\` (\`id\` integer not null primary key autoincrement, \`supplier_id\` integer not null, \`operator_id\` integer null, \`kind\` text not null, \`at\` datetime not null, \`fields_json\` text not null, constraint \`supplier_change_supplier_id_foreign\` foreign key(\`supplier_id\`) references \`supplier\`(\`id\`) on update cascade, constraint \`supplier_change_operator_id_foreign\` foreign key(\`operator_id\`) references \`account\`(\`id\`) on delete set null on update cascade);`);
    this.addSql(`create index \`supplier_change_supplier_id_index\` on \`supplier_change\` (\`supplier_id\`);`);
    this.addSql(`create index \`supplier_change_operator_id_index\` on \`supplier_change\` (\`operator_id\`);`);
    this.addSql(`create index \`supplier_change_by_supplier\` on \`supplier_change\` (\`supplier_id\`, \`at\`);`);
  }

}
