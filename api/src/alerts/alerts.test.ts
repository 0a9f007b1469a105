/**
 * Warnings as a customer meets them: a leak that opens once — under duplicate and late readings — reaches the
 * cabinet live, the mailbox and the phone (real SMTP and SMS stand-ins), and resolves once; two evaluations racing
 * on one episode make one alert and one SMS; a silent modem and a verification date from the sweep; away mode; and
 * nobody acknowledges another account's alert.
 */
import { EntityManager } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Account, Role } from '../accounts/account.entity.js';
import { alertsDeps } from '../composition.js';
import { Binding } from '../devices/binding.entity.js';
import { Controller } from '../devices/controller.entity.js';
import { Meter } from '../devices/meter.entity.js';
import { MeterKind } from '../devices/meter-kind.js';
import { ProvisioningService } from '../devices/provisioning.service.js';
import { deliverUntilSeen, engines, startWithDelivery, type DeliveringTestApi } from '../../test/harness.js';
import { makeAccount } from '../../test/devices-support.js';
import { Alert, AwayPeriod } from './alert.entity.js';
import { AlertJob } from './alert-job.js';
import { AlertsService } from './alerts.service.js';
import { PushServiceStandIn } from './push/push-service.stand-in.js';

const H = 3_600_000;
/**
 * An Etc/GMT zone whose local time is between 19:00 and 21:00 now (their signs are inverted: Etc/GMT-3 is UTC+3): a
 * stretch of flow up to now touches the night window (00:00–06:00) only when it is longer than 19 hours.
 */
function eveningZone(): string {
  let offset = 20 - new Date().getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}
const MIN15 = 900_000;
const ALERTS = `query($open: Boolean) { viewer { alerts(first: 10, open: $open) { totalCount unreadCount edges { node { id rule severity stage message facts { name value } meter { serial } controllerSerial resolvedAt endedBy } } } } }`;
const CHANGED = `subscription { alertChanged { change alert { rule meter { serial } resolvedAt } } }`;

describe.each(engines)('alerts on %s', (engine) => {
  let t: DeliveringTestApi;
  let n = 0;
  beforeAll(async () => {
    t = await startWithDelivery({ engine, env: { ALERTS_TICK_S: '0', ALERTS_DELAY_MS: '0' } });
  });
  afterAll(() => t.close());

  const service = () => new AlertsService(t.api.orm.em.fork(), alertsDeps(t.api.deps));

  /**
   * A customer with a confirmed email and a controller with one meter of `kind`, bound to them; in `timeZone`
   * (default: a zone where it is about 20:00 now, so that no test meets the night window by the hour it runs at).
   */
  async function customerWith(kind: MeterKind, verificationDue: string | null = null, timeZone = eveningZone(), boundAt = Date.now() - 400 * 24 * H) {
    const customer = await makeAccount(t);
    const em = t.api.orm.em.fork();
    const account = await em.findOneOrFail(Account, customer.id);
    account.timeZone = timeZone;
    account.changeEmail(`alerts-${engine}-${++n}@example.test`);
    account.confirmEmail();
    const serial = `AL-${engine.slice(0, 2).toUpperCase()}-${n}-${Math.random().toString(36).slice(2, 6).toUpperCase()}`;
    const p = await new ProvisioningService(em).provision({ serial: `C${serial}`, meters: [{ serial, kind, zones: 1, phases: 1, verificationDue }] });
    em.persist(new Binding(account, { controller: p.controller }, new Date(boundAt)));
    await em.flush();
    return { ...customer, timeZone, email: account.email!, meterId: p.meters[0]!.id, serial, deviceToken: p.token, controllerId: p.controller.id, controllerSerial: `C${serial}` };
  }

  /** Ingests `readings` and waits for the evaluation ingest schedules (at the real now) to finish. */
  async function ingest(token: string, readings: Array<{ meter: string; quantity: string; time: number; value: number }>) {
    const r = await t.ingest([{ token, readings }]);
    if (!Array.isArray(r) || r[0].status !== 'STORED') throw new Error(JSON.stringify(r));
    await t.api.deps.alerts.evaluatePending();
  }

  it('a leak (24 h of flow in every interval) opens once under duplicate and late readings, reaches the cabinet live, the mailbox and the phone, and resolves once', async () => {
    const c = await customerWith(MeterKind.COLD_WATER);
    const sub = t.subscribe(c.token, CHANGED);
    // Flow in every 15 minutes for the last 24¼ hours: 2 L each (8 L/h, above the 6 L/h threshold). All on the real
    // clock: the evaluation ingest schedules is the one that opens the episode.
    const base = Math.floor((Date.now() - 24.5 * H) / MIN15) * MIN15;
    const readings = Array.from({ length: 98 }, (_, i) => ({ meter: c.serial, quantity: 'VOLUME', time: base + i * MIN15, value: 12.5 + i * 0.002 }));
    // The modem sends the second half first (a late backlog: 12 h of flow, no leak yet), then everything again (a retry: duplicates).
    await ingest(c.deviceToken, readings.slice(49));
    expect((await t.gql(ALERTS, { open: true }, c.token)).data.viewer.alerts.edges).toEqual([]);
    await ingest(c.deviceToken, readings.slice(0, 50));
    await ingest(c.deviceToken, readings);
    await service().evaluateMeters([c.meterId]);

    const open = (await t.gql(ALERTS, { open: true }, c.token)).data.viewer.alerts;
    expect([open.totalCount, open.unreadCount]).toEqual([1, 1]);
    const leak = open.edges[0].node;
    expect([leak.rule, leak.severity, leak.meter.serial, leak.resolvedAt]).toEqual(['LEAK', 'CRITICAL', c.serial, null]);
    expect(Object.fromEntries(leak.facts.map((f: { name: string; value: string }) => [f.name, f.value]))).toEqual({ litres: '194', hours: '24.3', since: new Date(base).toISOString() });
    expect(leak.message).toBe(`Возможна протечка: счётчик ${c.serial} показывает расход без перерыва 24,3 ч (с ${new Intl.DateTimeFormat('ru-RU', { timeZone: c.timeZone, day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }).format(base)}, 194 л). Проверьте краны, бачок унитаза и трубы.`);
    const email = await t.mail.waitFor(c.email, /протечка/);
    expect(email.text).toContain(leak.message);
    // The SMS is the short form: one segment.
    expect(t.sms.messages.filter((m) => m.phone === c.phone).map((m) => m.text)).toEqual([`${t.api.deps.config.operatorName.RU}: возможна протечка, ${c.serial}: вода идёт 24,3 ч подряд.`]);
    await sub.until(() => sub.events.length >= 1);
    expect(sub.events.map((e) => [e.alertChanged.change, e.alertChanged.alert.rule])).toEqual([['OPENED', 'LEAK']]);

    // A reading without flow since the last one: the episode ends, once; nothing more is sent.
    const stop = Date.now() - 1000;
    await ingest(c.deviceToken, [{ meter: c.serial, quantity: 'VOLUME', time: stop, value: 12.5 + 97 * 0.002 }]);
    await service().evaluateMeters([c.meterId]);
    const all = (await t.gql(ALERTS, {}, c.token)).data.viewer.alerts;
    expect(all.totalCount).toBe(1);
    expect(Date.parse(all.edges[0].node.resolvedAt)).toBeGreaterThanOrEqual(stop);
    await sub.until(() => sub.events.length >= 2);
    expect(sub.events.map((e) => e.alertChanged.change)).toEqual(['OPENED', 'RESOLVED']);
    expect(t.sms.count(c.phone)).toBe(1);
    await sub.close();
  });

  it('two evaluations racing on one episode (as two API processes would) make one alert and one SMS', async () => {
    const c = await customerWith(MeterKind.COLD_WATER);
    // A burst: 400 L within the last 30 minutes, at the real now (ingest evaluates it too).
    const now = Date.now();
    const readings = [0, 1, 2].map((i) => ({ meter: c.serial, quantity: 'VOLUME', time: now - 30 * 60_000 + i * MIN15, value: 50 + i * 0.2 }));
    const r = await t.ingest([{ token: c.deviceToken, readings }]);
    expect(Array.isArray(r) && r[0].status).toBe('STORED');
    await Promise.all([service().evaluateMeters([c.meterId], now + 1000), service().evaluateMeters([c.meterId], now + 1000), t.api.deps.alerts.evaluatePending()]);
    const alerts = (await t.gql(ALERTS, { open: true }, c.token)).data.viewer.alerts;
    expect(alerts.edges.map((e: { node: { rule: string } }) => e.node.rule)).toEqual(['BURST']);
    expect(alerts.edges[0].node.facts).toEqual([{ name: 'litres', value: '400' }, { name: 'minutes', value: '30' }]);
    expect(t.sms.count(c.phone)).toBe(1);
  });

  it('what was measured before the binding concerns the previous owner, not the new one', async () => {
    const now = Date.now();
    const c = await customerWith(MeterKind.COLD_WATER, null, eveningZone(), now - 18 * 60_000);
    // 400 L within half an hour — but all except the last reading before the customer bound the meter.
    await ingest(c.deviceToken, [29, 22, 15].map((m, i) => ({ meter: c.serial, quantity: 'VOLUME', time: now - m * 60_000, value: 30 + i * 0.2 })));
    await service().evaluateMeters([c.meterId], now);
    expect((await t.gql(ALERTS, {}, c.token)).data.viewer.alerts.totalCount).toBe(0);
    expect(t.sms.count(c.phone)).toBe(0);
  });

  it('reaches a subscribed browser by Web Push, decrypted at a local push service; a subscription the service says is gone is dropped', async () => {
    const key = (await t.gql(`{ webPushPublicKey }`)).data.webPushPublicKey;
    const browser = await PushServiceStandIn.start({ applicationServerKey: key });
    try {
      const c = await customerWith(MeterKind.COLD_WATER);
      const SUBSCRIBE = `mutation($e: String!, $p: String!, $a: String!) { subscribePush(endpoint: $e, p256dh: $p, auth: $a) }`;
      const { endpoint, keys } = browser.subscription;
      const bad = await t.gql(SUBSCRIBE, { e: 'http://push.example.com/x', p: keys.p256dh, a: keys.auth }, c.token);
      expect(bad.errors?.[0]?.extensions).toMatchObject({ reason: 'PUSH_ENDPOINT_INVALID', field: 'endpoint' });
      // The page and its service worker may subscribe at the same moment: both answer, one subscription is kept.
      const twice = await Promise.all([1, 2].map(() => t.gql(SUBSCRIBE, { e: endpoint, p: keys.p256dh, a: keys.auth }, c.token)));
      expect(twice.map((r) => r.data?.subscribePush ?? r.errors)).toEqual([true, true]);

      const now = Date.now();
      await ingest(c.deviceToken, [30, 15, 0].map((m, i) => ({ meter: c.serial, quantity: 'VOLUME', time: now - m * 60_000 - 1000, value: 70 + i * 0.2 })));
      const got = await browser.next();
      const alert = (await t.gql(ALERTS, { open: true }, c.token)).data.viewer.alerts.edges[0].node;
      expect(got.payload).toEqual({ title: 'Очень большой расход воды', body: alert.message, url: '/alerts', tag: `alert-${alert.id}`, alertId: alert.id });
      expect([got.headers.urgency, got.headers.ttl, got.vapid.publicKey]).toEqual(['high', '86400', key]);

      // The browser unsubscribed on its side: the push service answers 410 to the next warning, and we forget it.
      browser.answerNext(410);
      const em = t.api.orm.em.fork();
      const controller = await em.findOneOrFail(Controller, c.controllerId);
      controller.lastSeenAt = new Date(now - 3 * controller.reportingIntervalS * 1000);
      await em.flush();
      await service().sweep(now);
      expect(browser.requests.length).toBe(2);
      expect((await t.gql(`mutation($e: String!) { unsubscribePush(endpoint: $e) }`, { e: endpoint }, c.token)).data.unsubscribePush).toBe(false);
    } finally {
      await browser.close();
    }
  });

  it('voltage out of the ±10 % band for longer than 10 minutes opens a warning; back in the band resolves it', async () => {
    const c = await customerWith(MeterKind.ELECTRICITY);
    const now = Date.now();
    // 196 V on phase 1 for 15 minutes (below 207 V), read every 5 minutes.
    await ingest(c.deviceToken, [15, 10, 5, 0].map((m) => ({ meter: c.serial, quantity: 'VOLTAGE_L1', time: now - m * 60_000 - 2000, value: 196 })));
    const open = (await t.gql(ALERTS, { open: true }, c.token)).data.viewer.alerts.edges.map((e: { node: { rule: string; message: string } }) => [e.node.rule, e.node.message]);
    expect(open).toEqual([['VOLTAGE', `Напряжение на фазе 1 счётчика ${c.serial} — 196 В, вне допустимых 207–253 В с ${new Intl.DateTimeFormat('ru-RU', { timeZone: c.timeZone, day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }).format(now - 15 * 60_000 - 2000)}.`]]);
    await ingest(c.deviceToken, [{ meter: c.serial, quantity: 'VOLTAGE_L1', time: now - 1000, value: 229.5 }]);
    expect((await t.gql(ALERTS, { open: false }, c.token)).data.viewer.alerts.edges.map((e: { node: { rule: string } }) => e.node.rule)).toEqual(['VOLTAGE']);
  });

  it('a day far above the meter’s own normal for that weekday opens a warning once it has learned 3 weeks; a normal day resolves it', async () => {
    const c = await customerWith(MeterKind.ELECTRICITY);
    // Hourly energy from 26 October 2026 (Moscow): 300 Wh an hour (7.2 kWh a day), but 1 kWh an hour on 30 November.
    const start = Date.UTC(2026, 9, 25, 21);
    const nov30 = Date.UTC(2026, 10, 29, 21);
    const readings: Array<{ meter: string; quantity: string; time: number; value: number }> = [];
    let wh = 1_000_000;
    for (let h = 0; start + h * H <= nov30 + 48 * H; h++) {
      const time = start + h * H;
      readings.push({ meter: c.serial, quantity: 'ENERGY', time, value: wh });
      wh += time >= nov30 && time < nov30 + 24 * H ? 1000 : 300;
    }
    for (let i = 0; i < readings.length; i += 500) await ingest(c.deviceToken, readings.slice(i, i + 500));
    await service().abnormalDays(Date.UTC(2026, 11, 1, 9)); // 1 December, 12:00 Moscow: yesterday was 30 November
    const open = (await t.gql(ALERTS, { open: true }, c.token)).data.viewer.alerts.edges.map((e: { node: { rule: string; message: string } }) => [e.node.rule, e.node.message]);
    expect(open).toEqual([['ABNORMAL_DAY', `Необычно большой расход по счётчику ${c.serial}: понедельник, 30 ноября 2026 г. — 24 кВт·ч при обычных 7,2 кВт·ч в этот день недели.`]]);
    // 1 December was an ordinary day: the next day's check resolves the episode.
    await service().abnormalDays(Date.UTC(2026, 11, 2, 9));
    expect((await t.gql(ALERTS, { open: false }, c.token)).data.viewer.alerts.edges.map((e: { node: { rule: string } }) => e.node.rule)).toEqual(['ABNORMAL_DAY']);
  });

  const BUDGET_SET = `mutation($m: ID!, $i: AlertSettingsInput!) { setAlertSettings(meterId: $m, input: $i) { monthBudget { kopecks amount } version } }`;
  const NO_THRESHOLDS = { leakHours: null, nightLeakHours: null, minLitresPerHour: null, burstLitres: null, baseloadW: null, disabledRules: [] };
  const SINGLE_5 = { effectiveFrom: '2025-12-01', scheme: 'SINGLE', tiers: [{ uptoKwh: null, prices: [{ zone: 1, price: '5.00' }] }] };
  /** 1 kWh every hour from `from` to `to` (whole hours), ingested 500 at a time. */
  async function hourlyKwh(c: { serial: string; deviceToken: string }, from: number, to: number) {
    const readings = [];
    for (let time = from, wh = 500_000; time <= to; time += H, wh += 1000) readings.push({ meter: c.serial, quantity: 'ENERGY', time, value: wh });
    for (let i = 0; i < readings.length; i += 500) await ingest(c.deviceToken, readings.slice(i, i + 500));
  }
  const facts = (node: { facts: Array<{ name: string; value: string }> }) => Object.fromEntries(node.facts.map((f) => [f.name, f.value]));
  const budgetAlerts = async (token: string) =>
    (await t.gql(ALERTS, {}, token)).data.viewer.alerts.edges.map((e: { node: { rule: string; stage: string; resolvedAt: string | null; message: string; facts: Array<{ name: string; value: string }> } }) => ({ rule: e.node.rule, stage: e.node.stage, open: e.node.resolvedAt === null, message: e.node.message.replace(/\u00a0/g, ' '), facts: facts(e.node) }));

  it('a monthly budget warns when the month’s forecast is above it, again when the cost so far is, and starts over with the next month', async () => {
    const c = await customerWith(MeterKind.ELECTRICITY, null, 'Europe/Moscow');
    expect((await t.gql(`mutation($m: ID!, $v: TariffVersionInput!) { setMyTariff(meterId: $m, version: $v) { id } }`, { m: c.meterId, v: SINGLE_5 }, c.token)).errors).toBeUndefined();
    const jan1 = Date.UTC(2025, 11, 31, 21); // 1 January 2026, 00:00 in Moscow
    await hourlyKwh(c, jan1, jan1 + (32 * 24 + 12) * H);
    const saved = await t.gql(BUDGET_SET, { m: c.meterId, i: { ...NO_THRESHOLDS, monthBudget: '3 000' } }, c.token);
    expect(saved.errors?.[0]?.extensions).toMatchObject({ reason: 'AMOUNT_FORMAT', field: 'monthBudget' });
    expect((await t.gql(BUDGET_SET, { m: c.meterId, i: { ...NO_THRESHOLDS, monthBudget: '3000' } }, c.token)).data.setAlertSettings.monthBudget).toEqual({ kopecks: '300000', amount: '3000.00' });
    // This month (the real one) has no readings: nothing is over it.
    expect(await budgetAlerts(c.token)).toEqual([]);
    // 12 January, 12:00: 276 hours at 5.00 so far (1380.00); the last seven days' 120.00 a day make 3720.00 for January.
    await service().budgets(jan1 + (11 * 24 + 12) * H);
    const forecast = { month: '2026-01', budget: '3000.00', spent: '1380.00', forecast: '3720.00' };
    expect(await budgetAlerts(c.token)).toEqual([
      { rule: 'BUDGET', stage: 'FORECAST', open: true, facts: forecast, message: `По счётчику ${c.serial} за январь 2026 г. прогноз 3 720,00 ₽ — больше вашего бюджета 3 000,00 ₽; пока потрачено 1 380,00 ₽.` },
    ]);
    await t.mail.waitFor(c.email, /Расходы выше бюджета/);
    // 31 January, 12:00: 3660.00 spent — over the budget itself.
    await service().budgets(jan1 + (30 * 24 + 12) * H);
    expect(await budgetAlerts(c.token)).toEqual([
      { rule: 'BUDGET', stage: 'SPENT', open: true, facts: { month: '2026-01', budget: '3000.00', spent: '3660.00', forecast: '3720.00' }, message: `По счётчику ${c.serial} за январь 2026 г. уже 3 660,00 ₽ — больше вашего бюджета 3 000,00 ₽.` },
    ]);
    // 2 February, 12:00: January's warning ended with January; February's forecast (180.00 + 636 h × 5.00) is its own.
    await service().budgets(jan1 + (32 * 24 + 12) * H);
    const [feb, jan] = await budgetAlerts(c.token);
    expect([feb.open, feb.stage, feb.facts, jan.open, jan.facts.month]).toEqual([true, 'FORECAST', { month: '2026-02', budget: '3000.00', spent: '180.00', forecast: '3360.00' }, false, '2026-01']);
    // Raised above it: the next check ends it.
    await t.gql(BUDGET_SET, { m: c.meterId, i: { ...NO_THRESHOLDS, monthBudget: '3360,01' } }, c.token);
    await service().budgets(jan1 + (32 * 24 + 12) * H);
    expect((await budgetAlerts(c.token)).map((a: { open: boolean }) => a.open)).toEqual([false, false]);
  });

  it('a meter whose cost cannot be worked out is logged and passed over: the meters after it are still checked', async () => {
    const jan1 = Date.UTC(2025, 11, 31, 21); // 1 January 2026, 00:00 in Moscow
    const broken = await customerWith(MeterKind.ELECTRICITY, null, 'Europe/Moscow');
    const fine = await customerWith(MeterKind.ELECTRICITY, null, 'Europe/Moscow');
    for (const c of [broken, fine]) {
      expect((await t.gql(`mutation($m: ID!, $v: TariffVersionInput!) { setMyTariff(meterId: $m, version: $v) { id } }`, { m: c.meterId, v: SINGLE_5 }, c.token)).errors).toBeUndefined();
      await hourlyKwh(c, jan1, jan1 + (11 * 24 + 12) * H);
      expect((await t.gql(BUDGET_SET, { m: c.meterId, i: { ...NO_THRESHOLDS, monthBudget: '3000' } }, c.token)).errors).toBeUndefined();
    }
    // A tariff in a zone this server's time-zone database does not know (edited by hand, or an older system's zones).
    await t.api.orm.em.getConnection().execute(`update tariff set time_zone = 'Mars/Olympus_Mons' where meter_id = ?`, [Number(broken.meterId)]);
    const warnings: Array<{ fields: object; message: string }> = [];
    const log = Object.assign(Object.create(t.api.deps.log), { warn: (fields: object, message: string) => warnings.push({ fields, message }) });
    await new AlertsService(t.api.orm.em.fork(), { ...alertsDeps(t.api.deps), log }).budgets(jan1 + (11 * 24 + 12) * H);
    expect((await budgetAlerts(fine.token)).map((a: { stage: string; open: boolean; facts: object }) => [a.stage, a.open, a.facts])).toEqual([
      ['FORECAST', true, { month: '2026-01', budget: '3000.00', spent: '1380.00', forecast: '3720.00' }],
    ]);
    expect(await budgetAlerts(broken.token)).toEqual([]);
    expect(warnings).toEqual([{ fields: { meterIds: [Number(broken.meterId)], err: { message: expect.any(String) } }, message: 'alerts: budget check passed over 1 meter (the next check tries again)' }]);
  });

  it('of several API processes, one runs an hour’s budget check and a day’s abnormal-day check; a failed run is taken up by the next sweep', async () => {
    const at = Date.UTC(2031, 4, 6, 9, 30); // an hour and a day no other test sweeps
    const budgets = vi.spyOn(AlertsService.prototype, 'budgets');
    const abnormalDays = vi.spyOn(AlertsService.prototype, 'abnormalDays');
    try {
      const process = () => new AlertJob(t.api.orm, alertsDeps(t.api.deps), { delayMs: 0, tickMs: 0, now: () => at });
      const [first, second] = [process(), process()];
      budgets.mockRejectedValueOnce(new Error('database out of reach'));
      await first.sweep();
      expect([budgets.mock.calls.length, abnormalDays.mock.calls.length]).toEqual([1, 1]);
      // The other process: the budget check failed and gave its claim back, so it runs here; the day's check is done.
      await second.sweep();
      expect([budgets.mock.calls.length, abnormalDays.mock.calls.length]).toEqual([2, 1]);
      // A third process, and the first again: nothing left to run this hour.
      await process().sweep();
      await first.sweep();
      expect([budgets.mock.calls.length, abnormalDays.mock.calls.length]).toEqual([2, 1]);
    } finally {
      budgets.mockRestore();
      abnormalDays.mockRestore();
    }
  });

  it('a budget saved below this month’s forecast warns at once, with the figures the cost panel shows; kept when a form leaves it out, gone when emptied; ranges are checked', async () => {
    const c = await customerWith(MeterKind.ELECTRICITY, null, 'Europe/Moscow');
    expect((await t.gql(`mutation($m: ID!, $v: TariffVersionInput!) { setMyTariff(meterId: $m, version: $v) { id } }`, { m: c.meterId, v: SINGLE_5 }, c.token)).errors).toBeUndefined();
    const hour = Math.floor(Date.now() / H) * H;
    await hourlyKwh(c, hour - 10 * 24 * H, hour);
    expect((await t.gql(`query($m: ID!) { viewer { meter(id: $m) { alertSettings { monthBudget { amount } } } } }`, { m: c.meterId }, c.token)).data.viewer.meter.alertSettings.monthBudget).toBeNull();
    const set = await t.gql(BUDGET_SET, { m: c.meterId, i: { ...NO_THRESHOLDS, monthBudget: '1' } }, c.token);
    expect(set.data.setAlertSettings.monthBudget).toEqual({ kopecks: '100', amount: '1.00' });
    const [open] = await budgetAlerts(c.token);
    const panel = (await t.gql(`query($m: ID!) { viewer { meter(id: $m) { costOverview { monthToDate { amount } forecast { amount } } } } }`, { m: c.meterId }, c.token)).data.viewer.meter.costOverview;
    expect(open).toMatchObject({ rule: 'BUDGET', open: true, facts: { budget: '1.00', spent: panel.monthToDate.amount, forecast: panel.forecast.amount } });
    // A form that does not know of budgets (an integrator's older client) keeps it.
    const thresholds = await t.gql(BUDGET_SET, { m: c.meterId, i: { ...NO_THRESHOLDS, baseloadW: 500 } }, c.token);
    expect(thresholds.data.setAlertSettings.monthBudget).toEqual({ kopecks: '100', amount: '1.00' });
    expect((await budgetAlerts(c.token)).map((a: { open: boolean }) => a.open)).toEqual([true]);
    // Out of range: nothing changes.
    for (const [monthBudget, params] of [['0', { min: 1, max: 10_000_000 }], ['10000000,01', { min: 1, max: 10_000_000 }]] as const) {
      const refused = await t.gql(BUDGET_SET, { m: c.meterId, i: { ...NO_THRESHOLDS, monthBudget } }, c.token);
      expect(refused.errors?.[0]?.extensions).toMatchObject({ reason: 'BUDGET_RANGE', field: 'monthBudget', params });
    }
    // Emptied: no budget, and its warning ends at once.
    const removed = await t.gql(BUDGET_SET, { m: c.meterId, i: { ...NO_THRESHOLDS, monthBudget: '' } }, c.token);
    expect(removed.data.setAlertSettings.monthBudget).toBeNull();
    expect((await budgetAlerts(c.token)).map((a: { open: boolean }) => a.open)).toEqual([false]);
  });

  it('the sweep warns of a silent modem and of a verification date coming up, and settles when they are over', async () => {
    const c = await customerWith(MeterKind.ELECTRICITY, '2027-01-01', 'Europe/Moscow');
    const now = Date.UTC(2026, 11, 10, 9); // 10 December 2026, 12:00 Moscow: 22 days to 1 January
    const em = t.api.orm.em.fork();
    const controller = await em.findOneOrFail(Controller, c.controllerId);
    controller.lastSeenAt = new Date(now - 3 * controller.reportingIntervalS * 1000);
    await em.flush();
    await service().sweep(now);
    const rules = async (open: boolean | null) => (await t.gql(ALERTS, { open }, c.token)).data.viewer.alerts.edges.map((e: { node: { rule: string; stage: string | null; controllerSerial: string | null } }) => [e.node.rule, e.node.stage, e.node.controllerSerial]);
    expect(await rules(true)).toEqual([
      ['VERIFICATION_DUE', 'DAYS_30', null],
      ['MODEM_SILENT', null, c.controllerSerial],
    ]);
    // A week before the date the same episode moves to its next stage and says so again.
    await service().sweep(Date.UTC(2026, 11, 26, 9));
    expect((await rules(true)).find((r: string[]) => r[0] === 'VERIFICATION_DUE')).toEqual(['VERIFICATION_DUE', 'DAYS_7', null]);
    // The modem reports again: the silence ends.
    controller.lastSeenAt = new Date(Date.UTC(2026, 11, 26, 9));
    await em.flush();
    await service().sweep(Date.UTC(2026, 11, 26, 9));
    expect(await rules(false)).toEqual([['MODEM_SILENT', null, c.controllerSerial]]);
    expect((await t.gql(ALERTS, { open: false }, c.token)).data.viewer.alerts.edges[0].node.endedBy).toBe('CLEARED');
    expect((await t.gql(ALERTS, {}, c.token)).data.viewer.alerts.totalCount).toBe(2);
  });

  it('away mode saved three times at once (two tabs, a double tap) leaves one period, not three overlapping', async () => {
    const c = await customerWith(MeterKind.HOT_WATER);
    const now = Date.now();
    const SET = `mutation($f: DateTime!, $t: DateTime) { setAwayMode(from: $f, to: $t) { from to } }`;
    const saves = await Promise.all([1, 2, 3].map((days) => t.gql(SET, { f: new Date(now).toISOString(), t: new Date(now + days * 24 * H).toISOString() }, c.token)));
    expect(saves.map((r) => r.errors)).toEqual([undefined, undefined, undefined]);
    const open = await t.api.orm.em.fork().find(AwayPeriod, { account: c.id, to: { $gt: new Date() } });
    expect(open).toHaveLength(1);
  });

  it('away mode warns of water used while away, and ends with the period', async () => {
    const c = await customerWith(MeterKind.HOT_WATER);
    const now = Date.now();
    const set = await t.gql(`mutation($f: DateTime!, $t: DateTime) { setAwayMode(from: $f, to: $t) { from to } }`, { f: new Date(now - 2 * H).toISOString(), t: new Date(now + 7 * 24 * H).toISOString() }, c.token);
    expect(set.data.setAwayMode).toEqual({ from: new Date(now - 2 * H).toISOString(), to: new Date(now + 7 * 24 * H).toISOString() });
    const refused = await t.gql(`mutation($f: DateTime!, $t: DateTime) { setAwayMode(from: $f, to: $t) { from } }`, { f: new Date(now).toISOString(), t: new Date(now - H).toISOString() }, c.token);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ reason: 'PERIOD_END_BEFORE_START', field: 'to' });
    await ingest(c.deviceToken, [
      { meter: c.serial, quantity: 'VOLUME', time: now - 15 * 60_000, value: 7 },
      { meter: c.serial, quantity: 'VOLUME', time: now - 1000, value: 7.005 },
    ]);
    const open = (await t.gql(ALERTS, { open: true }, c.token)).data.viewer.alerts.edges.map((e: { node: { rule: string; facts: unknown } }) => [e.node.rule, e.node.facts]);
    expect(open).toEqual([['AWAY_USE', [{ name: 'amount', value: '5' }, { name: 'unit', value: 'L' }, { name: 'awayTo', value: new Date(now + 7 * 24 * H).toISOString() }]]]);
    // Home early: the period ends now, and the warning with it (not at the next sweep).
    const home = await t.gql(`mutation($f: DateTime!) { setAwayMode(from: $f, to: null) { from } }`, { f: new Date(now).toISOString() }, c.token);
    expect(home.data.setAwayMode).toBeNull();
    expect((await t.gql(ALERTS, { open: true }, c.token)).data.viewer.alerts.edges).toEqual([]);
    expect((await t.gql(`{ viewer { awayMode { from } } }`, {}, c.token)).data.viewer.awayMode).toBeNull();
    // A period that runs out by itself: the sweep after its end ends the warning.
    const until = Date.now() + 5000;
    await t.gql(`mutation($f: DateTime!, $t: DateTime) { setAwayMode(from: $f, to: $t) { from } }`, { f: new Date(now - 2 * H).toISOString(), t: new Date(until).toISOString() }, c.token);
    await ingest(c.deviceToken, [{ meter: c.serial, quantity: 'VOLUME', time: Date.now() - 500, value: 7.01 }]);
    expect((await t.gql(ALERTS, { open: true }, c.token)).data.viewer.alerts.edges.map((e: { node: { rule: string } }) => e.node.rule)).toEqual(['AWAY_USE']);
    await service().sweep(until - 1000);
    expect((await t.gql(ALERTS, { open: true }, c.token)).data.viewer.alerts.edges).toHaveLength(1);
    await service().sweep(until + 1000);
    expect((await t.gql(ALERTS, { open: true }, c.token)).data.viewer.alerts.edges).toEqual([]);
  });

  it('per-meter settings: a lower leak threshold opens a warning at once, a rule switched off resolves it and the sweep leaves it off; ranges and rules are checked', async () => {
    const c = await customerWith(MeterKind.COLD_WATER, '2020-01-01');
    const SETTINGS = `query($m: ID!) { viewer { meter(id: $m) { alertSettings { thresholds { leakHours nightLeakHours minLitresPerHour burstLitres baseloadW } defaults { leakHours burstLitres } rules disabledRules continuousFlowUntil } } } }`;
    const SET = `mutation($m: ID!, $i: AlertSettingsInput!) { setAlertSettings(meterId: $m, input: $i) { thresholds { leakHours burstLitres } disabledRules } }`;
    const input = (over: object) => ({ leakHours: null, nightLeakHours: null, minLitresPerHour: null, burstLitres: null, baseloadW: null, disabledRules: [], ...over });
    expect((await t.gql(SETTINGS, { m: c.meterId }, c.token)).data.viewer.meter.alertSettings).toEqual({
      thresholds: { leakHours: 24, nightLeakHours: 2, minLitresPerHour: 6, burstLitres: 300, baseloadW: 300 },
      defaults: { leakHours: 24, burstLitres: 300 },
      rules: ['LEAK', 'BURST', 'AWAY_USE', 'ABNORMAL_DAY', 'VERIFICATION_DUE'],
      disabledRules: [],
      continuousFlowUntil: null,
    });
    // Four hours of flow in the (local) evening: not a leak by the default 24 hours.
    const base = Math.floor((Date.now() - 4 * H) / MIN15) * MIN15;
    await ingest(c.deviceToken, Array.from({ length: 17 }, (_, i) => ({ meter: c.serial, quantity: 'VOLUME', time: base + i * MIN15, value: 3 + i * 0.002 })));
    const open = async () => (await t.gql(ALERTS, { open: true }, c.token)).data.viewer.alerts.edges.map((e: { node: { rule: string } }) => e.node.rule).sort();
    expect(await open()).toEqual([]);
    const set = await t.gql(SET, { m: c.meterId, i: input({ leakHours: 3 }) }, c.token);
    expect(set.data.setAlertSettings).toEqual({ thresholds: { leakHours: 3, burstLitres: 300 }, disabledRules: [] });
    expect(await open()).toEqual(['LEAK']);
    await t.mail.waitFor(c.email, /протечка/);
    // The sweep raises the overdue verification; switching LEAK and VERIFICATION_DUE off resolves both, and the next sweep keeps it so.
    await service().sweep();
    expect(await open()).toEqual(['LEAK', 'VERIFICATION_DUE']);
    const off = await t.gql(SET, { m: c.meterId, i: input({ leakHours: 3, disabledRules: ['VERIFICATION_DUE', 'LEAK'] }) }, c.token);
    expect(off.data.setAlertSettings.disabledRules).toEqual(['LEAK', 'VERIFICATION_DUE']);
    expect(await open()).toEqual([]);
    await service().sweep();
    expect(await open()).toEqual([]);
    expect((await t.gql(ALERTS, {}, c.token)).data.viewer.alerts.totalCount).toBe(2);
    // Out of range, a rule of another kind of meter, another account's meter.
    const range = await t.gql(SET, { m: c.meterId, i: input({ burstLitres: 10 }) }, c.token);
    expect(range.errors?.[0]?.extensions).toMatchObject({ reason: 'ALERT_SETTING_RANGE', field: 'burstLitres', params: { min: 50, max: 3000 } });
    const voltage = await t.gql(SET, { m: c.meterId, i: input({ disabledRules: ['VOLTAGE'] }) }, c.token);
    expect(voltage.errors?.[0]?.extensions).toMatchObject({ reason: 'ALERT_RULE_NOT_FOR_METER', field: 'disabledRules' });
    const other = await customerWith(MeterKind.COLD_WATER);
    const foreign = await t.gql(SET, { m: c.meterId, i: input({}) }, other.token);
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ reason: 'METER_FORBIDDEN' });
    // Refused changes changed nothing.
    expect((await t.gql(SETTINGS, { m: c.meterId }, c.token)).data.viewer.meter.alertSettings.thresholds.leakHours).toBe(3);
  });

  it('a save made from a form read before another save is refused and changes nothing; of two racing saves one wins', async () => {
    const c = await customerWith(MeterKind.COLD_WATER);
    const READ = `query($m: ID!) { viewer { meter(id: $m) { alertSettings { thresholds { leakHours burstLitres } disabledRules version } } } }`;
    const SET = `mutation($m: ID!, $i: AlertSettingsInput!) { setAlertSettings(meterId: $m, input: $i) { thresholds { leakHours burstLitres } disabledRules version } }`;
    const input = (over: object) => ({ leakHours: null, nightLeakHours: null, minLitresPerHour: null, burstLitres: null, baseloadW: null, disabledRules: [], ...over });
    const read = async () => (await t.gql(READ, { m: c.meterId }, c.token)).data.viewer.meter.alertSettings;
    expect(await read()).toEqual({ thresholds: { leakHours: 24, burstLitres: 300 }, disabledRules: [], version: 0 });
    // Two devices read version 0; the phone switches leak warnings off, then the laptop's older form saves a burst threshold.
    const phone = await t.gql(SET, { m: c.meterId, i: input({ disabledRules: ['LEAK'], version: 0 }) }, c.token);
    expect(phone.data.setAlertSettings).toEqual({ thresholds: { leakHours: 24, burstLitres: 300 }, disabledRules: ['LEAK'], version: 1 });
    const laptop = await t.gql(SET, { m: c.meterId, i: input({ burstLitres: 500, version: 0 }) }, c.token);
    expect(laptop.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ALERT_SETTINGS_CHANGED', field: 'version' });
    expect(laptop.errors?.[0]?.message).toBe('Тем временем настройки этого счётчика сохранили в другом окне или на другом устройстве: ваши изменения не применены');
    expect(await read()).toEqual({ thresholds: { leakHours: 24, burstLitres: 300 }, disabledRules: ['LEAK'], version: 1 });
    // Read again, the laptop's save goes through; without a version (an older client) a save replaces whatever is there.
    expect((await t.gql(SET, { m: c.meterId, i: input({ burstLitres: 500, disabledRules: ['LEAK'], version: 1 }) }, c.token)).data.setAlertSettings.version).toBe(2);
    expect((await t.gql(SET, { m: c.meterId, i: input({ burstLitres: 400 }) }, c.token)).data.setAlertSettings).toEqual({ thresholds: { leakHours: 24, burstLitres: 400 }, disabledRules: [], version: 3 });
    // Racing, as two API processes would (each its own EntityManager, both reading version 3 before either writes):
    // one is applied, the other refused by the compare-and-set on the version.
    const meter = await t.api.orm.em.fork().findOneOrFail(Meter, c.meterId);
    const race = await Promise.allSettled([100, 200].map((burstLitres) => service().configure(c.id, meter, input({ burstLitres, version: 3 }))));
    const won = race.flatMap((r) => (r.status === 'fulfilled' ? [r.value.burstLitres] : []));
    expect(won).toHaveLength(1);
    expect(race.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { extensions: { reason: string } }).extensions.reason] : []))).toEqual(['ALERT_SETTINGS_CHANGED']);
    expect(await read()).toEqual({ thresholds: { leakHours: 24, burstLitres: won[0] }, disabledRules: [], version: 4 });
    // The very first save races on the row itself: another meter, never saved, two saves from version 0.
    const d = await customerWith(MeterKind.HOT_WATER);
    const other = await t.api.orm.em.fork().findOneOrFail(Meter, d.meterId);
    const first = await Promise.allSettled([100, 200].map((burstLitres) => service().configure(d.id, other, input({ burstLitres, version: 0 }))));
    expect(first.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(first.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { extensions: { reason: string } }).extensions.reason] : []))).toEqual(['ALERT_SETTINGS_CHANGED']);
  });

  it('writes to a customer who chose English in English — SMS, email, the API’s message — and in Russian again after switching back', async () => {
    const c = await customerWith(MeterKind.COLD_WATER);
    const LANGUAGE = `mutation($l: Language!) { updateProfile(input: { language: $l }) { language timeZone } }`;
    expect((await t.gql(`{ viewer { account { language } } }`, {}, c.token)).data.viewer.account.language).toBe('RU');
    expect((await t.gql(LANGUAGE, { l: 'EN' }, c.token)).data.updateProfile).toEqual({ language: 'EN', timeZone: c.timeZone });
    const now = Date.now();
    await ingest(c.deviceToken, [30, 15, 0].map((m, i) => ({ meter: c.serial, quantity: 'VOLUME', time: now - m * 60_000 - 1000, value: 90 + i * 0.2 })));
    // The English name of the operator, as the cabinet in English gives it.
    const operator = 'Cometa';
    expect(t.sms.messages.filter((m) => m.phone === c.phone).map((m) => m.text)).toEqual([`${operator}: 400 L of water in 30 min through meter ${c.serial}. If this is not you, turn the water off.`]);
    const mail = await t.mail.waitFor(c.email, /Very high water flow/);
    expect(mail.subject).toBe(`${operator}: Very high water flow`);
    expect(mail.text).toMatch(/^Hello,\n\nVery high water flow: 400 L in 30 min through meter /);
    expect(mail.text).toContain('Details and warning settings: ');
    const message = async () => (await t.gql(`{ viewer { alerts(first: 1) { edges { node { message } } } } }`, {}, c.token)).data.viewer.alerts.edges[0].node.message;
    expect(await message()).toBe(`Very high water flow: 400 L in 30 min through meter ${c.serial}. If this is not you, turn the water off.`);
    // Back to Russian: the same warning is worded in Russian (numbers with a decimal comma).
    expect((await t.gql(LANGUAGE, { l: 'RU' }, c.token)).data.updateProfile.language).toBe('RU');
    expect(await message()).toBe(`Очень большой расход воды: 400 л за 30 мин по счётчику ${c.serial}. Если это не вы — перекройте воду.`);
    expect((await t.gql(`mutation { updateProfile(input: { language: DE }) { language } }`, {}, c.token)).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('in quiet hours a warning that can wait stays in the cabinet, while a critical one still goes by SMS', async () => {
    const c = await customerWith(MeterKind.COLD_WATER, '2020-01-01');
    const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: c.timeZone, hour: '2-digit', hourCycle: 'h23' }).format(Date.now()));
    // Saved twice at once (two tabs; the account's first preferences): both answer what is now in force.
    const sets = await Promise.all([1, 2].map(() => t.gql(`mutation($f: Int, $t: Int) { setQuietHours(from: $f, to: $t) { from to } }`, { f: hour, t: (hour + 2) % 24 }, c.token)));
    expect(sets.map((r) => r.data?.setQuietHours ?? r.errors)).toEqual([1, 2].map(() => ({ from: hour, to: (hour + 2) % 24 })));
    // Likewise a meter's first settings: continuous flow expected (a filling pool), asked for twice at once.
    const until = new Date(Date.now() + 24 * H).toISOString();
    const flows = await Promise.all([1, 2].map(() => t.gql(`mutation($m: ID!, $u: DateTime) { expectContinuousFlow(meterId: $m, until: $u) }`, { m: c.meterId, u: until }, c.token)));
    expect(flows.map((r) => r.data?.expectContinuousFlow ?? r.errors)).toEqual([until, until]);
    const bad = await t.gql(`mutation { setQuietHours(from: 22, to: 22) { from } }`, {}, c.token);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ reason: 'QUIET_HOURS_RANGE', field: 'to' });
    await service().sweep();
    const open = (await t.gql(ALERTS, { open: true }, c.token)).data.viewer.alerts;
    expect([open.unreadCount, open.edges[0].node.rule]).toEqual([1, 'VERIFICATION_DUE']);
    const now = Date.now();
    await ingest(c.deviceToken, [30, 15, 0].map((m, i) => ({ meter: c.serial, quantity: 'VOLUME', time: now - m * 60_000 - 1000, value: 90 + i * 0.2 })));
    expect(t.sms.messages.filter((m) => m.phone === c.phone).map((m) => m.text.endsWith('Не вы — перекройте воду.'))).toEqual([true]);
    // The burst's email went out; the verification's did not.
    await t.mail.waitFor(c.email, /Очень большой расход/);
    expect(t.mail.messages.filter((m) => m.to === c.email).map((m) => m.subject)).toEqual([`${t.api.deps.config.operatorName.RU}: Очень большой расход воды`]);
    expect((await t.gql(`mutation { setQuietHours(from: null, to: null) { from } }`, {}, c.token)).data.setQuietHours).toBeNull();
    expect((await t.gql(`{ viewer { quietHours { from } } }`, {}, c.token)).data.viewer.quietHours).toBeNull();
  });

  it('operators see every customer’s warnings with the customer: open or resolved, of one rule, page by page; customers cannot', async () => {
    const a = await customerWith(MeterKind.ELECTRICITY, '2020-01-01');
    const b = await customerWith(MeterKind.COLD_WATER, '2020-01-01');
    await service().sweep();
    const operator = await makeAccount(t, Role.OPERATOR);
    const Q = `query($first: Int, $after: String, $open: Boolean, $rule: AlertRule) { operatorAlerts(first: $first, after: $after, open: $open, rule: $rule) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id rule stage resolvedAt customer { id phone } meter { serial } } } } }`;
    const ask = async (v: Record<string, unknown>, token = operator.token) => (await t.gql(Q, v, token)).data.operatorAlerts;
    const ours = (edges: Array<{ node: { meter: { serial: string } | null } }>) => edges.map((e) => e.node).filter((n) => n.meter && [a.serial, b.serial].includes(n.meter.serial));

    const open = await ask({ open: true, rule: 'VERIFICATION_DUE', first: 100 });
    expect(open.pageInfo.hasNextPage).toBe(false);
    expect(open.totalCount).toBe(open.edges.length);
    // Newest first: b's was opened after a's.
    expect(ours(open.edges).map((n: any) => [n.meter.serial, n.customer.phone, n.customer.id, n.rule, n.stage, n.resolvedAt])).toEqual([
      [b.serial, b.phone, String(b.id), 'VERIFICATION_DUE', 'OVERDUE', null],
      [a.serial, a.phone, String(a.id), 'VERIFICATION_DUE', 'OVERDUE', null],
    ]);
    expect(ours((await ask({ open: false, rule: 'VERIFICATION_DUE', first: 100 })).edges)).toEqual([]);
    expect(ours((await ask({ open: true, rule: 'LEAK', first: 100 })).edges)).toEqual([]);

    // Page by page: the same alerts, each once, in the same order.
    const seen: string[] = [];
    for (let after: string | null = null, pages = 0; ; pages++) {
      const page: any = await ask({ open: true, rule: 'VERIFICATION_DUE', first: 1, after });
      expect(page.totalCount).toBe(open.totalCount);
      seen.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
      expect(pages).toBeLessThan(open.totalCount);
    }
    expect(seen).toEqual(open.edges.map((e: { node: { id: string } }) => e.node.id));

    // As the cabinet asks: the count with the first page only (through a fragment, under @include). A page that does
    // not select it costs no count of the table (a scan over a year of resolved warnings), and the pages are the same.
    const CABINET = `query($first: Int, $after: String, $open: Boolean, $rule: AlertRule, $withTotal: Boolean!) {
      operatorAlerts(first: $first, after: $after, open: $open, rule: $rule) { ...Total @include(if: $withTotal) pageInfo { hasNextPage endCursor } edges { node { id } } } }
      fragment Total on OperatorAlertConnection { totalCount }`;
    const counts = vi.spyOn(EntityManager.prototype, 'count');
    const alertCounts = () => counts.mock.calls.filter(([entity]) => entity === Alert).length;
    try {
      const first = (await t.gql(CABINET, { open: true, rule: 'VERIFICATION_DUE', first: 1, withTotal: true }, operator.token)).data.operatorAlerts;
      expect(first.totalCount).toBe(open.totalCount);
      expect(alertCounts()).toBe(1);
      const second = (await t.gql(CABINET, { open: true, rule: 'VERIFICATION_DUE', first: 1, after: first.pageInfo.endCursor, withTotal: false }, operator.token)).data
        .operatorAlerts;
      expect(second).not.toHaveProperty('totalCount');
      expect(second.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([seen[1]]);
      expect(alertCounts()).toBe(1);
    } finally {
      counts.mockRestore();
    }

    const refused = await t.gql(Q, { first: 10 }, a.token);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(Q, { first: 10 })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.gql(Q, { first: 101 }, operator.token)).errors?.[0]?.extensions).toMatchObject({ reason: 'PAGE_SIZE_RANGE', params: { max: 100 } });
  });

  it('operators hear every customer’s warnings live, with the customer: one read on the customer’s phone, one opened', async () => {
    const a = await customerWith(MeterKind.ELECTRICITY, '2020-01-01');
    await service().sweep();
    const id = (await t.gql(ALERTS, { open: true }, a.token)).data.viewer.alerts.edges[0].node.id;
    const operator = await makeAccount(t, Role.OPERATOR);
    const sub = t.subscribe(operator.token, `subscription { operatorAlertChanged { change alert { id rule stage acknowledgedAt customer { id phone } meter { serial } } } }`);
    const heard = (change: string, alertId?: string) => sub.events.map((e) => e.operatorAlertChanged).filter((c) => c.change === change && (!alertId || c.alert.id === alertId));
    // The customer reads it (again, until the new subscription is registered: reading twice changes nothing).
    await deliverUntilSeen(() => t.gql(`mutation($id: ID!) { acknowledgeAlert(id: $id) { id } }`, { id }, a.token), () => heard('ACKNOWLEDGED', id).length > 0);
    const read = heard('ACKNOWLEDGED', id)[0].alert;
    expect([read.rule, read.stage, read.customer, read.meter.serial]).toEqual(['VERIFICATION_DUE', 'OVERDUE', { id: String(a.id), phone: a.phone }, a.serial]);
    expect(read.acknowledgedAt).not.toBeNull();
    // Another customer's warning opens: the operator is told, with that customer.
    const b = await customerWith(MeterKind.COLD_WATER, '2020-01-01');
    await service().sweep();
    await sub.until(() => heard('OPENED').some((c) => c.alert.meter?.serial === b.serial), 5000, 'b’s warning');
    expect(heard('OPENED').filter((c) => c.alert.meter?.serial === b.serial).map((c) => [c.alert.rule, c.alert.customer])).toEqual([['VERIFICATION_DUE', { id: String(b.id), phone: b.phone }]]);
    expect(sub.errors).toEqual([]);
    await sub.close();
  });

  it('acknowledging counts the bell down; another account can neither acknowledge nor mute it; muting has a range', async () => {
    const c = await customerWith(MeterKind.ELECTRICITY, '2020-01-01');
    await service().sweep();
    const alerts = (await t.gql(ALERTS, {}, c.token)).data.viewer.alerts;
    expect([alerts.unreadCount, alerts.edges[0].node.rule, alerts.edges[0].node.stage]).toEqual([1, 'VERIFICATION_DUE', 'OVERDUE']);
    const id = alerts.edges[0].node.id;
    const stranger = await makeAccount(t);
    const theirs = await t.gql(`mutation($id: ID!) { acknowledgeAlert(id: $id) { id } }`, { id }, stranger.token);
    expect(theirs.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'ALERT_NOT_FOUND' });
    const muteTheirs = await t.gql(`mutation($id: ID!) { muteAlert(id: $id, hours: 24) { id } }`, { id }, stranger.token);
    expect(muteTheirs.errors?.[0]?.extensions?.reason).toBe('ALERT_NOT_FOUND');
    const anonymous = await t.gql(`mutation($id: ID!) { acknowledgeAlert(id: $id) { id } }`, { id });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const tooLong = await t.gql(`mutation($id: ID!) { muteAlert(id: $id, hours: 1000) { id } }`, { id }, c.token);
    expect(tooLong.errors?.[0]?.extensions).toMatchObject({ reason: 'MUTE_HOURS_RANGE', params: { max: 720 }, field: 'hours' });
    const muted = await t.gql(`mutation($id: ID!) { muteAlert(id: $id, hours: 24) { mutedUntil } }`, { id }, c.token);
    expect(Date.parse(muted.data.muteAlert.mutedUntil) - Date.now()).toBeGreaterThan(23.9 * H);
    const ack = await t.gql(`mutation($id: ID!) { acknowledgeAlert(id: $id) { acknowledgedAt } }`, { id }, c.token);
    expect(ack.data.acknowledgeAlert.acknowledgedAt).not.toBeNull();
    expect((await t.gql(ALERTS, {}, c.token)).data.viewer.alerts.unreadCount).toBe(0);
  });

  it('a warning that ended before it was read still counts on the bell; «mark all read» clears it and nothing of another account', async () => {
    const c = await customerWith(MeterKind.COLD_WATER, '2020-01-01');
    const other = await customerWith(MeterKind.ELECTRICITY, '2020-01-01');
    await service().sweep();
    // The overdue verification ends unread (its rule switched off): history, yet unread.
    const SET = `mutation($m: ID!, $i: AlertSettingsInput!) { setAlertSettings(meterId: $m, input: $i) { disabledRules } }`;
    const off = { leakHours: null, nightLeakHours: null, minLitresPerHour: null, burstLitres: null, baseloadW: null, disabledRules: ['VERIFICATION_DUE'] };
    expect((await t.gql(SET, { m: c.meterId, i: off }, c.token)).data.setAlertSettings.disabledRules).toEqual(['VERIFICATION_DUE']);
    const before = (await t.gql(ALERTS, {}, c.token)).data.viewer.alerts;
    expect([before.unreadCount, before.edges.map((e: { node: { rule: string; resolvedAt: string | null } }) => [e.node.rule, e.node.resolvedAt !== null])]).toEqual([1, [['VERIFICATION_DUE', true]]]);
    const ALL = `mutation { acknowledgeAllAlerts }`;
    expect((await t.gql(ALL, {}, c.token)).data.acknowledgeAllAlerts).toBe(1);
    expect((await t.gql(ALERTS, {}, c.token)).data.viewer.alerts.unreadCount).toBe(0);
    expect((await t.gql(ALL, {}, c.token)).data.acknowledgeAllAlerts).toBe(0);
    expect((await t.gql(ALERTS, {}, other.token)).data.viewer.alerts.unreadCount).toBe(1);
    expect((await t.gql(ALL, {})).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  /** 24¼ hours of flow up to now on the customer's meter, evaluated: a leak is open. */
  async function leakAt(c: Awaited<ReturnType<typeof customerWith>>) {
    const base = Math.floor((Date.now() - 24.5 * H) / MIN15) * MIN15;
    await ingest(c.deviceToken, Array.from({ length: 98 }, (_, i) => ({ meter: c.serial, quantity: 'VOLUME', time: base + i * MIN15, value: 12.5 + i * 0.002 })));
    await service().evaluateMeters([c.meterId]);
  }

  it('moving out ends the tenant’s open warnings on what they let go: their bell and the operators keep no leak in a flat left', async () => {
    const c = await customerWith(MeterKind.COLD_WATER);
    await leakAt(c);
    expect((await t.gql(ALERTS, { open: true }, c.token)).data.viewer.alerts.edges.map((e: { node: { rule: string } }) => e.node.rule)).toEqual(['LEAK']);
    const sub = t.subscribe(c.token, CHANGED);
    await new Promise((r) => setTimeout(r, 300));
    expect((await t.gql(`mutation($s: String!) { unbindDevice(serial: $s) }`, { s: c.controllerSerial }, c.token)).data).toEqual({ unbindDevice: true });
    expect((await t.gql(ALERTS, { open: true }, c.token)).data.viewer.alerts.totalCount).toBe(0);
    const [leak] = (await t.gql(ALERTS, {}, c.token)).data.viewer.alerts.edges.map((e: { node: { rule: string; resolvedAt: string | null; endedBy: string | null } }) => e.node);
    // Closed because the flat was left, not because the water stopped: the history says which.
    expect([leak.rule, typeof leak.resolvedAt, leak.endedBy]).toEqual(['LEAK', 'string', 'RELEASED']);
    await sub.until(() => sub.events.length >= 1);
    expect(sub.events.map((e) => e.alertChanged.change)).toEqual(['RESOLVED']);
    await sub.close();
  });

  it('a warning still open from the previous owner ends for them; the next owner’s leak is their own, told to them only', async () => {
    const c = await customerWith(MeterKind.COLD_WATER);
    await leakAt(c);
    // As a binding that ended before unbinding resolved warnings: the episode is still open, the flat has a new tenant.
    const em = t.api.orm.em.fork();
    await em.nativeUpdate(Binding, { account: c.id, unboundAt: null }, { unboundAt: new Date() });
    const next = await makeAccount(t);
    em.persist(new Binding(em.getReference(Account, next.id), { controller: em.getReference(Controller, c.controllerId) }, new Date(Date.now() - 30 * H)));
    await em.flush();
    const smsBefore = t.sms.count(c.phone);
    await service().evaluateMeters([c.meterId]);
    expect((await t.gql(ALERTS, { open: false }, c.token)).data.viewer.alerts.edges.map((e: { node: { rule: string; endedBy: string } }) => [e.node.rule, e.node.endedBy])).toEqual([['LEAK', 'RELEASED']]);
    expect((await t.gql(ALERTS, { open: true }, c.token)).data.viewer.alerts.totalCount).toBe(0);
    expect((await t.gql(ALERTS, { open: true }, next.token)).data.viewer.alerts.edges.map((e: { node: { rule: string; meter: { serial: string } } }) => [e.node.rule, e.node.meter.serial])).toEqual([['LEAK', c.serial]]);
    expect(t.sms.count(c.phone)).toBe(smsBefore);
  });
  /** A silent modem with a low battery: two open warnings on the controller. */
  async function silentAndLow(c: Awaited<ReturnType<typeof customerWith>>, now: number) {
    const em = t.api.orm.em.fork();
    const controller = await em.findOneOrFail(Controller, c.controllerId);
    controller.lastSeenAt = new Date(now - 3 * controller.reportingIntervalS * 1000);
    controller.batteryPct = 9;
    await em.flush();
    await service().sweep(now);
    const open = (await t.gql(ALERTS, { open: true }, c.token)).data.viewer.alerts.edges.map((e: { node: { rule: string } }) => e.node.rule);
    expect(open.sort()).toEqual(['LOW_BATTERY', 'MODEM_SILENT']);
  }

  const ended = async (c: { token: string }) =>
    (await t.gql(ALERTS, { open: false }, c.token)).data.viewer.alerts.edges.map((e: { node: { rule: string; endedBy: string } }) => [e.node.rule, e.node.endedBy]).sort();

  it('an operator taking a modem out of service ends its warnings at once as RETIRED, not as a modem that came back', async () => {
    const c = await customerWith(MeterKind.ELECTRICITY);
    await silentAndLow(c, Date.now());
    const sub = t.subscribe(c.token, CHANGED);
    await new Promise((r) => setTimeout(r, 300));
    const operator = (await makeAccount(t, Role.OPERATOR)).token;
    expect((await t.gql(`mutation($s: String!) { revokeDevice(serial: $s) { status } }`, { s: c.controllerSerial }, operator)).data).toEqual({ revokeDevice: { status: 'REVOKED' } });
    expect((await t.gql(ALERTS, { open: true }, c.token)).data.viewer.alerts.totalCount).toBe(0);
    expect(await ended(c)).toEqual([['LOW_BATTERY', 'RETIRED'], ['MODEM_SILENT', 'RETIRED']]);
    await sub.until(() => sub.events.length >= 2);
    expect(sub.events.map((e) => e.alertChanged.change)).toEqual(['RESOLVED', 'RESOLVED']);
    await sub.close();
  });

  it('a modem revoked where warnings could not be ended (the CLI) has them ended as RETIRED by the next sweep', async () => {
    const c = await customerWith(MeterKind.ELECTRICITY);
    const now = Date.now();
    await silentAndLow(c, now);
    await new ProvisioningService(t.api.orm.em.fork()).revoke(c.controllerSerial);
    expect((await t.gql(ALERTS, { open: true }, c.token)).data.viewer.alerts.totalCount).toBe(2);
    await service().sweep(now + 60_000);
    expect(await ended(c)).toEqual([['LOW_BATTERY', 'RETIRED'], ['MODEM_SILENT', 'RETIRED']]);
    // And nothing opens again for it.
    await service().sweep(now + 2 * 60 * 60_000);
    expect((await t.gql(ALERTS, { open: true }, c.token)).data.viewer.alerts.totalCount).toBe(0);
  });
  it('a customer whose meter was verified enters the next date: its warning ends at once; a date that cannot be is explained at the field', async () => {
    const zone = 'Asia/Vladivostok';
    const day = (days: number) => new Date(Date.now() + days * 24 * H + 10 * H).toISOString().slice(0, 10); // Vladivostok is UTC+10
    const c = await customerWith(MeterKind.HOT_WATER, day(10), zone);
    await service().sweep();
    expect((await t.gql(ALERTS, { open: true }, c.token)).data.viewer.alerts.edges.map((e: { node: { rule: string; stage: string } }) => [e.node.rule, e.node.stage])).toEqual([['VERIFICATION_DUE', 'DAYS_30']]);
    const RECORD = `mutation($m: ID!, $d: String!) { recordMeterVerification(meterId: $m, nextDue: $d) { id verificationDue } }`;
    const refused = async (d: string) => {
      const e = (await t.gql(RECORD, { m: c.meterId, d }, c.token)).errors?.[0]?.extensions;
      return [e?.reason, e?.field, e?.params];
    };
    expect(await refused('2031-02-30')).toEqual(['VERIFICATION_DUE_FORMAT', 'nextDue', {}]);
    expect(await refused('20.05.2032')).toEqual(['VERIFICATION_DUE_FORMAT', 'nextDue', {}]);
    // Today on the customer's own calendar is not a next verification.
    expect(await refused(day(0))).toEqual(['VERIFICATION_DUE_PAST', 'nextDue', {}]);
    expect(await refused(day(17 * 366))).toEqual(['VERIFICATION_DUE_TOO_FAR', 'nextDue', { years: 16 }]);
    // Nothing was changed by the refusals.
    expect((await t.gql(ALERTS, { open: true }, c.token)).data.viewer.alerts.totalCount).toBe(1);

    const next = day(6 * 365);
    expect((await t.gql(RECORD, { m: c.meterId, d: ` ${next} ` }, c.token)).data.recordMeterVerification).toEqual({ id: String(c.meterId), verificationDue: next });
    // With the certificate's number: kept as typed (spaces tidied); a line of nonsense is refused at its field and keeps the last.
    const CERTIFIED = `mutation($m: ID!, $d: String!, $c: String) { recordMeterVerification(meterId: $m, nextDue: $d, certificate: $c) { verificationDue verificationCertificate } }`;
    expect((await t.gql(CERTIFIED, { m: c.meterId, d: next, c: '  С-ВЯ/15-03-2026/123456789 ' }, c.token)).data.recordMeterVerification).toEqual({ verificationDue: next, verificationCertificate: 'С-ВЯ/15-03-2026/123456789' });
    for (const bad of ['<script>', 'А'.repeat(101), '/123']) {
      expect((await t.gql(CERTIFIED, { m: c.meterId, d: next, c: bad }, c.token)).errors?.[0]?.extensions).toMatchObject({ reason: 'VERIFICATION_CERTIFICATE_FORMAT', field: 'certificate' });
    }
    expect((await t.gql(`query($m: ID!) { viewer { meter(id: $m) { verificationCertificate } } }`, { m: c.meterId }, c.token)).data.viewer.meter.verificationCertificate).toBe('С-ВЯ/15-03-2026/123456789');
    // A verification recorded without one: the last certificate was another verification's.
    expect((await t.gql(CERTIFIED, { m: c.meterId, d: next }, c.token)).data.recordMeterVerification.verificationCertificate).toBeNull();
    expect((await t.gql(ALERTS, { open: true }, c.token)).data.viewer.alerts.totalCount).toBe(0);
    expect((await t.gql(ALERTS, { open: false }, c.token)).data.viewer.alerts.edges.map((e: { node: { rule: string; endedBy: string } }) => [e.node.rule, e.node.endedBy])).toEqual([['VERIFICATION_DUE', 'CLEARED']]);
    // And the sweep keeps it so.
    await service().sweep();
    expect((await t.gql(ALERTS, { open: true }, c.token)).data.viewer.alerts.totalCount).toBe(0);
    // Another account cannot touch the meter.
    const other = await makeAccount(t);
    expect((await t.gql(RECORD, { m: c.meterId, d: next }, other.token)).errors?.[0]?.extensions?.reason).toBe('METER_FORBIDDEN');
  });

  it('an operator records a customer’s verification (a support call, a technician’s visit): the customer’s warning ends; the customer’s calendar decides «today»', async () => {
    // The customer at UTC+14, the operator at UTC−11: the customer's today is always a day or two after the operator's.
    const day = (days: number) => new Date(Date.now() + days * 24 * H + 14 * H).toISOString().slice(0, 10);
    const c = await customerWith(MeterKind.HOT_WATER, day(5), 'Pacific/Kiritimati');
    await service().sweep();
    expect((await t.gql(ALERTS, { open: true }, c.token)).data.viewer.alerts.edges.map((e: { node: { rule: string; stage: string } }) => [e.node.rule, e.node.stage])).toEqual([['VERIFICATION_DUE', 'DAYS_7']]);
    const operator = await makeAccount(t, Role.OPERATOR);
    const em = t.api.orm.em.fork();
    (await em.findOneOrFail(Account, operator.id)).timeZone = 'Pacific/Pago_Pago';
    await em.flush();
    const RECORD = `mutation($m: ID!, $d: String!) { recordMeterVerification(meterId: $m, nextDue: $d) { id verificationDue } }`;
    expect((await t.gql(RECORD, { m: c.meterId, d: day(0) }, operator.token)).errors?.[0]?.extensions).toMatchObject({ reason: 'VERIFICATION_DUE_PAST', field: 'nextDue' });
    for (const m of ['99999999', 'E-0001']) expect((await t.gql(RECORD, { m, d: day(365) }, operator.token)).errors?.[0]?.extensions?.reason).toBe('METER_NOT_FOUND');

    const next = day(4 * 365);
    expect((await t.gql(RECORD, { m: c.meterId, d: next }, operator.token)).data.recordMeterVerification).toEqual({ id: String(c.meterId), verificationDue: next });
    expect((await t.gql(ALERTS, { open: true }, c.token)).data.viewer.alerts.totalCount).toBe(0);
    expect((await t.gql(`query($m: ID!) { viewer { meter(id: $m) { verificationDue } } }`, { m: c.meterId }, c.token)).data.viewer.meter.verificationDue).toBe(next);
  });
});
