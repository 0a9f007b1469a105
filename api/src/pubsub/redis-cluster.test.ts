/**
 * Live fan-out over a real 3-node Redis Cluster (sharded pub/sub), started here: redis-server (7+) on ports
 * 17101–17103, on the loopback, in a temporary directory, removed afterwards. Two buses stand for two API processes.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverUntilSeen, startTestApi, until as poll } from '../../test/harness.js';
import { LiveUnavailable } from './live-unavailable.js';
import { createLivePubSub, type LivePubSub, type ReadingEvent } from './pubsub.js';
import { RedisClusterBus } from './redis-cluster-bus.js';

const run = promisify(execFile);
const PORTS = [17101, 17102, 17103];
const CLUSTER_URL = `redis://127.0.0.1:${PORTS[0]}`;
/** A second cluster, three masters with a replica each, for failover. */
const FAILOVER_PORTS = [17111, 17112, 17113, 17114, 17115, 17116];

let dir: string;
const servers = new Map<number, ChildProcess>();
const admin = new Map<number, Redis>();

function startNode(port: number, ...extra: string[]): Promise<void> {
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', path.join(dir, `nodes-${port}.conf`), '--dir', dir, '--save', '', '--appendonly', 'no', ...extra],
    { stdio: 'ignore' },
  );
  servers.set(port, server);
  return until(
    async () => {
      if (server.exitCode !== null) throw new Error(`redis-server on ${port} exited (${server.exitCode}): is the port taken?`);
      return (await cli(port, 'ping').catch(() => '')) === 'PONG';
    },
    5000,
    `redis-server on ${port}`,
  );
}

async function stopNode(port: number): Promise<void> {
  const server = servers.get(port)!;
  servers.delete(port);
  if (server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGKILL');
  await exited;
}

async function cli(port: number, ...args: string[]): Promise<string> {
  return (await run('redis-cli', ['-p', String(port), ...args])).stdout.trim();
}

/** Every 50 ms, as this file always polled a cluster. */
const until = (check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) => poll(check, timeoutMs, what, 50);

const clusterOk = (ports = PORTS, timeoutMs = 10_000) =>
  until(async () => (await Promise.all(ports.map((p) => cli(p, 'cluster', 'info')))).every((info) => info.includes('cluster_state:ok')), timeoutMs, 'cluster_state:ok');

const busOf = (p: LivePubSub & { bus?: unknown }) => p.bus as RedisClusterBus;

/** The master owning `channel`'s slot and that slot range's replicas, asked of the cluster itself (CLUSTER KEYSLOT, CLUSTER SLOTS). */
async function slotOwner(channel: string, redis = admin.get(PORTS[0])!): Promise<{ port: number; replicas: number[] }> {
  const slot = Number(await redis.call('CLUSTER', 'KEYSLOT', channel));
  const ranges = (await redis.call('CLUSTER', 'SLOTS')) as Array<[number, number, ...Array<[string, number, string]>]>;
  const [, , master, ...replicas] = ranges.find(([from, to]) => from <= slot && slot <= to)!;
  return { port: master[1], replicas: replicas.map((r) => r[1]) };
}

const ownerPort = async (channel: string) => (await slotOwner(channel)).port;

/** Subscribers of a sharded channel on the node that owns it. */
async function shardSubscribers(channel: string): Promise<number> {
  const reply = (await admin.get(await ownerPort(channel))!.call('PUBSUB', 'SHARDNUMSUB', channel)) as [string, number];
  return reply[1];
}

/** Meter ids, one per master, whose channels under `prefix` hash to slots of three different nodes. */
async function metersOnEveryNode(prefix: string): Promise<Array<{ meterId: number; port: number }>> {
  const byPort = new Map<number, number>();
  for (let id = 1; byPort.size < PORTS.length; id++) {
    const port = await ownerPort(`${prefix}:reading:${id}`);
    if (!byPort.has(port)) byPort.set(port, id);
  }
  return [...byPort].map(([port, meterId]) => ({ meterId, port }));
}

const reading = (meterId: number, value: number): ReadingEvent => ({ meterId, quantity: 'POWER', time: 1_700_000_000_000 + value, value });

/** A listener that records what it is told. */
function recorder() {
  const events: ReadingEvent[] = [];
  const lost: unknown[] = [];
  return { events, lost, onEvent: (e: ReadingEvent) => events.push(e), onLost: (err: unknown) => lost.push(err) };
}

beforeAll(async () => {
  // A system program the suite needs: its absence fails, with the way to install it (as tests/support/preflight.ts does).
  await run('redis-server', ['--version']).catch((err: NodeJS.ErrnoException) => {
    throw err.code === 'ENOENT' ? new Error('redis-server (Redis 7+) not found (Debian: apt-get install -y redis-server)') : err;
  });
  // Something answering there already (a leftover of an interrupted run) would be taken for our node.
  for (const port of [...PORTS, ...FAILOVER_PORTS]) if ((await cli(port, 'ping').catch(() => '')) === 'PONG') throw new Error(`port ${port} is taken by a Redis: stop it first`);
  dir = await mkdtemp(path.join(tmpdir(), 'askue-redis-cluster-'));
  await Promise.all(PORTS.map((port) => startNode(port)));
  await run('redis-cli', ['--cluster', 'create', ...PORTS.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes']);
  await clusterOk();
  for (const port of PORTS) admin.set(port, new Redis(port, '127.0.0.1', { lazyConnect: true, retryStrategy: () => null }).on('error', () => {}));
  await Promise.all([...admin.values()].map((r) => r.connect()));
});

afterAll(async () => {
  for (const r of admin.values()) r.disconnect();
  await Promise.all([...servers.keys()].map(stopNode));
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('live pub/sub over a Redis Cluster (sharded pub/sub)', () => {
  const prefix = `t${randomBytes(4).toString('hex')}`;
  let a: LivePubSub & { bus?: unknown };
  let b: LivePubSub & { bus?: unknown };
  let meters: Array<{ meterId: number; port: number }>;

  beforeAll(async () => {
    a = await createLivePubSub({ url: CLUSTER_URL, prefix, cluster: true });
    b = await createLivePubSub({ url: CLUSTER_URL, prefix, cluster: true });
    expect(await a.ready(5000)).toBe(true);
    expect(await b.ready(5000)).toBe(true);
    meters = await metersOnEveryNode(prefix);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('delivers what one process publishes to subscribers of another, in order, for channels on every node', async () => {
    expect(busOf(a)).toBeInstanceOf(RedisClusterBus);
    expect(new Set(meters.map((m) => m.port))).toEqual(new Set(PORTS));
    const seen = meters.map(() => recorder());
    const offs = meters.map((m, i) => a.listen('reading', m.meterId, seen[i].onEvent, seen[i].onLost));
    // Subscribed with SSUBSCRIBE on the node owning each channel's slot.
    await until(async () => (await Promise.all(meters.map((m) => shardSubscribers(`${prefix}:reading:${m.meterId}`)))).every((n) => n === 1), 5000, 'SSUBSCRIBE on the owners');
    // Interleaved over the channels: single events and batches (one SPUBLISH carrying several).
    for (let n = 0; n < 60; n += 3) {
      for (const m of meters) {
        b.publish('reading', m.meterId, reading(m.meterId, n));
        b.publishAll('reading', m.meterId, [reading(m.meterId, n + 1), reading(m.meterId, n + 2)]);
      }
    }
    await until(() => seen.every((s) => s.events.length >= 60), 5000, 'all events');
    meters.forEach((m, i) => {
      expect(seen[i].events).toEqual(Array.from({ length: 60 }, (_, n) => reading(m.meterId, n)));
      expect(seen[i].lost).toEqual([]);
    });
    expect(busOf(b).stats).toMatchObject({ published: 180, publishFailures: 0 });
    offs.forEach((off) => off());
  });

  it('stops delivering to a listener that unsubscribed, and unsubscribes from the node once no listener is left', async () => {
    const { meterId } = meters[1];
    const channel = `${prefix}:reading:${meterId}`;
    const leaving = recorder();
    const staying = recorder();
    const off = a.listen('reading', meterId, leaving.onEvent, leaving.onLost);
    // Another process listens on too: what it gets shows the event went out.
    const offStaying = b.listen('reading', meterId, staying.onEvent, staying.onLost);
    await deliverUntilSeen(async () => b.publish('reading', meterId, reading(meterId, 1)), () => leaving.events.length > 0 && staying.events.length > 0);
    off();
    await until(async () => (await shardSubscribers(channel)) === 1, 5000, 'SUNSUBSCRIBE of process a');
    const before = staying.events.length;
    b.publish('reading', meterId, reading(meterId, 2));
    await until(() => staying.events.length > before, 5000, 'the event at the other process');
    expect(leaving.events.map((e) => e.value)).toEqual(leaving.events.map(() => 1));
    expect(staying.events.at(-1)).toEqual(reading(meterId, 2));
    offStaying();
    await until(async () => (await shardSubscribers(channel)) === 0, 5000, 'SUNSUBSCRIBE of process b');
  });

  it('starts the API against the cluster, and a GraphQL subscription gets readings ingested', async () => {
    const t = await startTestApi({ env: { REDIS_URL: CLUSTER_URL, REDIS_CLUSTER: '1', REDIS_PREFIX: `${prefix}api` } });
    try {
      const bus = t.api.deps.pubSub as LivePubSub & { bus?: unknown };
      expect(busOf(bus)).toBeInstanceOf(RedisClusterBus);
      const customer = await t.signInDemo();
      // The sign-in's rate limits were counted in the cluster, not in the in-memory fallback.
      const limitKeys = await Promise.all(PORTS.map((p) => cli(p, '--scan', '--pattern', `${prefix}api:rl:*`)));
      expect(limitKeys.join('\n')).toMatch(new RegExp(`^${prefix}api:rl:signIn`, 'm'));
      const sub = t.subscribe(customer, `subscription { readingAdded { meterId quantity value } }`);
      const token = t.api.demo!.controller.token;
      let time = Date.now() - 5000;
      await deliverUntilSeen(
        () => t.ingest([{ token, readings: [{ meter: 'E-0001', quantity: 'POWER', time: ++time, value: 321 }] }]),
        () => sub.events.length > 0,
      );
      expect(sub.events[0].readingAdded).toMatchObject({ quantity: 'POWER', value: 321 });
      expect(sub.errors).toEqual([]);
      expect(busOf(bus).stats.published).toBeGreaterThan(0);
      await sub.close();
    } finally {
      await t.close();
    }
  });

  it("ends the subscriptions of a node that goes away with LiveUnavailable, counts publishes to it, and the other nodes' carry on", async () => {
    const [victim, survivor] = meters;
    const gone = recorder();
    const onSurvivor = recorder();
    a.listen('reading', victim.meterId, gone.onEvent, gone.onLost);
    a.listen('reading', survivor.meterId, onSurvivor.onEvent, onSurvivor.onLost);
    // What a GraphQL subscription sees: its iterator throws LiveUnavailable (asserted once the node is gone).
    const iteratorEnds = expect(a.subscribe('reading', victim.meterId)[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(LiveUnavailable);
    await until(async () => (await shardSubscribers(`${prefix}:reading:${victim.meterId}`)) === 1, 5000, 'SSUBSCRIBE');
    const outagesBefore = busOf(a).stats.outages;

    await stopNode(victim.port);

    await until(() => gone.lost.length > 0, 5000, 'the lost node to end its subscriptions');
    expect(gone.lost).toEqual([expect.any(LiveUnavailable)]);
    await iteratorEnds;
    expect(busOf(a).available).toBe(false);
    expect(busOf(a).stats.outages).toBe(outagesBefore + 1);
    // A new subscription to a channel of the lost node is refused at once.
    const refused = recorder();
    a.listen('reading', victim.meterId, refused.onEvent, refused.onLost);
    expect(refused.lost).toEqual([expect.any(LiveUnavailable)]);
    // Publishing to it does not throw: the failure is counted.
    const failuresBefore = busOf(b).stats.publishFailures;
    expect(() => b.publishAll('reading', victim.meterId, [reading(victim.meterId, 1), reading(victim.meterId, 2)])).not.toThrow();
    await until(() => busOf(b).stats.publishFailures >= failuresBefore + 2, 5000, 'the failed publish to be counted');
    // The surviving node's channel still delivers.
    await deliverUntilSeen(async () => b.publish('reading', survivor.meterId, reading(survivor.meterId, 7)), () => onSurvivor.events.length > 0);
    expect(onSurvivor.events[0]).toEqual(reading(survivor.meterId, 7));
    expect(onSurvivor.lost).toEqual([]);
    expect(gone.events).toEqual([]);

    // Back: a new subscription to the node's channel works again.
    await startNode(victim.port);
    await clusterOk();
    await until(() => busOf(a).available, 10_000, 'the bus to see the node back');
    const again = recorder();
    a.listen('reading', victim.meterId, again.onEvent, again.onLost);
    await deliverUntilSeen(async () => b.publish('reading', victim.meterId, reading(victim.meterId, 9)), () => again.events.length > 0, 10_000);
    expect(again.events[0]).toEqual(reading(victim.meterId, 9));
    expect(again.lost).toEqual([]);
  });
});

describe('live pub/sub over a Redis Cluster when a master fails over to its replica', () => {
  const prefix = `f${randomBytes(4).toString('hex')}`;
  const nodes = new Map<number, Redis>();
  let a: LivePubSub & { bus?: unknown };
  let b: LivePubSub & { bus?: unknown };
  beforeAll(async () => {
    // A master is failed over one second after it stops answering.
    await Promise.all(FAILOVER_PORTS.map((port) => startNode(port, '--cluster-node-timeout', '1000')));
    await run('redis-cli', ['--cluster', 'create', ...FAILOVER_PORTS.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '1', '--cluster-yes']);
    for (const port of FAILOVER_PORTS) nodes.set(port, new Redis(port, '127.0.0.1', { retryStrategy: () => null }).on('error', () => {}));
    await clusterOk(FAILOVER_PORTS, 15_000);
    // Every master's replica known to the cluster (and in sync), or there is nothing to fail over to.
    await until(
      async () => {
        const ranges = (await nodes.get(FAILOVER_PORTS[0])!.call('CLUSTER', 'SLOTS')) as unknown[][];
        const links = await Promise.all(FAILOVER_PORTS.map((p) => cli(p, 'info', 'replication')));
        return ranges.length === 3 && ranges.every((r) => r.length === 4) && links.filter((l) => l.includes('master_link_status:up')).length === 3;
      },
      15_000,
      'the replicas',
    );
    const url = `redis://127.0.0.1:${FAILOVER_PORTS[0]}`;
    a = await createLivePubSub({ url, prefix, cluster: true });
    b = await createLivePubSub({ url, prefix, cluster: true });
    expect(await a.ready(10_000)).toBe(true);
    expect(await b.ready(10_000)).toBe(true);
  }, 60_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    for (const r of nodes.values()) r.disconnect();
  });

  it('ends the failed master’s subscriptions, then reaches the promoted replica: new subscriptions get what is published there', async () => {
    const meterId = 1;
    const channel = `${prefix}:reading:${meterId}`;
    const before = await slotOwner(channel, nodes.get(FAILOVER_PORTS[0])!);
    expect(before.replicas).toHaveLength(1);
    const gone = recorder();
    a.listen('reading', meterId, gone.onEvent, gone.onLost);
    await deliverUntilSeen(async () => b.publish('reading', meterId, reading(meterId, 1)), () => gone.events.length > 0);

    await stopNode(before.port);
    nodes.get(before.port)!.disconnect();

    // Its subscribers are told at once, as for any lost node.
    await until(() => gone.lost.length > 0, 5000, 'the failed master to end its subscriptions');
    expect(gone.lost).toEqual([expect.any(LiveUnavailable)]);
    // The replica takes the slots over, and the buses follow the new slot map.
    const survivor = FAILOVER_PORTS.find((p) => p !== before.port)!;
    await until(async () => (await slotOwner(channel, nodes.get(survivor)!)).port === before.replicas[0], 20_000, 'the replica to be promoted');
    await until(() => busOf(a).available && busOf(b).available, 20_000, 'the buses to reach the new master');

    const again = recorder();
    a.listen('reading', meterId, again.onEvent, again.onLost);
    await deliverUntilSeen(async () => b.publish('reading', meterId, reading(meterId, 2)), () => again.events.length > 0, 10_000);
    expect(again.events[0]).toEqual(reading(meterId, 2));
    expect(again.lost).toEqual([]);
    // The old subscription stays ended: nothing more reached it.
    expect(gone.events).toEqual([reading(meterId, 1)]);
    // Subscribed on the new master, the one node that sends this channel's messages now.
    const reply = (await nodes.get(before.replicas[0])!.call('PUBSUB', 'SHARDNUMSUB', channel)) as [string, number];
    expect(reply[1]).toBe(1);
  }, 60_000);
});
