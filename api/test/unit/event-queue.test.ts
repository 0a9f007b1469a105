import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/pubsub/event-queue.js';

const queue = (limit = 3) => {
  const calls = { cleanup: 0 };
  const q = new EventQueue<number>(() => calls.cleanup++, limit, () => new Error('behind'));
  return { q, calls };
};

describe('EventQueue (one per live subscriber)', () => {
  it('hands out pushed events in order, to a consumer that waits or one that comes later', async () => {
    const { q } = queue(10);
    const waiting = q.next();
    q.push(1);
    q.push(2);
    q.push(3);
    expect(await waiting).toEqual({ value: 1, done: false });
    expect(await q.next()).toEqual({ value: 2, done: false });
    expect(await q.next()).toEqual({ value: 3, done: false });
  });

  it('ends with the error after what was buffered, and detaches its producers once', async () => {
    const { q, calls } = queue(10);
    q.push(1);
    q.fail(new Error('lost'));
    q.push(2);
    expect(calls.cleanup).toBe(1);
    expect(await q.next()).toEqual({ value: 1, done: false });
    await expect(q.next()).rejects.toThrow('lost');
    expect(await q.next()).toEqual({ value: undefined, done: true });
    await q.return();
    expect(calls.cleanup).toBe(1);
  });

  it('rejects a waiting consumer at once when it fails', async () => {
    const { q } = queue();
    const waiting = q.next();
    q.fail(new Error('lost'));
    await expect(waiting).rejects.toThrow('lost');
  });

  it('ends a consumer that falls more than `limit` behind with the overflow error, keeping what it had', async () => {
    const { q, calls } = queue(3);
    for (let i = 1; i <= 5; i++) q.push(i);
    expect(calls.cleanup).toBe(1);
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const v of q) got.push(v);
      })(),
    ).rejects.toThrow('behind');
    expect(got).toEqual([1, 2, 3]);
  });

  it('on return drops the buffer, resolves a waiting consumer as done, and takes nothing more', async () => {
    const { q, calls } = queue();
    const waiting = q.next();
    await q.return();
    expect(await waiting).toEqual({ value: undefined, done: true });
    q.push(1);
    expect(await q.next()).toEqual({ value: undefined, done: true });
    expect(calls.cleanup).toBe(1);
  });

  it('keeps order through a long backlog consumed in part (the buffer compacts)', async () => {
    const { q } = queue(100_000);
    for (let i = 0; i < 5000; i++) q.push(i);
    const got: number[] = [];
    for (let i = 0; i < 3000; i++) got.push((await q.next()).value as number);
    for (let i = 5000; i < 6000; i++) q.push(i);
    for (let i = 0; i < 3000; i++) got.push((await q.next()).value as number);
    expect(got).toEqual(Array.from({ length: 6000 }, (_, i) => i));
  });
});
