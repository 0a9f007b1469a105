/**
 * The demo seeds an empty database only. When its customer has deleted their account in the cabinet, the next start
 * says so (demo.json's sign-in no longer works) instead of pointing the newcomer at a login that fails. A fresh
 * start shows a warning at once: the hot-water meter's verification is due within the month.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, startTestApi } from '../../test/harness.js';
import { Account } from '../accounts/account.entity.js';
import { eraseAccount } from '../accounts/erasure.js';
import { openDatabase, type Orm } from '../db/orm.js';
import { DEMO_PHONE, seedDemo } from './demo.js';

describe('the demo data', () => {
  let orm: Orm;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'demo-'));
    orm = await openDatabase({ kind: 'sqlite', file: path.join(dir, 'db.sqlite') });
  });
  afterAll(async () => {
    await orm.close(true);
    await rm(dir, { recursive: true, force: true });
  });

  it('is made once, and a later start says when its customer has deleted the account', async () => {
    const heard: string[] = [];
    const deleted = () => heard.push('deleted');
    const demo = await seedDemo(orm.em.fork(), dir, {}, deleted);
    expect(demo?.phone).toBe(DEMO_PHONE);
    expect(JSON.parse(await readFile(path.join(dir, 'demo.json'), 'utf8')).password).toBe(demo!.password);

    expect(await seedDemo(orm.em.fork(), dir, {}, deleted)).toBeNull();
    expect(heard).toEqual([]);

    const account = await orm.em.fork().findOneOrFail(Account, { phone: DEMO_PHONE });
    await eraseAccount(orm.em.fork(), account.id, new Date());
    expect(await seedDemo(orm.em.fork(), dir, {}, deleted)).toBeNull();
    expect(heard).toEqual(['deleted']);
  });
});

describe.each(engines)('a fresh demo start on %s', (engine) => {
  it('has its first warning on the first page: the hot-water meter’s verification, due within the month', async () => {
    const t = await startTestApi({ engine });
    try {
      const token = await t.signInDemo();
      const r = await t.gql(`{ viewer { alerts(first: 10) { unreadCount edges { node { rule stage meter { serial } facts { name value } } } } } }`, {}, token);
      const { unreadCount, edges } = r.data.viewer.alerts;
      expect([unreadCount, edges.map((e: { node: { rule: string; stage: string; meter: { serial: string } } }) => [e.node.rule, e.node.stage, e.node.meter.serial])]).toEqual([1, [['VERIFICATION_DUE', 'DAYS_30', 'HW-0001']]]);
      expect(edges[0].node.facts.find((f: { name: string }) => f.name === 'days').value).toBe('25');
    } finally {
      await t.close();
    }
  });
});
