/**
 * The embedded database's ingest writes in their thread (sqlite-writer.ts), on a real SQLite file: they take turns
 * with the ORM's own transactions; a write that fails in the thread stores nothing, reaches the caller as a storage
 * failure, and the next write is served by a new thread; a lock another connection holds past the wait is a
 * storage failure too, and writing resumes once it is released.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'libsql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Orm } from '../db/orm.js';
import { MeterKind } from '../devices/meter-kind.js';
import { ProvisioningService } from '../devices/provisioning.service.js';
import { StorageUnavailableError } from '../errors/client-errors.js';
import { createLivePubSub, type LivePubSub } from '../pubsub/pubsub.js';
import { IngestService, PackStatus, type Pack } from './ingest.service.js';

describe('ingest writes in the SQLite writer thread', () => {
  let dir: string;
  let file: string;
  let orm: Orm;
  let pubSub: LivePubSub;
  let token: string;
  let controllerId: number;
  const failures: unknown[] = [];
  const ingest = (packs: Pack[]) => new IngestService(orm.em.fork(), pubSub, (err) => failures.push(err), () => {}, { days: null }, 'thread').ingest(packs);
  const sql = <T>(q: string, params: unknown[] = []) => orm.em.fork().getConnection().execute<T[]>(q, params);
  const count = async () => Number((await sql<{ n: number }>('select count(*) as n from reading'))[0].n);
  let clock = Date.now() - 3_600_000;
  /** A pack of `n` energy readings of meter `serial`, each at a new time. */
  const pack = (serial: string, n: number): Pack => {
    const times = Array.from({ length: n }, () => (clock += 1000));
    return { token, meters: times.map(() => serial), quantities: times.map(() => 'ENERGY'), times, values: times.map((t) => t / 1e9) };
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'writer-'));
    file = path.join(dir, 'askue.sqlite');
    orm = await openDatabase({ kind: 'sqlite', file });
    pubSub = await createLivePubSub(undefined);
    const p = await new ProvisioningService(orm.em.fork()).createController('C-W', [1, 2].map((i) => ({ serial: `E-W${i}`, kind: MeterKind.ELECTRICITY })));
    token = p.token;
    controllerId = p.controller.id;
  });

  afterAll(async () => {
    await pubSub?.close();
    await orm?.close(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it("takes turns with the ORM's transactions: 40 ingests and 40 transactions at once all succeed", async () => {
    const before = await count();
    const ingests = Array.from({ length: 40 }, (_, i) => ingest([pack(i % 2 ? 'E-W1' : 'E-W2', 5)]));
    const transactions = Array.from({ length: 40 }, (_, i) =>
      orm.em.fork().transactional((em) => em.getConnection().execute('update controller set battery_pct = ? where id = ?', [i, controllerId], 'run', em.getTransactionContext())),
    );
    const outcomes = await Promise.all(ingests);
    await Promise.all(transactions);
    expect(outcomes.map(([o]) => [o.status, o.stored, o.duplicates])).toEqual(Array.from({ length: 40 }, () => [PackStatus.STORED, 5, 0]));
    expect(await count()).toBe(before + 200);
    expect(failures).toEqual([]);
  });

  it('a write that fails in the thread stores nothing and fails as storage; the next write gets a new thread', async () => {
    const before = await count();
    const p = pack('E-W1', 3);
    // The readings go in, then the latest values cannot: the transaction must be undone as a whole.
    const other = new Database(file);
    other.exec('alter table latest_reading rename to latest_reading_gone');
    try {
      await expect(ingest([p])).rejects.toBeInstanceOf(StorageUnavailableError);
      expect(String(failures.pop())).toMatch(/no such table: latest_reading/);
      expect(await count()).toBe(before);
    } finally {
      other.exec('alter table latest_reading_gone rename to latest_reading');
      other.close();
    }
    // The same pack again: stored now, all of it new — nothing of the failed attempt was left behind.
    const [again] = await ingest([p]);
    expect([again.status, again.stored, again.duplicates]).toEqual([PackStatus.STORED, 3, 0]);
    expect(await count()).toBe(before + 3);
  });

  it('a lock held elsewhere past the wait is a storage failure, and writing resumes when it is released', async () => {
    const before = await count();
    const lock = new Database(file);
    lock.exec('BEGIN EXCLUSIVE');
    const p = pack('E-W2', 2);
    try {
      await expect(ingest([p])).rejects.toBeInstanceOf(StorageUnavailableError);
      expect(String(failures.pop())).toMatch(/SQLITE_BUSY|database is locked/);
    } finally {
      lock.exec('COMMIT');
      lock.close();
    }
    const [o] = await ingest([p]);
    expect([o.status, o.stored, o.duplicates]).toEqual([PackStatus.STORED, 2, 0]);
    expect(await count()).toBe(before + 2);
    expect(failures).toEqual([]);
  });
});
