/**
 * Erasure's list of what it does with each relation to an account is the ORM's list: a table that comes to point at
 * accounts is decided on (deleted or kept, and why) before it can keep a person's data after they deleted themselves.
 */
import { ReferenceKind } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type Orm } from '../db/orm.js';
import { ACCOUNT_RELATIONS } from './erasure.js';

describe('erasing an account', () => {
  let orm: Orm;
  beforeAll(async () => {
    orm = await connectDatabase({ kind: 'sqlite', file: ':memory:' });
  });
  afterAll(() => orm.close(true));

  it('has decided on every relation to an account there is', () => {
    // The sides that hold the account's id: many-to-one, and the owning side of one-to-one.
    const relations = Object.values(orm.getMetadata().getAll()).flatMap((meta) =>
      meta.relations
        .filter((r) => r.type === 'Account' && (r.kind === ReferenceKind.MANY_TO_ONE || (r.kind === ReferenceKind.ONE_TO_ONE && r.owner)))
        .map((r) => `${meta.className}.${r.name}`),
    );
    expect(relations.sort()).toEqual(Object.keys(ACCOUNT_RELATIONS).sort());
  });
});
