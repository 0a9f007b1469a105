/**
 * The demo seeds an empty database only. When its customer has deleted their account in the cabinet, the next start
 * says so (demo.json's sign-in no longer works) instead of pointing the newcomer at a login that fails.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
