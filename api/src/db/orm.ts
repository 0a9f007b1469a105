/**
 * Storage: the embedded SQLite file by default, PostgreSQL when DATABASE_URL is set.
 * The schema always comes from migrations (never updateSchema(), which drops unknown tables and races).
 */
import { MikroORM, type Options } from '@mikro-orm/core';
import type { AbstractSqlDriver } from '@mikro-orm/knex';
import { Migrator } from '@mikro-orm/migrations';
import type { Config } from '../config.js';
import { entities } from './entities.js';
import { postgresqlMigrations } from './migrations/postgresql/index.js';
import { sqliteMigrations } from './migrations/sqlite/index.js';

export type Database = Config['database'];

/** Tables whose DDL is hand-written (see the readings_storage migrations). */
export const READINGS_TABLES: Array<string | RegExp> = [
  'reading',
  'latest_reading',
  'reading_hour',
  'reading_day',
  'rollup_dirty',
  // PostgreSQL: the partitions of `reading` (made by maintenance, readings/partitions/) and the raw horizon.
  /^reading_(w\d{8}|default)$/,
  'reading_retention',
];
export type Orm = MikroORM<AbstractSqlDriver>;

/** Options for one engine; only that engine's driver is loaded (a start on SQLite never loads PostgreSQL's). */
export async function ormOptions(db: Database): Promise<Options> {
  const common = {
    entities,
    extensions: [Migrator],
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    metadataCache: { enabled: false },
    // The app forks an EntityManager per request; using the global one is a bug we want to hear about.
    allowGlobalContext: false,
    debug: false,
    // The hot tables are written by hand-written migrations (WITHOUT ROWID on SQLite, no redundant indexes):
    // the schema generator must neither create nor diff them.
    schemaGenerator: { skipTables: READINGS_TABLES },
  } satisfies Options;
  if (db.kind === 'postgresql') {
    return {
      ...common,
      driver: (await import('@mikro-orm/postgresql')).PostgreSqlDriver,
      clientUrl: db.url,
      pool: { min: 0, max: 10 },
      migrations: { migrationsList: postgresqlMigrations, transactional: true, allOrNothing: true, snapshot: false, silent: true },
    };
  }
  const { SafeLibSqlDialect, BUSY_TIMEOUT_MS } = await import('./sqlite-dialect.js');
  return {
    ...common,
    driver: (await import('@mikro-orm/libsql')).LibSqlDriver,
    dbName: db.file,
    // Transactions take the write lock up front and wait for it without blocking the event loop; a connection is
    // never left inside a transaction or with a statement stuck on SQLITE_BUSY (see sqlite-dialect.ts).
    driverOptions: { client: SafeLibSqlDialect },
    pool: {
      // WAL lets readers run beside the writer; synchronous=FULL makes a commit durable before we acknowledge it.
      afterCreate: (conn: { exec(sql: string): unknown }, done: (err: Error | null, conn: unknown) => void) => {
        try {
          conn.exec(`pragma journal_mode = wal; pragma synchronous = full; pragma foreign_keys = on; pragma busy_timeout = ${BUSY_TIMEOUT_MS};`);
          done(null, conn);
        } catch (err) {
          done(err as Error, conn);
        }
      },
    },
    migrations: { migrationsList: sqliteMigrations, transactional: true, allOrNothing: true, snapshot: false, silent: true },
  };
}

/** Connects and brings the schema up to date. Several processes may start at once: only one migrates. */
export async function openDatabase(db: Database): Promise<Orm> {
  const orm = await connectDatabase(db);
  try {
    await underMigrationLock(db, () => orm.getMigrator().up());
  } catch (err) {
    await orm.close(true);
    throw err;
  }
  return orm;
}

/** Connects without migrating: for looking at, or rolling back, what is applied. */
export async function connectDatabase(db: Database): Promise<Orm> {
  return (await MikroORM.init(await ormOptions(db))) as Orm;
}

/** The product's migrations, oldest first: those the database has applied, and those it has not. */
export async function migrationStatus(orm: Orm): Promise<{ applied: string[]; pending: string[] }> {
  const migrator = orm.getMigrator();
  return { applied: (await migrator.getExecutedMigrations()).map((m) => m.name), pending: (await migrator.getPendingMigrations()).map((m) => m.name) };
}

/**
 * Rolls PostgreSQL back to a release: reverts every migration applied after `keep`, newest first, each in its own
 * transaction and all in one, under the migration lock. Returns what it reverted, in that order. SQLite's
 * migrations have no down(): there a copy of the file made before the upgrade is the way back.
 */
export async function migrateDownTo(orm: Orm, db: Database, keep: string): Promise<string[]> {
  if (db.kind !== 'postgresql') throw new Error('SQLite не откатывается миграциями: верните копию askue.sqlite, сделанную до обновления');
  return underMigrationLock(db, async () => {
    const { applied } = await migrationStatus(orm);
    const at = applied.indexOf(keep);
    if (at < 0) throw new Error(`миграция «${keep}» не применена в этой базе (последняя применённая — ${applied.at(-1) ?? 'нет'}; все: pnpm cli migrations)`);
    const revert = applied.slice(at + 1);
    // umzug's down({ to }) reverts down to and including `to`: the oldest of those after `keep`.
    if (revert.length) await orm.getMigrator().down({ to: revert[0] });
    return revert.reverse();
  });
}

// Arbitrary but fixed: the key of the PostgreSQL advisory lock that serialises migrations across processes.
const MIGRATION_LOCK = 7_355_608;

async function underMigrationLock<T>(db: Database, work: () => Promise<T>): Promise<T> {
  if (db.kind !== 'postgresql') return work();
  // A session-level advisory lock on a connection of its own: the others wait, then find nothing pending.
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return await work();
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    await client.end();
  }
}
