/**
 * `pnpm cli <command>`: operators' and installers' tools, on the database the configuration points at
 * (the embedded SQLite file under DATA_DIR, or DATABASE_URL). Secrets it prints (device tokens, claim codes,
 * passwords) are shown once: keep them safe.
 */
import 'reflect-metadata';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import QRCode from 'qrcode';
import { Account, Role } from '../accounts/account.entity.js';
import { announceErased, eraseAccount } from '../accounts/erasure.js';
import { hashPassword } from '../accounts/password.js';
import { PasswordCredential } from '../accounts/password.entity.js';
import { passwordProblem } from '../accounts/password-policy.js';
import { normalizePhone } from '../accounts/phone.js';
import { invocationDir, loadConfigOrExit } from '../config.js';
import { connectDatabase, migrateDownTo, migrationStatus, openDatabase } from '../db/orm.js';
import { Controller } from '../devices/controller.entity.js';
import { DeviceConfigService } from '../devices/device-config.service.js';
import { MeterKind } from '../devices/meter-kind.js';
import { ProvisioningService, labelQrSvg, type DeviceLabel, type NewMeter, type Provisioned } from '../devices/provisioning.service.js';
import { ClientError, NotFoundError } from '../errors/client-errors.js';
import { createLivePubSub, type LivePubSub } from '../pubsub/pubsub.js';
import { deriveKey, loadSecretKey } from '../security/secret-key.js';
import { newSecret } from '../security/tokens.js';
import { supplierSecret } from '../submissions/signature.js';
import { Supplier, type SupplierSettings } from '../suppliers/supplier.entity.js';
import { SuppliersService } from '../suppliers/suppliers.service.js';

/**
 * The CLI writes the database directly. With Redis it also tells the running bridges; without Redis (the
 * embedded setup) they learn of it at their next lookup (within DEVICE_CACHE_S, 5 s by default) and
 * modems observing /config at their next request — the GraphQL mutations tell them at once.
 */
const LOCAL_CHANGE_NOTE = 'Работающие шлюзы узнают об изменении через Redis сразу, без Redis — в течение нескольких секунд; модемы, наблюдающие /config, — при следующем обращении (мутации GraphQL сообщают сразу).';

const HELP = `Использование: pnpm cli <команда> [параметры]

  create-operator --phone <телефон> [--name <ФИО>] [--password <пароль>]
      Создаёт оператора (первого или очередного). Без --password пароль придумывается и печатается.
  provision --serial <серийный номер контроллера> [--model M] [--firmware F] [--interval <секунд>]
            [--meter <серийный:ELECTRICITY|COLD_WATER|HOT_WATER[:зон[:фаз]]> ...] [--qr-dir <папка>]
      Регистрирует контроллер со счётчиками; печатает токен устройства, коды привязки и QR-коды.
  import <файл.csv> [--qr-dir <папка>] [--out <файл.csv>]
      Регистрирует контроллеры и счётчики из CSV (строка на счётчик; столбцы: controller_serial,
      controller_model, firmware, reporting_interval_s, meter_serial, meter_kind, meter_model, zones,
      phases, install_address, verification_due). Всё или ничего; ошибки называются по строкам.
      --out сохраняет токены и коды привязки в CSV, --qr-dir — QR-коды этикеток в SVG.
  rotate-token <серийный номер>    Новый токен устройства; старый сразу перестаёт работать.
  revoke <серийный номер>          Выводит контроллер из работы.
  claim-code <серийный номер> [--qr-dir <папка>]
                                   Новый код привязки (старый перестаёт работать) и QR-код.
  set-interval <серийный номер> <секунд>
                                   Интервал передачи показаний (модемы, наблюдающие /config, узнают сразу).
  delete-account --phone <телефон>
      Удаляет учётную запись клиента (по его письменному запросу) или оператора: то же, что «Удалить личный
      кабинет» в профиле — персональные данные, сеансы и токены удаляются, приборы отвязываются, передача
      показаний поставщикам прекращается; уже переданные показания остаются. Имя оператора остаётся в истории
      изменений поставщиков.
  suppliers                        Поставщики, принимающие показания.
  supplier <настройки.json> [--id <номер>]
      Создаёт поставщика (или меняет поставщика --id) по JSON с полями SupplierInput из schema.graphql
      (name, inn, resources, windowFirstDay, windowLastDay, cutoffTime, timeZone, accountPattern,
      accountExample, volumeDecimals, channel, webhookUrl, email); печатает секрет подписи вебхуков.
      Уже сделанные передачи не меняются. Договор с поставщиком: api/docs/suppliers.md.
  migrations                       Миграции базы по порядку: применённые и ожидающие.
  migrate-down <миграция>          Откат к прежней версии (только PostgreSQL): отменяет миграции, применённые
                                   после указанной, начиная с новейшей. Запускайте версией, которая их применила,
                                   остановив её API и воркеры, затем запускайте прежнюю версию. SQLite так не
                                   откатить: верните копию askue.sqlite, сделанную до обновления.
`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    phone: { type: 'string' },
    name: { type: 'string' },
    password: { type: 'string' },
    serial: { type: 'string' },
    model: { type: 'string' },
    firmware: { type: 'string' },
    interval: { type: 'string' },
    meter: { type: 'string', multiple: true },
    'qr-dir': { type: 'string' },
    out: { type: 'string' },
    id: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

const [command, ...args] = positionals;
if (!command || values.help) {
  console.log(HELP);
  process.exit(command ? 0 : 64);
}

const config = loadConfigOrExit();
const secret = await loadSecretKey(config);
// Looking at or rolling back migrations must not apply the pending ones first.
const orm = command === 'migrations' || command === 'migrate-down' ? await connectDatabase(config.database) : await openDatabase(config.database);
const em = orm.em.fork();
const publicUrl = () => config.publicUrl ?? `http://localhost:${config.http.port}`;
const provisioning = new ProvisioningService(em, { claimKey: deriveKey(secret, 'claim-codes'), publicUrl, bridges: { announce } });

/** Tells the bridges (through Redis, when configured) that a controller's tokens or settings changed. */
async function announce(controllerId: number) {
  await withDeviceConfig((devices) => devices.announce(controllerId));
}

/** A DeviceConfigService whose announcements reach the bridges: waits for Redis (when configured) before publishing. */
function withDeviceConfig<T>(work: (devices: DeviceConfigService) => Promise<T>): Promise<T> {
  return withPubSub('шлюзы узнают об изменении в течение нескольких секунд, без уведомления', (pubSub) => work(new DeviceConfigService(em, pubSub)));
}

/** The running processes' pub/sub (Redis when configured, waited for); `unheard` says what happens when it is down. */
async function withPubSub<T>(unheard: string, work: (pubSub: LivePubSub) => Promise<T>): Promise<T> {
  const pubSub = await createLivePubSub(config.redis);
  try {
    if (!(await pubSub.ready(3000))) console.warn(`Redis недоступен: ${unheard}.`);
    return await work(pubSub);
  } finally {
    await pubSub.close();
  }
}

async function printLabels(labels: DeviceLabel[], qrDir?: string) {
  for (const l of labels) {
    console.log(`\n${l.kind === 'CONTROLLER' ? 'Контроллер' : 'Счётчик'} ${l.serial}: код привязки ${l.claimCode}`);
    console.log(`  ${l.bindUrl}`);
    console.log(await QRCode.toString(l.bindUrl, { type: 'terminal', small: true }));
  }
  if (qrDir) {
    await mkdir(qrDir, { recursive: true });
    for (const l of labels) await writeFile(path.join(qrDir, `${l.serial}.svg`), await labelQrSvg(l));
    console.log(`QR-коды этикеток: ${path.resolve(qrDir)}`);
  }
}

function printProvisioned(p: Provisioned) {
  console.log(`Контроллер ${p.controller.serial}${p.meters.length ? ` со счётчиками ${p.meters.map((m) => m.serial).join(', ')}` : ''}`);
  console.log(`  токен устройства (показывается один раз): ${p.token}`);
}

async function run(): Promise<void> {
  switch (command) {
    case 'create-operator': {
      const phone = normalizePhone(values.phone ?? '');
      if (!phone) throw new Error('--phone: нужен номер мобильного телефона, например +7 900 123-45-67');
      const password = values.password ?? newSecret(12);
      const problem = passwordProblem(password, config.passwords, [phone]);
      if (problem) throw new Error(`--password: ${problem.message}`);
      const existing = await em.findOne(Account, { phone });
      const account = existing ?? new Account(phone, Role.OPERATOR);
      account.role = Role.OPERATOR;
      account.fullName = values.name ?? account.fullName ?? 'Оператор';
      em.persist(account);
      const credential = existing ? await em.findOne(PasswordCredential, { account }) : null;
      if (credential) credential.hash = await hashPassword(password);
      else em.persist(new PasswordCredential(account, await hashPassword(password)));
      await em.flush();
      console.log(`${existing ? 'Учётная запись стала операторской' : 'Оператор создан'}: ${phone}`);
      console.log(`Пароль: ${password}`);
      return;
    }
    case 'provision': {
      const serial = values.serial ?? args[0];
      if (!serial) throw new Error('--serial: серийный номер контроллера');
      const meters: NewMeter[] = (values.meter ?? []).map((spec) => {
        const [meterSerial, kind, zones, phases] = spec.split(':');
        return { serial: meterSerial.toUpperCase(), kind: (kind ?? '').toUpperCase() as MeterKind, zones: zones ? Number(zones) : null, phases: phases ? Number(phases) : null };
      });
      const p = await provisioning.provision({
        serial: serial.toUpperCase(),
        model: values.model,
        firmware: values.firmware,
        reportingIntervalS: values.interval ? Number(values.interval) : null,
        meters,
      });
      printProvisioned(p);
      await printLabels(p.labels, values['qr-dir']);
      return;
    }
    case 'import': {
      const file = args[0];
      if (!file) throw new Error('укажите CSV-файл: pnpm cli import devices.csv');
      const results = await provisioning.importCsv(await readFile(path.resolve(invocationDir(), file), 'utf8'));
      for (const p of results) printProvisioned(p);
      const labels = results.flatMap((p) => p.labels);
      if (values.out) {
        const rows = ['serial,kind,device_token,claim_code,bind_url'];
        for (const p of results) {
          for (const l of p.labels) rows.push([l.serial, l.kind, l.kind === 'CONTROLLER' ? p.token : '', l.claimCode, l.bindUrl].join(','));
        }
        await writeFile(path.resolve(invocationDir(), values.out), rows.join('\n') + '\n', { mode: 0o600 });
        console.log(`Токены и коды привязки: ${values.out} (храните файл как пароль)`);
      }
      if (values['qr-dir']) await printLabels(labels, values['qr-dir']);
      console.log(`\nЗарегистрировано контроллеров: ${results.length}, счётчиков: ${results.reduce((n, p) => n + p.meters.length, 0)}`);
      return;
    }
    case 'rotate-token': {
      const { token } = await provisioning.rotateToken(args[0] ?? '');
      console.log(`Новый токен устройства ${args[0]} (показывается один раз): ${token}`);
      console.log(LOCAL_CHANGE_NOTE);
      return;
    }
    case 'delete-account': {
      const phone = normalizePhone(values.phone ?? '');
      if (!phone) throw new Error('--phone: нужен номер телефона учётной записи, например +7 900 123-45-67');
      const account = await em.findOne(Account, { phone, deletedAt: null });
      if (!account) throw new Error(`учётной записи с номером ${phone} нет`);
      const erased = await eraseAccount(em, account.id, new Date());
      // Running APIs close the account's sockets when told through Redis; without it, its requests are refused at
      // once (the sessions are gone) and its open sockets stay until they reconnect.
      await withPubSub('открытые WebSocket-соединения закроются при переподключении', async (pubSub) => announceErased(pubSub, erased));
      console.log(`Учётная запись ${phone} (${account.role === Role.OPERATOR ? 'оператор' : 'клиент'}) удалена.`);
      console.log(`Отвязано приборов: ${erased.released}; остановлено передач поставщикам: ${erased.linksStopped}; завершено сеансов и токенов: ${erased.sessionIds.length}.`);
      return;
    }
    case 'revoke': {
      const c = await provisioning.revoke(args[0] ?? '');
      console.log(`Контроллер ${c.serial} выведен из работы; его токены больше не действуют.`);
      console.log(LOCAL_CHANGE_NOTE);
      return;
    }
    case 'claim-code': {
      await printLabels([await provisioning.issueClaimCode(args[0] ?? '')], values['qr-dir']);
      return;
    }
    case 'set-interval': {
      const controller = await em.findOne(Controller, { serial: (args[0] ?? '').toUpperCase() });
      if (!controller) throw new Error(`Контроллер ${args[0]} не найден`);
      await withDeviceConfig((devices) => devices.setReportingInterval(controller.id, Number(args[1])));
      console.log(`Интервал ${controller.serial}: ${args[1]} с`);
      console.log(LOCAL_CHANGE_NOTE);
      return;
    }
    case 'suppliers': {
      for (const sup of await em.find(Supplier, {}, { orderBy: { id: 'asc' } })) {
        console.log(`${sup.id}\t${sup.name}\tИНН ${sup.inn}\t${sup.resources.join(',')}\t${sup.windowFirstDay}–${sup.windowLastDay} ${sup.cutoffTime} ${sup.timeZone}\t${sup.channel} ${sup.webhookUrl ?? sup.email}`);
      }
      return;
    }
    case 'supplier': {
      if (!args[0]) throw new Error(`укажите файл с настройками поставщика\n\n${HELP}`);
      const given = JSON.parse(await readFile(args[0], 'utf8')) as Partial<SupplierSettings>;
      const settings = { ...given, webhookUrl: given.webhookUrl ?? null, email: given.email ?? null } as SupplierSettings;
      // As the console does it, recorded in the supplier's history as made from the command line (no operator).
      const webhookKey = deriveKey(secret, 'supplier-webhooks');
      const suppliers = new SuppliersService(em, { now: () => new Date(), secretOf: (s) => supplierSecret(webhookKey, s) });
      const sup = values.id
        ? await suppliers.update(Number(values.id), settings, null, null).catch((e: unknown) => {
            throw e instanceof NotFoundError ? new Error(`Поставщик ${values.id} не найден`) : e;
          })
        : await suppliers.create(settings, null);
      console.log(`Поставщик ${sup.id}: ${sup.name} (${values.id ? 'изменён' : 'создан'})`);
      if (sup.channel === 'WEBHOOK') console.log(`Секрет подписи вебхуков (передайте поставщику): ${suppliers.secretOf(sup)}`);
      return;
    }
    case 'migrations': {
      const { applied, pending } = await migrationStatus(orm);
      for (const name of applied) console.log(`применена   ${name}`);
      for (const name of pending) console.log(`ожидает     ${name}`);
      console.log(pending.length ? `Ожидают: ${pending.length} — их применит запуск API.` : 'Все миграции применены.');
      return;
    }
    case 'migrate-down': {
      if (!args[0]) throw new Error(`укажите миграцию, которую оставить последней (список: pnpm cli migrations)\n\n${HELP}`);
      const reverted = await migrateDownTo(orm, config.database, args[0]);
      for (const name of reverted) console.log(`отменена    ${name}`);
      console.log(reverted.length ? `Последняя применённая миграция: ${args[0]}. Запускайте версию, которой она последняя.` : `Ничего не отменено: ${args[0]} и так последняя.`);
      return;
    }
    default:
      throw new Error(`неизвестная команда «${command}»\n\n${HELP}`);
  }
}

try {
  await run();
} catch (err) {
  console.error(`Ошибка: ${err instanceof ClientError || err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  await orm.close();
}
