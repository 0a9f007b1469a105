import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { MikroORM } from '@mikro-orm/core';
import { describe, expect, it } from 'vitest';
import { ormOptions } from '../src/db/orm.js';
import { buildApiSchema, printApiSchema } from '../src/graphql/schema.js';
import { apiForBlock, engines, freshPostgres, startTestApi } from './harness.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const committed = () => readFile(fileURLToPath(new URL('../../schema.graphql', import.meta.url)), 'utf8');
const REGENERATE = 'schema.graphql is out of date: run `pnpm schema` and commit it';

describe('the committed schema.graphql', () => {
  const t = apiForBlock(() => startTestApi());

  it('is what the code generates', async () => {
    expect(printApiSchema(await buildApiSchema()), REGENERATE).toBe(await committed());
  });

  it('is what the running server serves', async () => {
    const r = await t.gql<IntrospectionQuery>(getIntrospectionQuery({ descriptions: true }));
    expect(printApiSchema(buildClientSchema(r.data!)), REGENERATE).toBe(await committed());
  });
});

describe.each(engines)('migrations on %s', (engine) => {
  it('produce exactly the schema the entities describe (on PostgreSQL, also after rolling back to nothing and up again)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'askue-mig-'));
    const pgdb = engine === 'postgresql' ? await freshPostgres() : null;
    const db = pgdb ? ({ kind: 'postgresql', url: pgdb.url } as const) : ({ kind: 'sqlite', file: path.join(dir, 'm.sqlite') } as const);
    const orm = await MikroORM.init(await ormOptions(db));
    try {
      const applied = (await orm.getMigrator().up()).map((m) => m.name);
      // A fresh database: every migration, from the first.
      expect(applied[0]).toMatch(/^Migration20261124\d+_init$/);
      const drift = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
      expect(drift.trim(), 'entities changed without a migration: run `pnpm --filter @askue/api migration:create <name>`').toBe('');
      if (engine === 'postgresql') {
        // A release can be rolled back: every migration's down() runs, newest first, to an empty schema, and up()
        // again ends where it did. (SQLite's migrations go forward only: copy the file before an upgrade.)
        expect((await orm.getMigrator().down({ to: 0 })).map((m) => m.name)).toEqual([...applied].reverse());
        expect(await orm.getMigrator().getExecutedMigrations()).toEqual([]);
        expect((await orm.getMigrator().up()).map((m) => m.name)).toEqual(applied);
        expect((await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false })).trim()).toBe('');
      }
    } finally {
      await orm.close(true);
      await pgdb?.drop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
