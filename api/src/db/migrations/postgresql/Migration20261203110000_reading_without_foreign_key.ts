import { Migration } from '@mikro-orm/migrations';

/**
 * Hand-written: the raw readings table loses its foreign key to meter. PostgreSQL checks a foreign key with a
 * query and a row lock on the meter per inserted row; measured on 400,000 readings, that doubled the cost of an
 * insert (6.2 µs a row with it, 3.1 µs without). Ingest already checks every reading's meter, in the same batch,
 * and meters are never deleted (they are unbound), so the key guarded nothing the write path does not.
 * latest_reading and the rollups keep theirs (one row per meter and quantity, or per hour). Time-series stores
 * partitioned by time (SCALING.md) drop it for the same reason.
 */
export class Migration20261203110000_reading_without_foreign_key extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "reading" drop constraint "reading_meter_id_fkey";`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "reading" add constraint "reading_meter_id_fkey" foreign key ("meter_id") references "meter" ("id") on update cascade;`);
  }
}
