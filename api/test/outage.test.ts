/**
 * The database out of reach, as the cabinet and integrators see it over GraphQL: not «internal error» (500, «our
 * fault»), but 503 STORAGE_UNAVAILABLE with Retry-After and a reason the cabinet words — and everything answered
 * again once it is back. PostgreSQL: the database refuses connections and its backends are terminated (what a
 * failover or a restart does). SQLite: another process holds the write lock longer than the API waits for it.
 */
import Database from 'libsql';
import { join } from 'node:path';
import pg from 'pg';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { engines, freshPostgres, startTestApi, type TestApi } from './harness.js';

const STORAGE_UNAVAILABLE = { message: 'Хранилище временно недоступно, повторите позже', extensions: { code: 'STORAGE_UNAVAILABLE', reason: 'STORAGE_UNAVAILABLE', params: {}, retryAfter: 10 } };

describe.each(engines)('a database outage on %s', (engine) => {
  let t: TestApi;
  let db: { url: string; drop(): Promise<void> } | null = null;
  let token: string;

  beforeAll(async () => {
    db = engine === 'postgresql' ? await freshPostgres() : null;
    t = await startTestApi({ engine, ...(db ? { databaseUrl: db.url } : {}) });
    token = await t.signInDemo();
  });
  afterAll(async () => {
    await t.close();
    await db?.drop();
  });

  /** Makes the database unreachable for the API until the returned function is called. */
  async function outage(): Promise<() => Promise<void>> {
    if (engine === 'sqlite') {
      const lock = new Database(join(t.dataDir, 'askue.sqlite'), { timeout: 10_000 });
      lock.exec('BEGIN EXCLUSIVE');
      return async () => {
        lock.exec('COMMIT');
        lock.close();
      };
    }
    const name = new URL(db!.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`alter database ${name} with allow_connections false`);
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
    return async () => {
      await admin.query(`alter database ${name} with allow_connections true`);
      await admin.end();
    };
  }

  it('answers 503 STORAGE_UNAVAILABLE with Retry-After, then answers again once the database is back', async () => {
    const write = `mutation { updateProfile(input: { address: "Москва, Тверская, 1" }) { address } }`;
    const back = await outage();
    try {
      // SQLite still reads under another's write lock: there the write is what cannot be done.
      const asks = engine === 'sqlite' ? [write] : [`{ viewer { meters { id } } }`, write];
      for (const ask of asks) {
        const r = await t.gql(ask, {}, token);
        expect(r.status, JSON.stringify(r.errors)).toBe(503);
        expect(r.headers.get('retry-after')).toBe('10');
        expect(r.errors).toEqual([expect.objectContaining(STORAGE_UNAVAILABLE)]);
      }
      if (engine === 'postgresql') {
        // A file asked for meanwhile: the same answer in the exports' shape.
        const file = await fetch(`${t.url}/export/consumption.csv?meter=1&resolution=DAY&from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z`, { headers: { authorization: `Bearer ${token}` } });
        expect(file.status).toBe(503);
        expect(file.headers.get('retry-after')).toBe('10');
        expect(((await file.json()) as { error: unknown }).error).toEqual({ message: STORAGE_UNAVAILABLE.message, code: 'STORAGE_UNAVAILABLE', reason: 'STORAGE_UNAVAILABLE', params: {}, retryAfter: 10 });
      }
    } finally {
      await back();
    }
    const again = await t.gql(write, {}, token);
    expect(again.errors).toBeUndefined();
    expect(again.data.updateProfile.address).toBe('Москва, Тверская, 1');
  }, 60_000);

  // SQLite reads under another's write lock, and signing a socket in only reads: the outage is PostgreSQL's.
  if (engine === 'postgresql') it('closes a WebSocket it cannot sign in with 1013 «try again later»: graphql-ws’s own client comes back by itself', async () => {
    const back = await outage();
    const closes: number[] = [];
    let restore!: () => void;
    const restored = new Promise<void>((resolve) => (restore = resolve));
    const client = createClient({ url: t.wsUrl, webSocketImpl: WebSocket, retryAttempts: 2, retryWait: () => restored, connectionParams: { authorization: `Bearer ${token}` }, on: { closed: (e) => void closes.push((e as { code: number }).code) } });
    try {
      const answer = new Promise<unknown>((resolve, reject) => client.subscribe({ query: '{ viewer { meters { serial } } }' }, { next: resolve, error: reject, complete: () => {} }));
      answer.catch(() => {});
      await vi.waitFor(() => expect(closes).toEqual([1013]), { timeout: 15_000 });
      await back();
      restore();
      expect(await answer).toEqual({ data: { viewer: { meters: [{ serial: 'E-0001' }, { serial: 'CW-0001' }, { serial: 'HW-0001' }] } } });
    } finally {
      await client.dispose();
    }
  }, 60_000);
});
