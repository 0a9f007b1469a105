/**
 * The operators' CLI as an installer runs it (`pnpm cli …`, a process of its own): the migrations it lists, and a
 * rollback on PostgreSQL that reverts exactly the migrations after the one named, keeps the data, and is undone by
 * the next start. SQLite has no rollback and says what to do instead.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/orm.js';
import { postgresqlMigrations } from '../db/migrations/postgresql/index.js';
import { sqliteMigrations } from '../db/migrations/sqlite/index.js';
import { Account } from '../accounts/account.entity.js';
import { Binding } from '../devices/binding.entity.js';
import { Controller } from '../devices/controller.entity.js';
import { SupplierChange } from '../suppliers/supplier-change.entity.js';
import { freshPostgres } from '../../test/harness.js';
import { supplierInput } from '../../test/supplier-receiver.js';

const API_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `pnpm cli <args>`: what it printed and its exit code. */
function cli(args: string[], env: Record<string, string>): Promise<{ out: string; err: string; code: number }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', '@swc-node/register/esm-register', 'src/cli/main.ts', ...args],
      { cwd: API_DIR, env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ out: stdout, err: stderr, code: error ? Number(error.code ?? 1) : 0 }),
    );
  });
}

/** Data directories the tests make, removed after them all. */
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
async function dataDirFor(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `askue-cli-${name}-`));
  dirs.push(dir);
  return dir;
}

const lines = (out: string, prefix: string) => out.split('\n').filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length).trim());

describe('pnpm cli on SQLite', () => {
  it('lists every migration applied, and refuses a rollback, pointing to the copy of the file', async () => {
    const dataDir = await dataDirFor('sqlite');
    await (await openDatabase({ kind: 'sqlite', file: path.join(dataDir, 'askue.sqlite') })).close();
    const list = await cli(['migrations'], { DATA_DIR: dataDir });
    expect(list.code).toBe(0);
    expect(lines(list.out, 'применена')).toEqual(sqliteMigrations.map((m) => m.name));
    expect(list.out).toContain('Все миграции применены.');
    const down = await cli(['migrate-down', sqliteMigrations[0]!.name], { DATA_DIR: dataDir });
    expect(down.code).toBe(1);
    expect(down.err).toContain('Ошибка: SQLite не откатывается миграциями: верните копию askue.sqlite, сделанную до обновления');
  });
});

describe('pnpm cli supplier', () => {
  it('adds a supplier from a settings file and changes it, recorded in its history as made outside the cabinet; a bad file changes nothing', async () => {
    const dataDir = await dataDirFor('supplier');
    const file = path.join(dataDir, 'askue.sqlite');
    await (await openDatabase({ kind: 'sqlite', file })).close();
    const settings = supplierInput('https://sbyt.example/readings', { name: 'ООО «Сбыт из файла»' });
    const write = async (name: string, body: object) => {
      const at = path.join(dataDir, name);
      await writeFile(at, JSON.stringify(body));
      return at;
    };
    const created = await cli(['supplier', await write('new.json', settings)], { DATA_DIR: dataDir });
    expect(created.code).toBe(0);
    const id = /^Поставщик (\d+): ООО «Сбыт из файла» \(создан\)$/m.exec(created.out)?.[1];
    expect(id).toBeDefined();
    expect(created.out).toMatch(/^Секрет подписи вебхуков \(передайте поставщику\): \S{20,}$/m);
    const edited = await cli(['supplier', await write('edit.json', { ...settings, cutoffTime: '18:00' }), '--id', id!], { DATA_DIR: dataDir });
    expect([edited.code, edited.out.split('\n')[0]]).toEqual([0, `Поставщик ${id}: ООО «Сбыт из файла» (изменён)`]);
    const bad = await cli(['supplier', await write('bad.json', { ...settings, inn: '7707083894' }), '--id', id!], { DATA_DIR: dataDir });
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('ИНН неверен');
    const list = await cli(['suppliers'], { DATA_DIR: dataDir });
    expect(list.out).toContain(`${id}\tООО «Сбыт из файла»\tИНН 7707083893\tELECTRICITY\t15–25 18:00 Europe/Moscow`);

    const orm = await openDatabase({ kind: 'sqlite', file });
    try {
      const history = await orm.em.fork().find(SupplierChange, { supplier: Number(id) }, { orderBy: { id: 'asc' } });
      expect(history.map((c) => [c.kind, c.by, c.kind === 'CREATED' ? c.fields.length : c.fields])).toEqual([
        ['CREATED', null, 12],
        ['SETTINGS', null, [{ field: 'cutoffTime', from: '12:00', to: '18:00' }]],
      ]);
    } finally {
      await orm.close();
    }
  });
});

describe('pnpm cli delete-account', () => {
  it('deletes a customer on written request — the devices released, the number free — and an operator; an unknown number is an error', async () => {
    const dataDir = await dataDirFor('delete');
    const file = path.join(dataDir, 'askue.sqlite');
    const env = { DATA_DIR: dataDir };
    expect((await cli(['provision', '--serial', 'CD-1', '--meter', 'CD-1-E:ELECTRICITY'], env)).code).toBe(0);
    // The customer as registration leaves one, bound to the controller (registration itself is the API's).
    const orm = await openDatabase({ kind: 'sqlite', file });
    try {
      const em = orm.em.fork();
      const customer = new Account('+79005550101');
      em.persist(customer);
      em.persist(new Binding(customer, { controller: await em.findOneOrFail(Controller, { serial: 'CD-1' }) }));
      await em.flush();
    } finally {
      await orm.close();
    }

    const deleted = await cli(['delete-account', '--phone', '8 (900) 555-01-01'], env);
    expect([deleted.code, deleted.out.trim().split('\n')]).toEqual([
      0,
      ['Учётная запись +79005550101 (клиент) удалена.', 'Отвязано приборов: 1; остановлено передач поставщикам: 0; завершено сеансов и токенов: 0.'],
    ]);
    const again = await cli(['delete-account', '--phone', '+79005550101'], env);
    expect([again.code, again.err.trim()]).toEqual([1, 'Ошибка: учётной записи с номером +79005550101 нет']);
    // The number is free: an account made with it is a new one, not the deleted one back.
    const reused = await cli(['create-operator', '--phone', '+79005550101', '--name', 'Петрова Анна'], env);
    expect(reused.out.split('\n')[0]).toBe('Оператор создан: +79005550101');
    const operator = await cli(['delete-account', '--phone', '+79005550101'], env);
    expect([operator.code, operator.out.split('\n')[0]]).toEqual([0, 'Учётная запись +79005550101 (оператор) удалена.']);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('pnpm cli on PostgreSQL', () => {
  const dataDir = mkdtemp(path.join(tmpdir(), 'askue-cli-pg-'));
  let db: Awaited<ReturnType<typeof freshPostgres>> | undefined;
  afterAll(async () => {
    await db?.drop();
    await rm(await dataDir, { recursive: true, force: true });
  });

  it('rolls back to a named migration — the later ones reverted newest first, the data kept — and the next start applies them again', async () => {
    db = await freshPostgres();
    const env = { DATA_DIR: await dataDir, DATABASE_URL: db.url };
    const names = postgresqlMigrations.map((m) => m.name);
    // The product started once (every migration applied) and an operator created.
    const made = await cli(['create-operator', '--phone', '+79005550077', '--password', 'Operator-pass-77'], env);
    expect(made.out).toContain('Оператор создан: +79005550077');
    const keep = names.at(-3)!;
    const down = await cli(['migrate-down', keep], env);
    expect(down.code).toBe(0);
    expect(lines(down.out, 'отменена')).toEqual([names.at(-1), names.at(-2)]);
    expect(down.out).toContain(`Последняя применённая миграция: ${keep}.`);
    const list = await cli(['migrations'], env);
    expect(lines(list.out, 'применена')).toEqual(names.slice(0, -2));
    expect(lines(list.out, 'ожидает')).toEqual(names.slice(-2));
    // Again: nothing left to revert. An unknown name: refused, nothing reverted.
    expect((await cli(['migrate-down', keep], env)).out).toContain(`Ничего не отменено: ${keep} и так последняя.`);
    const wrong = await cli(['migrate-down', 'Migration20990101000000_never'], env);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('миграция «Migration20990101000000_never» не применена в этой базе');
    expect(lines((await cli(['migrations'], env)).out, 'ожидает')).toEqual(names.slice(-2));
    // The operator is still there, and the next start of the (newer) product applies the two again.
    const orm = await openDatabase({ kind: 'postgresql', url: db.url });
    try {
      expect(await orm.em.fork().getConnection().execute(`select phone, role from account`)).toEqual([{ phone: '+79005550077', role: 'OPERATOR' }]);
    } finally {
      await orm.close();
    }
    expect((await cli(['migrations'], env)).out).toContain('Все миграции применены.');
  }, 90_000); // seven CLI processes, each compiling the CLI: ~20 s alone, more beside other test files on two cores
});
