/**
 * The embedded engine's ingest writer (sqlite-writer.ts): batches committed by a thread of their own, answered after
 * the commit, in turn with the API's other write transactions, and never waiting for SQLite's lock on the event loop.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'libsql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transactionWithLockWait } from '../db/write-lock.js';
import { startTestApi, type TestApi } from '../../test/harness.js';
import type { WriteBatch } from './batch.js';
import { SqliteWriter } from './sqlite-writer.js';

describe('the SQLite ingest writer', () => {
  let t: TestApi;
  let file: string;
  let writer: SqliteWriter;
  let meters: number[];
  let nextTime = Date.UTC(2026, 0, 10);

  beforeAll(async () => {
    t = await startTestApi({ engine: 'sqlite', env: { ROLLUP_JOB: '0' } });
    file = String(t.api.orm.config.get('dbName'));
    writer = new SqliteWriter(file);
    const rows = await t.api.orm.em.fork().getConnection().execute<Array<{ id: number }>>(`select id from meter order by id limit 2`);
    meters = rows.map((r) => Number(r.id));
  });
  afterAll(async () => {
    await writer?.close();
    await t?.close();
  });

  /** Power readings of the given meters, one a minute from a time no other test used. */
  const batch = (meterIds: number[], count = 3): WriteBatch => {
    const from = nextTime;
    nextTime += count * 60_000;
    const rows = meterIds.flatMap((m) => Array.from({ length: count }, (_, i) => ({ m, t: from + i * 60_000 })));
    rows.sort((a, b) => a.m - b.m || a.t - b.t);
    return {
      readings: { meterIds: rows.map((r) => r.m), quantities: rows.map(() => 'POWER'), times: rows.map((r) => r.t), values: rows.map((r) => r.t / 60_000) },
      controllerIds: [],
      health: [],
      now: Date.now(),
    };
  };
  const stored = async (b: WriteBatch) => {
    const times = b.readings.times;
    const rows = await t.api.orm.em
      .fork()
      .getConnection()
      .execute<Array<{ n: number }>>(`select count(*) as n from reading where quantity = 'POWER' and time >= ? and time <= ?`, [Math.min(...times), Math.max(...times)]);
    return Number(rows[0].n);
  };

  it('answers after the commit: the API reads the rows at once, and a batch sent again is all duplicates', async () => {
    const b = batch(meters, 4);
    await expect(writer.write(b, 1000)).resolves.toEqual({ inserted: null });
    expect(await stored(b)).toBe(8);
    await expect(writer.write(b, 1000)).resolves.toEqual({ inserted: [false, false, false, false, false, false, false, false] });
    expect(await stored(b)).toBe(8);
  });

  it('refuses a batch SQLite refuses as a whole, and stores the next one on a fresh connection', async () => {
    // A meter that does not exist: the foreign key fails on the last row, after the others were inserted.
    const bad = batch([meters[0], 999_999], 2);
    await expect(writer.write(bad, 1000)).rejects.toMatchObject({ code: expect.stringMatching(/^SQLITE_CONSTRAINT/) });
    expect(await stored(bad), 'nothing of the refused batch is stored').toBe(0);
    const good = batch(meters, 2);
    await expect(writer.write(good, 1000)).resolves.toEqual({ inserted: null });
    expect(await stored(good)).toBe(4);
  });

  it('takes turns with the pool’s write transactions: it waits for one under way, or gives up after its wait', async () => {
    const em = t.api.orm.em.fork();
    const order: string[] = [];
    const waiting = batch(meters, 1);
    let writing: Promise<unknown> | undefined;
    await transactionWithLockWait(em, 1000, async (trx) => {
      await trx.raw(`update controller set last_seen_at = ? where id = (select min(id) from controller)`, [Date.now()]);
      writing = writer.write(waiting, 2000).then(() => order.push('ingest committed'));
      await sleep(300);
      order.push('transaction committing');
    });
    await writing;
    expect(order).toEqual(['transaction committing', 'ingest committed']);
    expect(await stored(waiting)).toBe(2);

    const late = batch(meters, 1);
    let refused: Promise<unknown> | undefined;
    await transactionWithLockWait(em, 1000, async () => {
      refused = writer.write(late, 100);
      await expect(refused).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    });
    expect(await stored(late)).toBe(0);
  });

  it('waits for another process’s lock off the event loop, fails the batch when it lasts, and recovers after', async () => {
    const other = new Database(file);
    other.exec('BEGIN EXCLUSIVE');
    const order: string[] = [];
    const blocked = batch(meters, 1);
    try {
      const timer = sleep(50).then(() => order.push('timer fired'));
      const write = writer.write(blocked, 600).then(
        () => order.push('stored'),
        (err: { code?: string }) => order.push(`refused ${err.code}`),
      );
      await Promise.all([timer, write]);
    } finally {
      other.exec('COMMIT');
      other.close();
    }
    // The API's loop ran its timers while the thread waited for SQLite's lock.
    expect(order).toEqual(['timer fired', 'refused SQLITE_BUSY']);
    expect(await stored(blocked)).toBe(0);
    await expect(writer.write(blocked, 1000)).resolves.toEqual({ inserted: null });
    expect(await stored(blocked)).toBe(2);
  });

  it('refuses writes once closed', async () => {
    const closing = new SqliteWriter(file);
    const b = batch(meters, 1);
    await closing.write(b, 1000);
    await closing.close();
    await expect(closing.write(batch(meters, 1), 1000)).rejects.toMatchObject({ code: 'WRITER_CLOSED' });
  });
});
