/**
 * The demo's suppliers: an энергосбыт taking webhooks and a водоканал taking email, wired to the receivers inside
 * the product (/dev/supplier-inbox and /dev/outbox), the demo meters linked to them, and last month's accepted
 * submissions — with the values the simulator's model gives at that month's cut-off, the same the meters report.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EntityManager } from '@mikro-orm/knex';
import { DateTime } from 'luxon';
import { Account } from '../accounts/account.entity.js';
import type { DemoData } from '../demo/demo.js';
import { MeterKind } from '../devices/meter-kind.js';
import { Meter } from '../devices/meter.entity.js';
import type { SubmissionEngine } from '../submissions/engine.js';
import { Submission, SubmissionStatus, type SubmittedValue } from '../submissions/submission.entity.js';
import { registersOf, truncate } from '../submissions/values.js';
import { periodAt, previousPeriod, windowOf, type WindowRules } from '../submissions/window.js';
import { SupplierLink } from './supplier-link.entity.js';
import { SupplierChange } from './supplier-change.entity.js';
import { Supplier, SupplierChannel } from './supplier.entity.js';
import { demoTariffs } from '../tariffs/demo-tariffs.js';

export const DEMO_INBOX_PATH = '/dev/supplier-inbox/webhook';

type Model = typeof import('@askue/device-bridge/simulator/model.js');

/**
 * The simulator's model, from the bridge's sources under the TypeScript loader (tests, development) or from its
 * compiled dist/ when the API itself runs compiled (`pnpm start`): Node does not load the .ts the package exports.
 */
async function loadModel(): Promise<Model> {
  const bridgeDir = path.dirname(createRequire(import.meta.url).resolve('@askue/device-bridge/package.json'));
  const file = import.meta.url.endsWith('.js') ? 'dist/simulator/model.js' : 'src/simulator/model.ts';
  return (await import(pathToFileURL(path.join(bridgeDir, file)).href)) as Model;
}

function modelValues({ COLD_WATER, energyAt, HOT_WATER, volumeAt }: Model, meter: Meter, at: Date, volumeDecimals: number): SubmittedValue[] {
  const t = at.getTime() / 1000; // the model's time is in epoch seconds
  return registersOf(meter).map((r) => {
    if (r.unit === 'm3') return { ...r, value: truncate(volumeAt(t, meter.kind === MeterKind.HOT_WATER ? HOT_WATER : COLD_WATER), volumeDecimals) };
    const e = energyAt(t);
    const wh = r.register === 'T1' ? e.t1 : r.register === 'T2' ? e.t2 : e.total;
    return { register: r.register, value: truncate(wh / 1000, 0), unit: r.unit };
  }).map(({ register, value, unit }) => ({ register, value, unit }));
}

/**
 * The demo энергосбыт's window, from the moment the demo is seeded: it opens today, so «Передать сейчас» works at
 * once and the automatic submission is tonight, and it lasts to the month's end, closing at 23:59 Moscow time. Seeded
 * on a month's last day it opens on the 1st instead, so that it is open again the moment the month turns: from the
 * 28th of next month, as a today-based window would be, leaves whoever (or whichever test run) is looking at the demo
 * that night with a closed window. Only the last minute of a month is ever closed.
 */
export function demoEnergyWindow(now: Date): WindowRules {
  const zone = 'Europe/Moscow';
  const today = DateTime.fromJSDate(now, { zone });
  const lastDay = today.day === today.daysInMonth;
  return { windowFirstDay: lastDay ? 1 : Math.min(today.day, 28), windowLastDay: 31, cutoffTime: '23:59', timeZone: zone };
}

export async function seedDemoSuppliers(em: EntityManager, engine: SubmissionEngine, demo: DemoData): Promise<void> {
  const now = engine.now();
  const model = await loadModel();
  const zone = 'Europe/Moscow';
  const energy = new Supplier({
    name: 'АО «Демо-Энергосбыт»',
    inn: '7707083893',
    resources: [MeterKind.ELECTRICITY],
    ...demoEnergyWindow(now),
    accountPattern: '\\d{10}',
    accountExample: '7701234567',
    volumeDecimals: 3,
    channel: SupplierChannel.WEBHOOK,
    webhookUrl: `${engine.deps.publicUrl()}${DEMO_INBOX_PATH}`,
    email: null,
  });
  const water = new Supplier({
    name: 'ГУП «Демо-Водоканал»',
    inn: '7830000426',
    resources: [MeterKind.COLD_WATER, MeterKind.HOT_WATER],
    windowFirstDay: 20,
    windowLastDay: 25,
    cutoffTime: '18:00',
    timeZone: zone,
    accountPattern: '[0-9]{3}-[0-9]{6}',
    accountExample: '123-456789',
    volumeDecimals: 3,
    channel: SupplierChannel.EMAIL,
    webhookUrl: null,
    email: 'pokazaniya@vodokanal.demo',
  });
  // Their history starts with their creation (outside the cabinet, as with `pnpm cli supplier`).
  em.persist([energy, water, SupplierChange.created(energy, null, now), SupplierChange.created(water, null, now)]);
  // Their 2026 tariffs (single / two-zone / three-zone and water + sewerage, a price change on 1 July).
  em.persist(demoTariffs(energy, water, now));
  const account = await em.findOneOrFail(Account, { phone: demo.phone });
  const meters = await em.find(Meter, { serial: { $in: demo.controller.meters.map((m) => m.serial) } });
  let n = 0;
  for (const meter of meters) {
    const supplier = meter.kind === MeterKind.ELECTRICITY ? energy : water;
    const accountNumber = supplier === energy ? '7701234567' : `123-45678${++n}`;
    const period = previousPeriod(periodAt(now, supplier));
    const w = windowOf(period, supplier);
    const link = new SupplierLink(account, meter, supplier, accountNumber, new Date(w.submitAt.getTime() - 30 * 86_400_000));
    em.persist(link);
    const s = new Submission({ meter, supplier, account, accountNumber, period, idempotencyKey: randomUUID(), at: w.submitAt, closesAt: w.closesAt });
    const values = modelValues(model, meter, w.submitAt, supplier.volumeDecimals);
    s.setValues(values, w.submitAt, false, engine.body(s, values, w.submitAt, false), w.submitAt);
    s.status = SubmissionStatus.ACCEPTED;
    s.attempts = 1;
    s.deliveredAt = new Date(w.submitAt.getTime() + 2_000);
    s.decidedAt = new Date(w.submitAt.getTime() + (supplier === energy ? 2_000 : 3 * 3_600_000));
    em.persist(s);
  }
  await em.flush();
}
