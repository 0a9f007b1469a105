/**
 * Past one machine: `pnpm start:cluster` — two API processes on one PostgreSQL database sharing live readings
 * through Redis, two CoAP bridges, each forwarding to its own API, and a rollup worker. Readings go in through
 * both bridges (some through both at once, as a modem retrying on another bridge would); every one is stored
 * exactly once, every subscriber, on either API, receives every reading of its meters, once, and the worker —
 * not the APIs, which run without the job — turns them into hourly rollups. Twice: with one Redis, and with a
 * 3-node Redis Cluster started here (REDIS_CLUSTER=1: sharded pub/sub, channels spread over the nodes).
 * Runs when TEST_DATABASE_URL and TEST_REDIS_URL are set (CI sets both); then it must pass.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverUntilSeen, freshPostgres, Subscription } from '@askue/api/testing';
import { request } from '../support/coap-client.js';
import { startClusterProcess, startWorkerProcess, type Proc } from '../support/processes.js';
import { startRedisCluster } from '../support/redis-cluster.js';

const configured = !!process.env.TEST_DATABASE_URL && !!process.env.TEST_REDIS_URL;

const READINGS = 300;
const READING_ADDED = `subscription { readingAdded { meterId quantity time value } }`;
const METERS = ['E-0001', 'CW-0001', 'HW-0001'];

// Not configured: reported as skipped (CI configures both, and then a failure to connect fails the suite).
const pubsubs = [
  { name: 'Redis', start: async () => ({ env: { REDIS_URL: process.env.TEST_REDIS_URL! }, stop: async () => {}, sharded: null }) },
  {
    name: 'a 3-node Redis Cluster',
    start: async () => {
      const redis = await startRedisCluster([17111, 17112, 17113]);
      return { env: { REDIS_URL: redis.url, REDIS_CLUSTER: '1' }, stop: redis.stop, sharded: redis.channels };
    },
  },
];

describe.runIf(configured).each(pubsubs)('pnpm start:cluster: two bridges, two APIs and a rollup worker on PostgreSQL + $name', (pubsub) => {
  let db: Awaited<ReturnType<typeof freshPostgres>>;
  let dataDir: string;
  let cluster: Proc;
  let apis: string[];
  let bridges: number[];
  let demo: { phone: string; password: string; controller: { token: string } };
  let redis: Awaited<ReturnType<(typeof pubsub)['start']>>;

  beforeAll(async () => {
    db = await freshPostgres();
    dataDir = await mkdtemp(path.join(tmpdir(), 'askue-cluster-'));
    redis = await pubsub.start();
    cluster = startClusterProcess({
      DATABASE_URL: db.url,
      ...redis.env,
      REDIS_PREFIX: `cluster${process.pid}`,
      DATA_DIR: dataDir,
      PORT: '0',
      COAP_PORT: '0',
      SERVE_WEB: '0',
      SIMULATE: '0',
      LOG_LEVEL: 'warn',
      // One demo controller sends all of them: its per-controller limit is raised (tested on its own elsewhere).
      RATE_LIMIT_PER_MINUTE: '60000',
      RATE_LIMIT_BURST: '10000',
      // The worker recomputes as soon as it runs (no settle hour): the test waits for it to empty rollup_dirty.
      ROLLUP_SETTLE_S: '0',
    });
    await cluster.waitFor(/Шлюз 2:/, 90_000);
    const text = cluster.output.join('\n');
    apis = [...text.matchAll(/API \d:\s+(http:\/\/\S+)/g)].map((m) => m[1]!);
    bridges = [...text.matchAll(/Шлюз \d:\s+coap:\/\/localhost:(\d+)/g)].map((m) => Number(m[1]));
    demo = JSON.parse(await readFile(path.join(dataDir, 'demo.json'), 'utf8'));
  }, 120_000);

  afterAll(async () => {
    expect(await cluster?.stop()).toBe(0);
    await db?.drop();
    await redis?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('started two APIs, two bridges, each on its own API, and a worker, and migrated the database once', async () => {
    expect(apis).toHaveLength(2);
    expect(cluster.output.join('\n')).toMatch(/Агрегаты:\s+1 процесс pnpm start:worker/);
    expect(new Set(apis).size).toBe(2);
    expect(bridges).toHaveLength(2);
    for (const url of apis) expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query(`select name, count(*)::int as n from mikro_orm_migrations group by name having count(*) > 1`);
      expect(rows).toEqual([]);
    } finally {
      await client.end();
    }
  });

  it('stores every reading sent through either bridge exactly once and delivers it to every subscriber on either API, once', async () => {
    const tokens = await Promise.all(
      apis.map(async (url) => {
        const r = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: `mutation($p:String!,$w:String!){ signIn(phone:$p,password:$w){ token } }`, variables: { p: demo.phone, w: demo.password } }),
        });
        return ((await r.json()) as { data: { signIn: { token: string } } }).data.signIn.token;
      }),
    );
    // Two subscribers on each API.
    const subs = apis.flatMap((url, i) => [0, 1].map(() => new Subscription(`${url.replace('http', 'ws')}/graphql`, tokens[i]!, READING_ADDED)));
    const post = (bridge: number, body: object[]) =>
      request(bridges[bridge]!, `/v1/${demo.controller.token}/readings`, { format: 110, payload: JSON.stringify(body) });
    try {
      // Until every subscription is registered on its API, a reading could pass it by.
      let marker = 100;
      await deliverUntilSeen(
        () => post(0, [{ bn: 'E-0001:', n: 'voltage_l1', u: 'V', v: ++marker }]),
        () => subs.every((s) => s.events.length > 0),
        20_000,
      );
      if (redis.sharded) {
        // The live channels are sharded ones, on the nodes that own their slots; nothing uses classic pub/sub.
        const channels = await redis.sharded();
        expect(channels.plain).toEqual([]);
        expect(channels.sharded.filter((c) => c.startsWith(`cluster${process.pid}:`)).length).toBeGreaterThanOrEqual(METERS.length);
      }
      const t0 = Math.floor(Date.now() / 1000) - 3600;
      const sent = Array.from({ length: READINGS }, (_, i) => {
        const meter = METERS[i % 3]!;
        const record = meter === 'E-0001' ? { n: 'power', u: 'W' } : { n: 'volume', u: 'm3' };
        return { bn: `${meter}:`, ...record, v: 1000 + i, t: t0 + i };
      });
      // Half through each bridge; every tenth also through the other one, as a modem retrying elsewhere would.
      const jobs = sent.flatMap((record, i) => [{ bridge: i % 2, record }, ...(i % 10 === 0 ? [{ bridge: (i + 1) % 2, record }] : [])]);
      for (let i = 0; i < jobs.length; i += 20) {
        const answers = await Promise.all(jobs.slice(i, i + 20).map((j) => post(j.bridge, [j.record])));
        expect(answers.map((a) => a.code)).toEqual(answers.map(() => '2.04'));
      }

      const expected = sent.map((r) => `${r.bn}${r.n}=${r.v}@${r.t}`).sort();
      const received = (s: Subscription) =>
        s.events
          .map((e) => e.readingAdded)
          .filter((r: { value: number }) => r.value >= 1000)
          .map((r: { meterId: string; quantity: string; time: string; value: number }) => `${r.quantity}=${r.value}@${Date.parse(r.time) / 1000}`);
      for (const s of subs) await s.until(() => received(s).length >= READINGS, 20_000, `${READINGS} readings`);
      // A moment for anything doubled to arrive too.
      await new Promise((r) => setTimeout(r, 500));
      const asQuantity = (key: string) => key.replace(/^E-0001:power/, 'POWER').replace(/^(CW|HW)-0001:volume/, 'VOLUME');
      for (const s of subs) expect(received(s).sort()).toEqual(expected.map(asQuantity).sort());

      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const { rows } = await client.query(
          `select count(*)::int as n, count(distinct (r.meter_id, r.quantity, r.time))::int as distinct_n, sum(r.value)::float as total
             from reading r where r.value >= 1000 and r.time >= to_timestamp($1)`,
          [t0],
        );
        expect(rows[0]).toEqual({ n: READINGS, distinct_n: READINGS, total: sent.reduce((a, r) => a + r.v, 0) });

        // The worker has rolled them up: nothing is left dirty, and each hour's rollup counts the hour's readings.
        const deadline = Date.now() + 30_000;
        let dirty = -1;
        while ((dirty = (await client.query(`select count(*)::int as n from rollup_dirty`)).rows[0].n) > 0 && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 250));
        }
        expect(dirty).toBe(0);
        const hours = await client.query(
          `select m.serial, r.quantity, date_trunc('hour', r.time) as hour, count(*)::int as raw, h.count as rolled
             from reading r join meter m on m.id = r.meter_id
             left join reading_hour h on h.meter_id = r.meter_id and h.quantity = r.quantity and h.hour = date_trunc('hour', r.time)
            where r.time >= date_trunc('hour', to_timestamp($1)) and r.time < date_trunc('hour', to_timestamp($1)) + interval '2 hours'
            group by m.serial, r.quantity, date_trunc('hour', r.time), h.count order by 1, 2, 3`,
          [t0],
        );
        expect(hours.rows.map((r) => r.serial).filter((v, i, a) => a.indexOf(v) === i)).toEqual(expect.arrayContaining(METERS));
        expect(hours.rows.filter((r) => r.rolled !== r.raw)).toEqual([]);
      } finally {
        await client.end();
      }
    } finally {
      await Promise.all(subs.map((s) => s.close()));
    }
  }, 120_000);
});

describe('pnpm start:worker on the embedded default', () => {
  it('refuses SQLite at once with the reason and EX_CONFIG, instead of a second writer beside the API', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'askue-worker-'));
    try {
      // No DATABASE_URL: the embedded SQLite database in DATA_DIR, as `pnpm start` uses it.
      const worker = startWorkerProcess({ DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'info' });
      const code = await new Promise<number | null>((resolve) => (worker.child.exitCode !== null ? resolve(worker.child.exitCode) : worker.child.once('exit', resolve)));
      expect(code).toBe(78);
      expect(worker.output.join('\n')).toContain('DATABASE_URL: a rollup worker needs PostgreSQL (on the embedded SQLite database the API runs the rollup job itself)');
      expect(worker.output.join('\n')).not.toContain('rollup worker started');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
