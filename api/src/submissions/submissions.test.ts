/**
 * Submissions of readings to suppliers, end to end through GraphQL: a real API on SQLite (and PostgreSQL when
 * TEST_DATABASE_URL is set), a real HTTP receiver in the supplier's place, and the engine driven by an injected clock
 * through whole windows. October 2026 in Moscow: the window is 15th–25th, cut-off 12:00 (09:00 UTC).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Account, Language, Role } from '../accounts/account.entity.js';
import { SupplierLink } from '../suppliers/supplier-link.entity.js';
import type { SupplierSettings } from '../suppliers/supplier.entity.js';
import { SuppliersService } from '../suppliers/suppliers.service.js';
import { makeAccount } from '../../test/devices-support.js';
import { engines, startTestApi, type TestApi } from '../../test/harness.js';
import { signatureOk, supplierInput, SupplierReceiver } from '../../test/supplier-receiver.js';
import { backoffMs, BACKOFF } from '../delivery/webhook-rules.js';
import { sign } from '../delivery/webhook-rules.js';

const SUPPLIER = `id name inn resources windowFirstDay windowLastDay cutoffTime timeZone channel webhookUrl webhookSecret`;
const CREATE = `mutation($i: SupplierInput!) { createSupplier(input: $i) { ${SUPPLIER} } }`;
const LINK = `mutation($m: ID!, $s: ID!, $a: String!, $agree: Boolean!) { linkSupplierAccount(meterId: $m, supplierId: $s, accountNumber: $a, agree: $agree) { id accountNumber nextSubmissionAt windowOpen registers supplier { name } } }`;
const HISTORY = `query { viewer { meters { serial supplierLinks { id supplier { name } nextSubmissionAt submissions(first: 10) { totalCount edges { node { id period status channel attempts readingTime enteredByCustomer reason reasonMessage idempotencyKey meterSerial values { register value unit } } } } } } } }`;

const at = (iso: string) => new Date(iso);
const H = 3_600_000;

describe.each(engines)('submissions to suppliers on %s', (engine) => {
  let t: TestApi;
  let operator: string;
  let customer: string;
  let meterId: string;
  let clock: Date;
  let receiver: SupplierReceiver;
  let seq = 0;

  beforeAll(async () => {
    t = await startTestApi({ engine, env: { SUBMISSIONS_TICK_S: '0' } });
    clock = at('2026-10-01T00:00:00Z');
    t.api.deps.submissions.now = () => clock;
    t.api.deps.submissions.random = () => 1; // the upper end of the jitter: delays are known
    // The demo's own links would submit too: these tests watch their own suppliers only.
    await t.api.orm.em.fork().nativeUpdate(SupplierLink, {}, { unlinkedAt: new Date() });
    operator = (await makeAccount(t, Role.OPERATOR)).token;
    customer = await t.signInDemo();
    const meters = (await t.gql(`{ viewer { meters { id serial } } }`, {}, customer)).data.viewer.meters;
    meterId = meters.find((m: { serial: string }) => m.serial === 'E-0001').id;
    receiver = await SupplierReceiver.start();
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.close();
  });
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.answers = [{ status: 200, body: { status: 'accepted' } }];
  });

  /** A new supplier (its own INN-valid identity is not needed: suppliers may share one) and the customer's E-0001 linked to it. */
  async function linkedSupplier(extra: Record<string, unknown> = {}) {
    const s = await t.gql(CREATE, { i: supplierInput(receiver.url, { name: `Поставщик ${++seq}`, ...extra }) }, operator);
    expect(s.errors).toBeUndefined();
    const supplier = s.data.createSupplier;
    const l = await t.gql(LINK, { m: meterId, s: supplier.id, a: `77000000${String(seq).padStart(2, '0')}`, agree: true }, customer);
    expect(l.errors).toBeUndefined();
    return { supplier, link: l.data.linkSupplierAccount };
  }

  const history = async (supplierName: string) => {
    const r = await t.gql(HISTORY, {}, customer);
    const meter = r.data.viewer.meters.find((m: { serial: string }) => m.serial === 'E-0001');
    const link = meter.supplierLinks.find((l: { supplier: { name: string } }) => l.supplier.name === supplierName);
    return link.submissions.edges.map((e: { node: any }) => e.node);
  };

  const ingest = async (iso: string, t1Wh: number, t2Wh: number) => {
    const time = at(iso).getTime();
    const r = await t.ingest([{ token: t.api.demo!.controller.token, readings: [{ meter: 'E-0001', quantity: 'ENERGY_T1', time, value: t1Wh }, { meter: 'E-0001', quantity: 'ENERGY_T2', time, value: t2Wh }] }]);
    expect(r[0].status).toBe('STORED');
  };

  const tick = () => t.api.deps.submissions.tick();

  it('sends on the first day at the cut-off the registers as of the cut-off, in whole kWh, and retries 500s with the same key until accepted', async () => {
    await ingest('2026-10-15T08:00:00Z', 12_345_999.9, 6_789_000.4);
    await ingest('2026-10-15T10:00:00Z', 12_400_000, 6_800_000); // after the cut-off: never sent for October
    const { supplier, link } = await linkedSupplier();
    receiver.answers = [{ status: 500 }, { status: 500 }, { status: 503 }, { status: 200, body: { status: 'accepted' } }];

    clock = at('2026-10-14T12:00:00Z');
    await tick();
    expect(receiver.received).toHaveLength(0);
    expect((await history(supplier.name))).toEqual([]);
    const next = (await t.gql(HISTORY, {}, customer)).data.viewer.meters.find((m: any) => m.serial === 'E-0001').supplierLinks.find((l: any) => l.id === link.id).nextSubmissionAt;
    expect(next).toBe('2026-10-15T09:00:00.000Z');

    clock = at('2026-10-15T09:00:00Z');
    await tick();
    expect(receiver.received).toHaveLength(1);
    let [s] = await history(supplier.name);
    expect(s).toMatchObject({ period: '2026-10', status: 'SCHEDULED', attempts: 1, reasonMessage: 'answered 500' });

    // Each retry after the backoff (1, 2, 4 minutes at the jitter's upper end), not before it.
    for (const [i, minutes] of [1, 2, 4].entries()) {
      clock = new Date(clock.getTime() + minutes * 60_000 - 1000);
      await tick();
      expect(receiver.received).toHaveLength(i + 1);
      clock = new Date(clock.getTime() + 1000);
      await tick();
      expect(receiver.received).toHaveLength(i + 2);
    }
    [s] = await history(supplier.name);
    expect(s).toMatchObject({
      status: 'ACCEPTED',
      attempts: 4,
      readingTime: '2026-10-15T08:00:00.000Z',
      enteredByCustomer: false,
      channel: 'WEBHOOK',
      meterSerial: 'E-0001',
      values: [
        { register: 'T1', value: '12345', unit: 'kWh' },
        { register: 'T2', value: '6789', unit: 'kWh' },
      ],
    });
    // One submission: the same key and the same body every time, each attempt signed afresh and verifiable.
    expect(new Set(receiver.received.map((r) => r.idempotencyKey))).toEqual(new Set([s.idempotencyKey]));
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    for (const r of receiver.received) expect(signatureOk(supplier.webhookSecret, r.body, r.signature).ok).toBe(true);
    expect(receiver.received[0].json).toMatchObject({
      version: 1,
      idempotencyKey: s.idempotencyKey,
      period: '2026-10',
      accountNumber: link.accountNumber,
      supplier: { inn: '7707083893' },
      meter: { serial: 'E-0001', resource: 'ELECTRICITY' },
      readings: [
        { register: 'T1', value: '12345', unit: 'kWh' },
        { register: 'T2', value: '6789', unit: 'kWh' },
      ],
      readingTime: '2026-10-15T08:00:00.000Z',
      enteredByCustomer: false,
    });

    // Later ticks send nothing more; the next date is November's.
    clock = at('2026-10-20T00:00:00Z');
    await tick();
    expect(receiver.received).toHaveLength(4);
    const after = (await t.gql(HISTORY, {}, customer)).data.viewer.meters.find((m: any) => m.serial === 'E-0001').supplierLinks.find((l: any) => l.id === link.id);
    expect(after.nextSubmissionAt).toBe('2026-11-15T09:00:00.000Z');
    await t.gql(`mutation($l: ID!) { unlinkSupplierAccount(linkId: $l) }`, { l: link.id }, customer);
  });

  it('fails the submission when the window closes on a receiver that never recovers, and tells the customer by email', async () => {
    const em = t.api.orm.em.fork();
    const account = await em.findOneOrFail(Account, { phone: t.api.demo!.phone });
    account.email = 'ivanov@example.ru';
    await em.flush();
    await ingest('2026-10-15T07:00:00Z', 12_300_000, 6_700_000);
    const { supplier, link } = await linkedSupplier();
    receiver.answers = [{ status: 500 }];
    clock = at('2026-10-15T09:00:00Z');
    const closes = at('2026-10-25T09:00:00Z').getTime();
    let ticks = 0;
    while (clock.getTime() < closes + H) {
      await tick();
      ticks++;
      clock = new Date(clock.getTime() + H);
    }
    const [s] = await history(supplier.name);
    expect(s).toMatchObject({ status: 'FAILED', reason: 'WINDOW_CLOSED' });
    // Backoff capped at four hours: attempts every ≤ 4 h for ten days, never after the close.
    const maxAttempts = 1 + Math.ceil((closes - at('2026-10-15T09:00:00Z').getTime()) / H);
    expect(receiver.received.length).toBeGreaterThanOrEqual(Math.floor((10 * 24) / (BACKOFF.maxMs / H)));
    expect(receiver.received.length).toBeLessThan(maxAttempts);
    expect(ticks).toBe(10 * 24 + 1);
    const mail = (await t.api.deps.channels.outbox!.read()).find((m) => m.to === 'ivanov@example.ru' && m.subject?.includes('окно'));
    expect(mail?.subject).toBe(`Показания счётчика E-0001 не приняты: окно «${supplier.name}» закрылось`);
    expect(mail?.text).toContain(`Мы не смогли передать показания счётчика E-0001 за октябрь 2026 в «${supplier.name}» до закрытия окна приёма (25 октября 12:00).`);
    await t.gql(`mutation($l: ID!) { unlinkSupplierAccount(linkId: $l) }`, { l: link.id }, customer);
  });

  it('shows a rejection with the supplier’s reason code and words', async () => {
    await ingest('2026-10-15T07:30:00Z', 12_310_000, 6_710_000);
    const { supplier, link } = await linkedSupplier();
    receiver.answers = [{ status: 200, body: { status: 'rejected', reason: 'UNKNOWN_ACCOUNT', message: 'Лицевой счёт не найден' } }];
    clock = at('2026-10-15T09:00:00Z');
    await tick();
    const [s] = await history(supplier.name);
    expect(s).toMatchObject({ status: 'REJECTED', reason: 'UNKNOWN_ACCOUNT', reasonMessage: 'Лицевой счёт не найден', attempts: 1 });
    // The customer's warnings say so too (the bell, push): one SUBMISSION_FAILED on the meter with the supplier's words.
    await t.api.deps.alerts.evaluatePending();
    const alerts = await t.gql(`{ viewer { alerts(first: 20, open: true) { edges { node { rule message meter { serial } } } } } }`, {}, customer);
    expect(alerts.data.viewer.alerts.edges.map((e: { node: unknown }) => e.node).filter((n: { rule: string }) => n.rule === 'SUBMISSION_FAILED')).toEqual([
      { rule: 'SUBMISSION_FAILED', meter: { serial: 'E-0001' }, message: `Показания счётчика E-0001 не приняты поставщиком «${supplier.name}»: Лицевой счёт не найден. Проверьте в кабинете и передайте снова.` },
    ]);
    // The supplier fixed its records and an operator sends it again: a new key — under the old one, a supplier that
    // honours keys would repeat its rejection instead of looking again — and the supplier's acceptance this time.
    receiver.answers = [{ status: 200, body: { status: 'accepted' } }];
    const resent = await t.gql(`mutation($id: ID!) { resendSubmission(id: $id) { status idempotencyKey } }`, { id: s.id }, operator);
    expect(resent.errors).toBeUndefined();
    await t.api.deps.submissions.idle();
    const [again] = await history(supplier.name);
    expect(again).toMatchObject({ status: 'ACCEPTED', reason: null });
    const keys = receiver.received.slice(-2).map((r) => r.idempotencyKey);
    expect(keys[1]).not.toBe(keys[0]);
    expect(keys[1]).toBe(resent.data.resendSubmission.idempotencyKey);
    expect(receiver.received.at(-1)!.body).toBe(receiver.received.at(-2)!.body);
    await t.gql(`mutation($l: ID!) { unlinkSupplierAccount(linkId: $l) }`, { l: link.id }, customer);
  });

  it('retries an attempt that timed out, then takes the supplier’s signed receipt; the customer sees it live', async () => {
    await ingest('2026-10-15T07:40:00Z', 12_320_000, 6_720_000);
    const { supplier, link } = await linkedSupplier();
    t.api.deps.submissions.sendTimeoutMs = 300;
    receiver.answers = ['hang', { status: 202 }];
    const sub = t.subscribe(customer, `subscription($m: ID) { submissionUpdated(meterId: $m) { status period values { value } } }`, { m: meterId });
    clock = at('2026-10-15T09:00:00Z');
    await tick();
    let [s] = await history(supplier.name);
    expect(s).toMatchObject({ status: 'SCHEDULED', attempts: 1, reasonMessage: 'no answer in 300 ms' });
    clock = new Date(clock.getTime() + 60_000);
    await tick();
    [s] = await history(supplier.name);
    expect(s).toMatchObject({ status: 'DELIVERED', attempts: 2 });
    expect(receiver.received.map((r) => r.idempotencyKey)).toEqual([s.idempotencyKey, s.idempotencyKey]);

    const receipt = (body: object, secret = supplier.webhookSecret, ts = Math.floor(clock.getTime() / 1000)) => {
      const text = JSON.stringify(body);
      return fetch(`${t.url}/suppliers/receipts`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-askue-signature': sign(secret, text, ts) }, body: text });
    };
    expect((await receipt({ idempotencyKey: s.idempotencyKey, status: 'accepted' }, 'whsec_wrong')).status).toBe(401);
    expect((await receipt({ idempotencyKey: s.idempotencyKey, status: 'accepted' }, supplier.webhookSecret, Math.floor(clock.getTime() / 1000) - 3600)).status).toBe(401);
    expect((await receipt({ idempotencyKey: 'not-a-key', status: 'accepted' })).status).toBe(401);
    const ok = await receipt({ idempotencyKey: s.idempotencyKey, status: 'accepted' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'ACCEPTED' });
    expect((await receipt({ idempotencyKey: s.idempotencyKey, status: 'accepted' })).status).toBe(200);
    expect((await receipt({ idempotencyKey: s.idempotencyKey, status: 'rejected', reason: 'LATE' })).status).toBe(409);
    [s] = await history(supplier.name);
    expect(s.status).toBe('ACCEPTED');
    await sub.until(() => sub.events.some((e) => e.submissionUpdated.status === 'ACCEPTED'), 5000, 'the ACCEPTED event');
    // (The first events may pass before the subscription is registered: the last ones are what the page shows.)
    expect(sub.events.map((e) => e.submissionUpdated.status).slice(-2)).toEqual(['DELIVERED', 'ACCEPTED']);
    t.api.deps.submissions.sendTimeoutMs = 10_000;
    await t.gql(`mutation($l: ID!) { unlinkSupplierAccount(linkId: $l) }`, { l: link.id }, customer);
  });

  it('never sends stale readings: the customer is asked, enters the values by hand, and they go marked as entered by the customer', async () => {
    // November: the meter's last reading (October) is weeks old at the cut-off.
    const { supplier, link } = await linkedSupplier();
    clock = at('2026-11-15T09:00:00Z');
    await tick();
    let [s] = await history(supplier.name);
    expect(s).toMatchObject({ period: '2026-11', status: 'AWAITING_VALUES', reason: 'STALE_READINGS', values: [] });
    expect(receiver.received).toHaveLength(0);
    // «Readings could not be taken this month» is a warning too (the bell, push), until the values go.
    const submissionWarnings = async () => {
      await t.api.deps.alerts.evaluatePending();
      const r = await t.gql(`{ viewer { alerts(first: 20, open: true) { edges { node { rule stage message } } } } }`, {}, customer);
      return r.data.viewer.alerts.edges.map((e: { node: { rule: string } }) => e.node).filter((n: { rule: string }) => n.rule === 'SUBMISSION_FAILED');
    };
    expect(await submissionWarnings()).toEqual([
      { rule: 'SUBMISSION_FAILED', stage: 'AWAITING_VALUES', message: `Показания счётчика E-0001 за этот месяц не удалось снять для «${supplier.name}»: модем не прислал свежих данных. Введите их в кабинете, пока открыт приём.` },
    ]);
    const enter = (values: unknown) => t.gql(`mutation($l: ID!, $v: [RegisterValueInput!]!) { enterSubmissionValues(linkId: $l, values: $v) { status enteredByCustomer values { register value } } }`, { l: link.id, v: values }, customer);
    const bad = await enter([{ register: 'T1', value: '12 500' }, { register: 'T2', value: '6800' }]);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'VALUE_FORMAT', params: { register: 'T1' } });
    const missing = await enter([{ register: 'T1', value: '12500' }]);
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'VALUE_REGISTERS' });
    clock = at('2026-11-16T09:00:00Z');
    const r = await enter([{ register: 'T1', value: '12500' }, { register: 'T2', value: '6800' }]);
    expect(r.errors).toBeUndefined();
    await t.api.deps.submissions.idle();
    await tick();
    [s] = await history(supplier.name);
    expect(s).toMatchObject({ status: 'ACCEPTED', enteredByCustomer: true, readingTime: null, values: [{ register: 'T1', value: '12500' }, { register: 'T2', value: '6800' }] });
    expect(await submissionWarnings()).toEqual([]);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0].json).toMatchObject({ enteredByCustomer: true, readingTime: null, readings: [{ register: 'T1', value: '12500', unit: 'kWh' }, { register: 'T2', value: '6800', unit: 'kWh' }] });
    const again = await enter([{ register: 'T1', value: '12600' }, { register: 'T2', value: '6900' }]);
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ALREADY_SUBMITTED' });
    await t.gql(`mutation($l: ID!) { unlinkSupplierAccount(linkId: $l) }`, { l: link.id }, customer);
  });

  it('asks an English-speaking customer for the values in English', async () => {
    const em = t.api.orm.em.fork();
    const account = await em.findOneOrFail(Account, { phone: t.api.demo!.phone });
    Object.assign(account, { email: 'ivanov@example.ru', language: Language.EN, timeZone: 'Asia/Yekaterinburg' });
    await em.flush();
    try {
      // July: nothing at all at the cut-off, so the customer is asked.
      const { supplier, link } = await linkedSupplier();
      clock = at('2026-07-15T09:00:00Z');
      await tick();
      const [s] = await history(supplier.name);
      expect(s).toMatchObject({ period: '2026-07', status: 'AWAITING_VALUES' });
      const mail = (await t.api.deps.channels.outbox!.read()).find((m) => m.to === 'ivanov@example.ru' && m.text?.includes(supplier.name));
      expect(mail?.subject).toBe('Readings of meter E-0001 not sent: no fresh data');
      expect(mail?.text).toContain(`Meter E-0001 has not reported for a while, so its readings for July 2026 were not sent to ${supplier.name}: we never send stale or estimated values.`);
      // On the customer's own clock (Asia/Yekaterinburg, two hours ahead of the supplier's Moscow), as the cabinet's alerts are.
      expect(mail?.text).toContain('Enter them by hand in your account before 25 July 14:00 and we will send them');
      // The link opens the meter's page at «Передача показаний», where the values are entered.
      expect(mail?.text).toMatch(/marked “entered by the customer”\. http:\/\/[^/]+\/meters\/\d+#submissions-title$/);
      expect(mail?.text).not.toContain('Счётчик');
      await t.gql(`mutation($l: ID!) { unlinkSupplierAccount(linkId: $l) }`, { l: link.id }, customer);
    } finally {
      Object.assign(account, { language: Language.RU, timeZone: 'Europe/Moscow' });
      await em.flush();
    }
  });

  it('sends by itself when a modem offline at the cut-off uploads its buffered readings inside the window, with the values as of the cut-off', async () => {
    // September: nothing at all at the cut-off (the readings of the other tests are later), so the customer is asked.
    const { supplier, link } = await linkedSupplier();
    clock = at('2026-09-15T09:00:00Z');
    await tick();
    let [s] = await history(supplier.name);
    expect(s).toMatchObject({ period: '2026-09', status: 'AWAITING_VALUES', values: [] });
    expect(receiver.received).toHaveLength(0);
    // An hour later the modem is back and uploads what it measured before and after the cut-off (12:00 Moscow, 09:00Z).
    await ingest('2026-09-15T08:45:00Z', 11_100_900, 6_000_400);
    await ingest('2026-09-15T09:30:00Z', 11_200_000, 6_050_000);
    clock = at('2026-09-15T10:00:00Z');
    await tick();
    await t.api.deps.submissions.idle();
    [s] = await history(supplier.name);
    // The latest reading not after the cut-off, never the later one, and not marked as the customer's.
    expect(s).toMatchObject({ status: 'ACCEPTED', enteredByCustomer: false, readingTime: '2026-09-15T08:45:00.000Z', values: [{ register: 'T1', value: '11100' }, { register: 'T2', value: '6000' }] });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0].json).toMatchObject({ enteredByCustomer: false, readings: [{ register: 'T1', value: '11100', unit: 'kWh' }, { register: 'T2', value: '6000', unit: 'kWh' }] });
    await t.gql(`mutation($l: ID!) { unlinkSupplierAccount(linkId: $l) }`, { l: link.id }, customer);
  });

  it('«Передать сейчас» sends the latest reading inside the window, and is refused outside it with the date it opens', async () => {
    await ingest('2026-10-20T06:00:00Z', 12_350_500, 6_750_250);
    const { supplier, link } = await linkedSupplier({ windowFirstDay: 20 });
    const now = (l: string) => t.gql(`mutation($l: ID!) { submitReadingsNow(linkId: $l) { status period values { value } } }`, { l }, customer);
    clock = at('2026-10-19T12:00:00Z');
    const early = await now(link.id);
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'WINDOW_CLOSED', params: { opensAt: '2026-10-20T09:00:00.000Z' } });
    clock = at('2026-10-20T07:00:00Z');
    const r = await now(link.id);
    expect(r.errors).toBeUndefined();
    expect(r.data.submitReadingsNow.values).toEqual([{ value: '12350' }, { value: '6750' }]);
    await t.api.deps.submissions.idle();
    const [s] = await history(supplier.name);
    expect(s).toMatchObject({ status: 'ACCEPTED', readingTime: '2026-10-20T06:00:00.000Z' });
    // Pressing it again gives the same submission: one per period.
    const twice = await now(link.id);
    expect(twice.data.submitReadingsNow.status).toBe('ACCEPTED');
    expect(await history(supplier.name)).toHaveLength(1);
    expect(receiver.received).toHaveLength(1);
    await t.gql(`mutation($l: ID!) { unlinkSupplierAccount(linkId: $l) }`, { l: link.id }, customer);
  });

  it('checks what customers and operators type, with a reason code and its parameters', async () => {
    const badInn = await t.gql(CREATE, { i: supplierInput(receiver.url, { inn: '7707083894' }) }, operator);
    expect(badInn.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INN_INVALID', field: 'inn' });
    const personInn = await t.gql(CREATE, { i: supplierInput(receiver.url, { inn: '500100732259', name: 'ИП Иванов' }) }, operator);
    expect(personInn.errors).toBeUndefined();
    const badZone = await t.gql(CREATE, { i: supplierInput(receiver.url, { timeZone: 'Mars/Olympus' }) }, operator);
    expect(badZone.errors?.[0].extensions).toMatchObject({ reason: 'TIME_ZONE' });
    const water = await t.gql(CREATE, { i: supplierInput(receiver.url, { name: 'Водоканал', resources: ['COLD_WATER'], channel: 'EMAIL', email: 'v@example.ru', webhookUrl: null }) }, operator);
    const wrongResource = await t.gql(LINK, { m: meterId, s: water.data.createSupplier.id, a: '1234567890', agree: true }, customer);
    expect(wrongResource.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SUPPLIER_RESOURCE', params: { resource: 'ELECTRICITY' } });
    const energy = personInn.data.createSupplier.id;
    const typo = await t.gql(LINK, { m: meterId, s: energy, a: '12345-6789', agree: true }, customer);
    expect(typo.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ACCOUNT_NUMBER_FORMAT', params: { example: '1234567890' }, field: 'accountNumber' });
    const noConsent = await t.gql(LINK, { m: meterId, s: energy, a: '1234567890', agree: false }, customer);
    expect(noConsent.errors?.[0].extensions).toMatchObject({ reason: 'CONSENT_REQUIRED' });
    const other = await makeAccount(t);
    const notTheirs = await t.gql(LINK, { m: meterId, s: energy, a: '1234567890', agree: true }, other.token);
    expect(notTheirs.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'METER_NOT_YOURS' });
    const ok = await t.gql(LINK, { m: meterId, s: energy, a: '12 3456 7890', agree: true }, customer);
    expect(ok.data.linkSupplierAccount.accountNumber).toBe('1234567890');
    const stranger = await t.gql(`mutation($l: ID!) { submitReadingsNow(linkId: $l) { status } }`, { l: ok.data.linkSupplierAccount.id }, other.token);
    expect(stranger.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'LINK_NOT_FOUND' });
    const strangerUnlink = await t.gql(`mutation($l: ID!) { unlinkSupplierAccount(linkId: $l) }`, { l: ok.data.linkSupplierAccount.id }, other.token);
    expect(strangerUnlink.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    await t.gql(`mutation($l: ID!) { unlinkSupplierAccount(linkId: $l) }`, { l: ok.data.linkSupplierAccount.id }, customer);
  });

  it('links a meter to a supplier once when links are asked for at once (two tabs): the same number is that link, another refused', async () => {
    const s = await t.gql(CREATE, { i: supplierInput(receiver.url, { name: `Поставщик ${++seq}` }) }, operator);
    const supplierId = s.data.createSupplier.id;
    const race = await Promise.all(['1111111111', '1111111111', '2222222222'].map((a) => t.gql(LINK, { m: meterId, s: supplierId, a, agree: true }, customer)));
    const made = race.flatMap((r) => (r.errors ? [] : [r.data.linkSupplierAccount]));
    const refused = race.flatMap((r) => (r.errors ? [r.errors[0].extensions] : []));
    // Whichever number got in first is the one link; the other number is refused as a second link would be.
    expect(new Set(made.map((l) => l.id)).size).toBe(1);
    expect(refused.map((e) => e.reason)).toEqual(Array(3 - made.length).fill('LINK_EXISTS'));
    const links = (await t.gql(HISTORY, {}, customer)).data.viewer.meters.find((m: { serial: string }) => m.serial === 'E-0001').supplierLinks;
    const ours = links.filter((l: { supplier: { name: string } }) => l.supplier.name === s.data.createSupplier.name);
    expect(ours.map((l: { id: string }) => l.id)).toEqual([made[0].id]);
    await t.gql(`mutation($l: ID!) { unlinkSupplierAccount(linkId: $l) }`, { l: made[0].id }, customer);
  });

  it('keeps what a submission sent when the supplier is edited, and lets operators list a period and re-send', async () => {
    await ingest('2026-10-15T08:30:00Z', 12_340_000, 6_740_000);
    const { supplier, link } = await linkedSupplier();
    receiver.answers = [{ status: 202 }];
    clock = at('2026-10-15T09:00:00Z');
    await tick();
    const [s] = await history(supplier.name);
    const edited = await t.gql(`mutation($id: ID!, $i: SupplierInput!) { updateSupplier(id: $id, input: $i) { name } }`, { id: supplier.id, i: supplierInput(receiver.url, { name: 'Новое имя', volumeDecimals: 1 }) }, operator);
    expect(edited.errors).toBeUndefined();
    const list = await t.gql(`query($s: ID!) { supplierSubmissions(supplierId: $s, period: "2026-10", first: 10) { totalCount edges { node { id status meterSerial values { value } } } } }`, { s: supplier.id }, operator);
    expect(list.data.supplierSubmissions).toMatchObject({ totalCount: 1, edges: [{ node: { id: s.id, status: 'DELIVERED', meterSerial: 'E-0001', values: [{ value: '12340' }, { value: '6740' }] } }] });
    const resent = await t.gql(`mutation($id: ID!) { resendSubmission(id: $id) { status } }`, { id: s.id }, operator);
    expect(resent.errors).toBeUndefined();
    await t.api.deps.submissions.idle();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1].body).toBe(receiver.received[0].body);
    // The same sending again: the same key, so the supplier drops the repeat of what it may hold already.
    expect(receiver.received[1].idempotencyKey).toBe(receiver.received[0].idempotencyKey);
    expect(receiver.received[1].json.supplier.name).toBe(supplier.name);
    const byCustomer = await t.gql(`mutation($id: ID!) { resendSubmission(id: $id) { status } }`, { id: s.id }, customer);
    expect(byCustomer.errors?.[0].extensions.code).toBe('FORBIDDEN');
    await t.gql(`mutation($l: ID!) { unlinkSupplierAccount(linkId: $l) }`, { l: link.id }, customer);
  });

  it('refuses a change from a form read before another change, changing nothing; of two racing changes one is applied', async () => {
    const UPDATE = `mutation($id: ID!, $i: SupplierInput!, $v: Int) { updateSupplier(id: $id, input: $i, version: $v) { name volumeDecimals version } }`;
    const ROTATE = `mutation($id: ID!) { rotateSupplierSecret(id: $id) { version webhookSecret } }`;
    const created = await t.gql(CREATE.replace('webhookSecret', 'webhookSecret version'), { i: supplierInput(receiver.url, { name: `Поставщик ${++seq}` }) }, operator);
    const { id, name, version } = created.data.createSupplier;
    expect(version).toBe(1);
    const read = async () => (await t.gql(`{ suppliers { id name volumeDecimals version } }`, {}, operator)).data.suppliers.find((s: { id: string }) => s.id === id);
    // Two windows read version 1; one renames the supplier, then the other's older form saves the decimals.
    const first = await t.gql(UPDATE, { id, i: supplierInput(receiver.url, { name: 'Переименован' }), v: 1 }, operator);
    expect(first.data.updateSupplier).toEqual({ name: 'Переименован', volumeDecimals: 3, version: 2 });
    const stale = await t.gql(UPDATE, { id, i: supplierInput(receiver.url, { name, volumeDecimals: 1 }), v: 1 }, operator);
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SUPPLIER_CHANGED', field: 'version', params: { name: 'Переименован' } });
    expect(stale.errors?.[0]?.message).toBe('Тем временем «Переименован» изменили в другом окне или другой оператор: ваши изменения не применены');
    expect(await read()).toEqual({ id, name: 'Переименован', volumeDecimals: 3, version: 2 });
    // A new secret is a change too; read again, the save goes through; without a version it replaces whatever is there.
    expect((await t.gql(ROTATE, { id }, operator)).data.rotateSupplierSecret.version).toBe(3);
    expect((await t.gql(UPDATE, { id, i: supplierInput(receiver.url, { name: 'Переименован', volumeDecimals: 1 }), v: 2 }, operator)).errors?.[0]?.extensions.reason).toBe('SUPPLIER_CHANGED');
    expect((await t.gql(UPDATE, { id, i: supplierInput(receiver.url, { name: 'Переименован', volumeDecimals: 1 }), v: 3 }, operator)).data.updateSupplier.version).toBe(4);
    expect((await t.gql(UPDATE, { id, i: supplierInput(receiver.url, { name: 'Без версии', volumeDecimals: 2 }) }, operator)).data.updateSupplier).toEqual({ name: 'Без версии', volumeDecimals: 2, version: 5 });
    // Racing, as two API processes would (each its own EntityManager, both reading version 5 before either writes):
    // one is applied, the other refused by the version its UPDATE names.
    const service = () => new SuppliersService(t.api.orm.em.fork(), t.api.deps.submissions);
    const settings = (volumeDecimals: number) => ({ ...supplierInput(receiver.url, { name: 'Без версии', volumeDecimals }), email: null }) as SupplierSettings;
    const race = await Promise.allSettled([0, 3].map((d) => service().update(Number(id), settings(d), 5, null)));
    const won = race.flatMap((r) => (r.status === 'fulfilled' ? [r.value.volumeDecimals] : []));
    expect(won).toHaveLength(1);
    expect(race.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { extensions: { reason: string } }).extensions.reason] : []))).toEqual(['SUPPLIER_CHANGED']);
    expect(await read()).toEqual({ id, name: 'Без версии', volumeDecimals: won[0], version: 6 });
    // The supplier's history, newest first: what changed, by whom (the operator; null outside the cabinet), never the secret.
    const me = (await t.gql(`{ viewer { account { phone fullName } } }`, {}, operator)).data.viewer.account;
    const by = me.fullName ?? me.phone;
    const HISTORY_OF = `query($id: ID!) { supplier(id: $id) { changes(first: 10) { kind by at fields { field from to } } } }`;
    const history = (await t.gql(HISTORY_OF, { id }, operator)).data.supplier.changes;
    expect(history.map((c: { kind: string; by: string | null; fields: unknown[] }) => [c.kind, c.by, c.fields])).toEqual([
      ['SETTINGS', null, [{ field: 'volumeDecimals', from: '2', to: String(won[0]) }]],
      ['SETTINGS', by, [{ field: 'name', from: 'Переименован', to: 'Без версии' }, { field: 'volumeDecimals', from: '1', to: '2' }]],
      ['SETTINGS', by, [{ field: 'volumeDecimals', from: '3', to: '1' }]],
      ['SECRET', by, []],
      ['SETTINGS', by, [{ field: 'name', from: name, to: 'Переименован' }]],
      ['CREATED', by, expect.arrayContaining([{ field: 'inn', from: null, to: '7707083893' }, { field: 'resources', from: null, to: 'ELECTRICITY' }, { field: 'webhookUrl', from: null, to: receiver.url }])],
    ]);
    expect(JSON.stringify(history)).not.toContain(created.data.createSupplier.webhookSecret);
    // Page by page: two at a time, then the older ones after the last id read, until none are left.
    const PAGE = `query($id: ID!, $b: ID) { supplier(id: $id) { changes(first: 2, before: $b) { id kind } } }`;
    const pages: string[][] = [];
    for (let before: string | null = null; ; ) {
      const page = (await t.gql(PAGE, { id, b: before }, operator)).data.supplier.changes as Array<{ id: string; kind: string }>;
      if (!page.length) break;
      pages.push(page.map((c) => c.kind));
      before = page.at(-1)!.id;
    }
    expect(pages).toEqual([['SETTINGS', 'SETTINGS'], ['SETTINGS', 'SECRET'], ['SETTINGS', 'CREATED']]);
    // A cursor that is not one of this supplier's entries is refused, naming the argument.
    expect((await t.gql(PAGE, { id, b: '999999' }, operator)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'before', reason: 'CURSOR' });
    // A save that read the supplier before another one and renames it loses at the UPDATE, and names the supplier
    // as it is stored, not as this save would have renamed it.
    const slow = new SuppliersService(t.api.orm.em.fork(), t.api.deps.submissions);
    await slow.get(Number(id));
    expect((await t.gql(UPDATE, { id, i: supplierInput(receiver.url, { name: 'Без версии', volumeDecimals: 3 }) }, operator)).errors).toBeUndefined();
    const lost = await slow.update(Number(id), { ...settings(1), name: 'Другое имя' }, null, null).catch((e: { extensions: object }) => e.extensions);
    expect(lost).toMatchObject({ reason: 'SUPPLIER_CHANGED', params: { name: 'Без версии' } });
    expect(await read()).toEqual({ id, name: 'Без версии', volumeDecimals: 3, version: 7 });
    // Customers see suppliers, not their history.
    const asCustomer = await t.gql(HISTORY_OF, { id }, customer);
    expect(asCustomer.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OPERATORS_ONLY' });
    // A supplier that is not there is said so.
    const missing = await t.gql(`{ supplier(id: "999999") { name } }`, {}, operator);
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'SUPPLIER_NOT_FOUND' });
  });

  it('draws each retry delay from the upper half of a doubling, capped at four hours', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, () => 1))).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(backoffMs(1, () => 0)).toBe(30_000);
    expect(backoffMs(20, () => 1)).toBe(BACKOFF.maxMs);
  });
});
