/**
 * Several workers at once never send one submission twice: on PostgreSQL two API processes' engines on one
 * database (each its own connection pool), on SQLite two engines on one database; both tick together over and over
 * while the supplier answers slowly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../accounts/account.entity.js';
import { makeAccount } from '../../test/devices-support.js';
import { engines, freshPostgres, startTestApi, type TestApi } from '../../test/harness.js';
import { SupplierReceiver } from '../../test/supplier-receiver.js';
import { SupplierLink } from '../suppliers/supplier-link.entity.js';
import { SubmissionEngine } from './engine.js';
import { Submission } from './submission.entity.js';

describe.each(engines)('two workers racing on %s', (engine) => {
  let a: TestApi;
  let b: TestApi | null = null;
  let drop: (() => Promise<void>) | null = null;
  let receiver: SupplierReceiver;
  let workers: SubmissionEngine[];

  beforeAll(async () => {
    receiver = await SupplierReceiver.start();
    if (engine === 'postgresql') {
      const db = await freshPostgres();
      drop = db.drop;
      a = await startTestApi({ engine, databaseUrl: db.url, env: { SUBMISSIONS_TICK_S: '0' } });
      b = await startTestApi({ engine, databaseUrl: db.url, env: { SUBMISSIONS_TICK_S: '0' } });
      workers = [a.api.deps.submissions, b.api.deps.submissions];
    } else {
      a = await startTestApi({ engine, env: { SUBMISSIONS_TICK_S: '0' } });
      workers = [a.api.deps.submissions, new SubmissionEngine(a.api.deps.submissions.deps)];
    }
    const clock = new Date('2026-10-15T09:00:00Z');
    for (const w of workers) w.now = () => clock;
    await a.api.orm.em.fork().nativeUpdate(SupplierLink, {}, { unlinkedAt: new Date() });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await drop?.();
    await receiver?.close();
  });

  it('makes one submission and sends it once, though both tick at the same moment again and again', async () => {
    const operator = (await makeAccount(a, Role.OPERATOR)).token;
    const customer = await a.signInDemo();
    const meters = (await a.gql(`{ viewer { meters { id serial } } }`, {}, customer)).data.viewer.meters;
    const e = meters.find((m: { serial: string }) => m.serial === 'E-0001').id;
    const s = await a.gql(
      `mutation($i: SupplierInput!) { createSupplier(input: $i) { id } }`,
      { i: { name: 'Гонка', inn: '7707083893', resources: ['ELECTRICITY'], windowFirstDay: 15, windowLastDay: 25, cutoffTime: '12:00', timeZone: 'Europe/Moscow', accountPattern: '\\d{10}', accountExample: '1234567890', volumeDecimals: 3, channel: 'WEBHOOK', webhookUrl: receiver.url } },
      operator,
    );
    const l = await a.gql(`mutation($m: ID!, $s: ID!) { linkSupplierAccount(meterId: $m, supplierId: $s, accountNumber: "1234567890", agree: true) { id } }`, { m: e, s: s.data.createSupplier.id }, customer);
    expect(l.errors).toBeUndefined();
    await a.ingest([{ token: a.api.demo!.controller.token, readings: [{ meter: 'E-0001', quantity: 'ENERGY_T1', time: Date.parse('2026-10-15T08:00:00Z'), value: 1_000_000 }, { meter: 'E-0001', quantity: 'ENERGY_T2', time: Date.parse('2026-10-15T08:00:00Z'), value: 500_000 }] }]);
    receiver.answers = [{ status: 200, body: { status: 'accepted' }, delayMs: 300 }];
    // Both make it at once (the unique key keeps one), then all look for due work before any claims it.
    await Promise.all(workers.map((w) => w.makeDue()));
    for (let round = 0; round < 5; round++) await Promise.all(workers.flatMap((w) => [w.sendDue(), w.sendDue()]));
    expect(receiver.received).toHaveLength(1);
    const rows = await a.api.orm.em.fork().find(Submission, { supplier: Number(s.data.createSupplier.id) });
    expect(rows.map((r) => [r.period, r.status, r.attempts])).toEqual([['2026-10', 'ACCEPTED', 1]]);
  });
});
