/**
 * The one place that knows which SQL engine an EntityManager talks to, and what differs between them for the
 * hand-written SQL of the ingest store and the rollups. Callers ask this module rather than inspecting the driver.
 */
import type { EntityManager } from '@mikro-orm/knex';

export type Engine = 'postgresql' | 'sqlite';

export interface StorageDialect {
  readonly engine: Engine;
  readonly isPostgres: boolean;
  /** A `?` placeholder for a value of SQL type `type`: PostgreSQL needs the type inside `values (…)` lists. */
  typedParam(type: string): string;
  /** A boolean as a parameter: PostgreSQL takes booleans, SQLite stores 0 / 1. */
  bool(value: boolean): boolean | number;
}

const POSTGRES: StorageDialect = { engine: 'postgresql', isPostgres: true, typedParam: (type) => `?::${type}`, bool: (v) => v };
const SQLITE: StorageDialect = { engine: 'sqlite', isPostgres: false, typedParam: () => '?', bool: (v) => (v ? 1 : 0) };

/** The dialect of `em`, from its query builder's client (knex names PostgreSQL 'postgresql', libsql and SQLite 'sqlite3'). */
export function dialectOf(em: EntityManager): StorageDialect {
  const dialect = (em.getKnex().client as { dialect?: string }).dialect;
  if (dialect === 'postgresql') return POSTGRES;
  if (dialect === 'sqlite3') return SQLITE;
  throw new Error(`unsupported storage dialect: ${dialect}`);
}
