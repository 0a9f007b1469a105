/**
 * Demo data for a first run: a customer, a controller with a device token and three meters, written to
 * DATA_DIR/demo.json so that a newcomer (and the simulator) can use them at once.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/knex';
import { Account } from '../accounts/account.entity.js';
import { hashPassword } from '../accounts/password.js';
import { PasswordCredential } from '../accounts/password.entity.js';
import { Binding } from '../devices/binding.entity.js';
import { MeterKind } from '../devices/meter-kind.js';
import { ProvisioningService, type ProvisioningDeps } from '../devices/provisioning.service.js';
import { ZoneClock } from '../readings/zone-clock.js';
import { newSecret } from '../security/tokens.js';

export interface DemoData {
  phone: string;
  password: string;
  controller: { serial: string; token: string; meters: Array<{ serial: string; kind: MeterKind; zones: number; phases: number }> };
  /** A second controller, bound to nobody: try binding it from a new account with its claim code (or QR link). */
  spare: { serial: string; token: string; claimCode: string; bindUrl: string; meters: Array<{ serial: string; kind: MeterKind; claimCode: string }> };
}

export const DEMO_PHONE = '+79000000001';

/**
 * How far back the demo customer's binding starts: a little over the year of history the simulator sends on
 * its first run (device-bridge/src/simulator/main.ts, HISTORY_DAYS = 365), so all of it is the customer's.
 */
export const DEMO_HISTORY_DAYS = 366;
export const DEMO_EMAIL = 'ivanov@example.ru';

/**
 * Creates the demo data when the database has no accounts yet; returns it, or null when the database was not empty.
 * `customerDeleted` hears when the demo customer of an earlier start has deleted their account: demo.json's sign-in
 * no longer works, and only an empty database seeds again.
 */
export async function seedDemo(em: EntityManager, dataDir: string, claims: ProvisioningDeps = {}, customerDeleted?: () => void): Promise<DemoData | null> {
  if ((await em.count(Account, {})) > 0) {
    // Only where this data directory was seeded: a database that never had the demo has no demo customer to miss.
    const seededHere = existsSync(path.join(dataDir, 'demo.json'));
    if (customerDeleted && seededHere && !(await em.count(Account, { phone: DEMO_PHONE, deletedAt: null }))) customerDeleted();
    return null;
  }
  const password = `demo-${newSecret(6)}`;
  const account = new Account(DEMO_PHONE);
  account.fullName = 'Иванов Иван Иванович';
  // A confirmed address, so that the demo's warnings and notices reach a mailbox (the outbox) as well as the cabinet.
  account.changeEmail(DEMO_EMAIL);
  account.confirmEmail();
  em.persist(account);
  em.persist(new PasswordCredential(account, await hashPassword(password)));
  const address = 'Санкт-Петербург, Лиговский пр., д. 50, кв. 12';
  // Verification dates as a flat would have them: electricity years ahead, hot water due within the month — the
  // demo's first warning («Скоро поверка»), opened by the sweep the start runs after seeding (app.ts).
  // Dates on the customer's own calendar, so that «in 25 days» is 25 at any hour of the day.
  const due = (days: number) => new Date(ZoneClock.of(account.timeZone).wall(Date.now() + days * 86_400_000)).toISOString().slice(0, 10);
  const { controller, token, meters } = await new ProvisioningService(em).provision({
    serial: 'C-0001',
    model: 'Комета NB-IoT',
    firmware: '1.4.2',
    meters: [
      { serial: 'E-0001', kind: MeterKind.ELECTRICITY, zones: 2, phases: 3, model: 'Меркурий 234', installAddress: address, verificationDue: due(7 * 365) },
      { serial: 'CW-0001', kind: MeterKind.COLD_WATER, model: 'Пульсар', installAddress: address, verificationDue: due(3 * 365) },
      { serial: 'HW-0001', kind: MeterKind.HOT_WATER, model: 'Пульсар', installAddress: address, verificationDue: due(25) },
    ],
  });
  const spare = await new ProvisioningService(em, claims).provision({
    serial: 'C-0002',
    model: 'Комета NB-IoT',
    meters: [
      { serial: 'E-0002', kind: MeterKind.ELECTRICITY, zones: 1, phases: 1, model: 'Меркурий 201' },
      { serial: 'CW-0002', kind: MeterKind.COLD_WATER, model: 'Пульсар' },
    ],
  });
  const label = (serial: string) => spare.labels.find((l) => l.serial === serial);
  // Bound a year back, so that the history the simulator backfills is the customer's to see.
  const binding = new Binding(account, { controller }, new Date(Date.now() - DEMO_HISTORY_DAYS * 24 * 3600_000));
  em.persist(binding);
  await em.flush();
  const demo: DemoData = {
    phone: account.phone,
    password,
    controller: { serial: controller.serial, token, meters: meters.map((m) => ({ serial: m.serial, kind: m.kind, zones: m.zones, phases: m.phases })) },
    spare: {
      serial: spare.controller.serial,
      token: spare.token,
      claimCode: label(spare.controller.serial)?.claimCode ?? '',
      bindUrl: label(spare.controller.serial)?.bindUrl ?? '',
      meters: spare.meters.map((m) => ({ serial: m.serial, kind: m.kind, claimCode: label(m.serial)?.claimCode ?? '' })),
    },
  };
  await mkdir(dataDir, { recursive: true });
  await writeFile(path.join(dataDir, 'demo.json'), JSON.stringify(demo, null, 2) + '\n', { mode: 0o600 });
  return demo;
}
