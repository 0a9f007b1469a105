/**
 * kill -9 of an API process in the middle of sending: the submission stays claimed until its lease lapses, then
 * another process resends the same body with the same Idempotency-Key, and the supplier ends up with one submission.
 * Real processes on one SQLite database, a real HTTP receiver.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../accounts/account.entity.js';
import { makeAccount } from '../../test/devices-support.js';
import { BRIDGE_SECRET, SECRET_KEY, startTestApi, type TestApi } from '../../test/harness.js';
import { SupplierReceiver } from '../../test/supplier-receiver.js';
import { SupplierLink } from '../suppliers/supplier-link.entity.js';

const apiDir = fileURLToPath(new URL('../..', import.meta.url));

function worker(dataDir: string, clock: string): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let out = '';
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'test/submission-worker.ts'], {
    cwd: apiDir,
    env: { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, PORT: '0', BRIDGE: '0', BRIDGE_SECRET, SECRET_KEY, DEMO: '0', SERVE_WEB: '0', LOG_LEVEL: 'silent', SUBMISSIONS_TICK_S: '0', WORKER_CLOCK: clock, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

async function until(cond: () => boolean, what: string, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('an API process killed while sending', () => {
  let t: TestApi;
  let receiver: SupplierReceiver;

  beforeAll(async () => {
    receiver = await SupplierReceiver.start();
    t = await startTestApi({ env: { SUBMISSIONS_TICK_S: '0' } });
    t.api.deps.submissions.now = () => new Date('2026-10-01T00:00:00Z');
    await t.api.orm.em.fork().nativeUpdate(SupplierLink, {}, { unlinkedAt: new Date() });
    const operator = (await makeAccount(t, Role.OPERATOR)).token;
    const customer = await t.signInDemo();
    const meters = (await t.gql(`{ viewer { meters { id serial } } }`, {}, customer)).data.viewer.meters;
    const s = await t.gql(
      `mutation($i: SupplierInput!) { createSupplier(input: $i) { id } }`,
      { i: { name: 'Сбой', inn: '7707083893', resources: ['ELECTRICITY'], windowFirstDay: 15, windowLastDay: 25, cutoffTime: '12:00', timeZone: 'Europe/Moscow', accountPattern: '\\d{10}', accountExample: '1234567890', volumeDecimals: 3, channel: 'WEBHOOK', webhookUrl: receiver.url } },
      operator,
    );
    const e = meters.find((m: { serial: string }) => m.serial === 'E-0001').id;
    const l = await t.gql(`mutation($m: ID!, $s: ID!) { linkSupplierAccount(meterId: $m, supplierId: $s, accountNumber: "1234567890", agree: true) { id } }`, { m: e, s: s.data.createSupplier.id }, customer);
    expect(l.errors).toBeUndefined();
    await t.ingest([{ token: t.api.demo!.controller.token, readings: [{ meter: 'E-0001', quantity: 'ENERGY_T1', time: Date.parse('2026-10-15T08:00:00Z'), value: 2_000_000 }, { meter: 'E-0001', quantity: 'ENERGY_T2', time: Date.parse('2026-10-15T08:00:00Z'), value: 700_000 }] }]);
    // The workers take over the database: this process lets go of it (but keeps the directory).
    await t.api.close();
    // Starting APIs takes seconds on a loaded machine: the bound is generous.
  }, 180_000);
  afterAll(async () => {
    await receiver?.close();
    if (t) await rm(t.dataDir, { recursive: true, force: true });
  });

  it('resumes the same submission in another process after the claim lapses: one submission at the supplier', async () => {
    receiver.answers = ['hang', { status: 200, body: { status: 'accepted' } }];
    const first = worker(t.dataDir, '2026-10-15T09:00:00Z');
    await until(() => receiver.received.length === 1, 'the first process’s request');
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe(null);
    expect(first.output()).not.toContain('worker: [');

    // Within the claim (10 s timeout + 60 s) nobody touches it; after it, the next process resends.
    const early = worker(t.dataDir, '2026-10-15T09:00:30Z');
    expect(await early.exited).toBe(0);
    expect(receiver.received).toHaveLength(1);
    expect(early.output()).toMatch(/"status":"SENDING","attempts":1/);

    const second = worker(t.dataDir, '2026-10-15T09:02:00Z');
    expect(await second.exited).toBe(0);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1].idempotencyKey).toBe(receiver.received[0].idempotencyKey);
    expect(receiver.received[1].body).toBe(receiver.received[0].body);
    const rows = JSON.parse(/worker: (\[.*\])/.exec(second.output())![1]);
    expect(rows.filter((r: { period: string }) => r.period === '2026-10')).toEqual([{ id: expect.any(Number), period: '2026-10', status: 'ACCEPTED', attempts: 2, key: receiver.received[0].idempotencyKey }]);
  }, 240_000);
});
