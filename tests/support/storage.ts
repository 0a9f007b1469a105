/**
 * The product's database seen from outside, for tests and benchmarks that run the product as processes:
 * provisioning before it starts (as an operator's import would), and what it stored after.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database, MeterKind, ProvisioningService } from '@askue/api/testing';
import type { ModemSpec } from './modems.js';

export type { Database };

/** Where the product keeps its data: the SQLite file in DATA_DIR, or a PostgreSQL URL. */
export const sqliteIn = (dataDir: string): Database => ({ kind: 'sqlite', file: `${dataDir}/askue.sqlite` });

/** The environment that points the product at `db` (nothing for SQLite: DATA_DIR does). */
export const databaseEnv = (db: Database): Record<string, string> => (db.kind === 'postgresql' ? { DATABASE_URL: db.url } : {});

/** A fresh PostgreSQL database next to `adminUrl`'s; `drop` removes it even while connections are open. */
export async function createPostgres(adminUrl: string, prefix = 'askue_f'): Promise<{ db: Database & { kind: 'postgresql' }; name: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    db: { kind: 'postgresql', url: url.toString() },
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** One controller with one electricity meter per modem (migrating the database first); their tokens and meters. */
export async function provisionModems(db: Database, count: number, prefix = 'F'): Promise<ModemSpec[]> {
  const orm = await openDatabase(db);
  try {
    const provisioning = new ProvisioningService(orm.em.fork());
    const modems: ModemSpec[] = [];
    for (let i = 0; i < count; i++) {
      const serial = `${prefix}-${String(i).padStart(5, '0')}`;
      const { token } = await provisioning.createController(`C${serial}`, [{ serial, kind: MeterKind.ELECTRICITY }]);
      modems.push({ token, meter: serial });
    }
    return modems;
  } finally {
    await orm.close();
  }
}

/** Runs `f` with a connection to `db` (the product may be running: SQLite in WAL mode lets us read beside it). */
export async function withDatabase<T>(db: Database, f: (sql: <R = any>(query: string, params?: unknown[]) => Promise<R[]>) => Promise<T>): Promise<T> {
  const orm = await openDatabase(db);
  try {
    const conn = orm.em.fork().getConnection();
    return await f(<R,>(query: string, params: unknown[] = []) => conn.execute<R[]>(query, params));
  } finally {
    await orm.close();
  }
}

export interface DurabilityCheck {
  acknowledged: number;
  /** Acknowledged with 2.04 but not in the database. */
  missing: string[];
  /** (meter, quantity, time) stored more than once. */
  duplicates: Array<{ key: string; n: number }>;
  stored: number;
}

/**
 * The set check: every acknowledged `${meter}|${timeMs}` is a stored reading, and no (meter, quantity, time)
 * is stored twice.
 */
export async function checkDurability(db: Database, acknowledged: Iterable<string>): Promise<DurabilityCheck> {
  return withDatabase(db, async (sql) => {
    const rows = await sql<{ serial: string; quantity: string; time: Date | number | string; n: number | string }>(
      'select m.serial, r.quantity, r.time, count(*) as n from reading r join meter m on m.id = r.meter_id group by m.serial, r.quantity, r.time',
    );
    const stored = new Set<string>();
    const duplicates: DurabilityCheck['duplicates'] = [];
    for (const r of rows) {
      const key = `${r.serial}|${new Date(r.time).getTime()}`;
      stored.add(key);
      if (Number(r.n) > 1) duplicates.push({ key: `${key}|${r.quantity}`, n: Number(r.n) });
    }
    const missing: string[] = [];
    let n = 0;
    for (const key of acknowledged) {
      n++;
      if (!stored.has(key)) missing.push(key);
    }
    return { acknowledged: n, missing, duplicates, stored: rows.length };
  });
}
