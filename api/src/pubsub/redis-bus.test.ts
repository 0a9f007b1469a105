/**
 * The single-node Redis bus against the real Redis of TEST_REDIS_URL, when its subscriber connection is cut (CLIENT
 * KILL of that connection only, so that other tests sharing the server are not touched).
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../../test/harness.js';
import { LiveUnavailable } from './live-unavailable.js';
import { RedisBus } from './redis-bus.js';

describe.runIf(process.env.TEST_REDIS_URL)('Redis pub/sub on one node', () => {
  let bus: RedisBus;
  let admin: Redis;
  const subscribers = async (channel: string) => Number(((await admin.pubsub('NUMSUB', channel)) as [string, number])[1]);
  /** Cuts the bus's subscriber connection, as a Redis restart or a network blip would. */
  const cut = async () => {
    const line = String(await admin.client('LIST')).split('\n').find((l: string) => l.includes(` name=${bus.name}:sub `));
    expect(line, 'the subscriber connection is named in CLIENT LIST').toBeDefined();
    await admin.client('KILL', 'ID', /\bid=(\d+)/.exec(line!)![1]);
  };

  beforeAll(async () => {
    admin = new Redis(process.env.TEST_REDIS_URL!);
    bus = new RedisBus(process.env.TEST_REDIS_URL!);
    expect(await bus.ready(5000)).toBe(true);
  });

  afterAll(async () => {
    await bus?.close();
    admin?.disconnect();
  });

  it('ends the subscriptions of a lost connection and does not subscribe their channels again when it is back', async () => {
    const dead = `t${randomBytes(4).toString('hex')}:reading:1`;
    const lost: unknown[] = [];
    bus.listen(dead, { event: () => {}, lost: (err) => lost.push(err) });
    await until(async () => (await subscribers(dead)) === 1, 3000, 'the subscription');

    await cut();
    await until(() => lost.length === 1, 3000, 'the listener to be told');
    expect(lost[0]).toBeInstanceOf(LiveUnavailable);
    await until(() => bus.available, 5000, 'the reconnection');

    // Its listener ended with the outage: Redis must not keep sending this process the channel's messages.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await subscribers(dead)).toBe(0);

    // A subscription made after the reconnection gets what is published, once.
    const alive = `t${randomBytes(4).toString('hex')}:reading:2`;
    const got: unknown[] = [];
    bus.listen(alive, { event: (e) => got.push(e), lost: (err) => got.push(err) });
    await until(async () => (await subscribers(alive)) === 1, 3000, 'the new subscription');
    bus.publishAll(alive, [{ value: 1 }, { value: 2 }]);
    await until(() => got.length === 2, 3000, 'the events');
    expect(got).toEqual([{ value: 1 }, { value: 2 }]);
  });
});
