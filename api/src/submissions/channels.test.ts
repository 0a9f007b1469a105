/**
 * The email channel against a real SMTP server (attachments parsed, numbers checked against the readings), and the
 * demo as a newcomer meets it: last month's accepted submissions, the next date, and «Передать сейчас» reaching the
 * demo энергосбыт's receiver inside the product, signature checked.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../accounts/account.entity.js';
import { SmsGateway } from '../../test/delivery.js';
import { makeAccount } from '../../test/devices-support.js';
import { startTestApi, type TestApi } from '../../test/harness.js';
import { SupplierLink } from '../suppliers/supplier-link.entity.js';
import { energyAt } from '@askue/device-bridge/simulator/model.js';
import { messageIdOf } from './email.js';

const HISTORY = `query { viewer { meters { id serial supplierLinks { id accountNumber nextSubmissionAt windowOpen supplier { name channel } submissions(first: 5) { totalCount edges { node { id period status channel readingTime values { register value unit } } } } } } } }`;

async function smtp(): Promise<{ url: string; mails: ParsedMail[]; close(): Promise<void> }> {
  const mails: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((m) => {
        mails.push(m);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`, mails, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('the email channel', () => {
  let t: TestApi;
  let mail: Awaited<ReturnType<typeof smtp>>;
  let sms: SmsGateway;

  beforeAll(async () => {
    mail = await smtp();
    sms = await SmsGateway.start();
    t = await startTestApi({ delivery: { smtpUrl: mail.url, smsUrl: sms.url }, env: { SUBMISSIONS_TICK_S: '0' } });
    await t.api.orm.em.fork().nativeUpdate(SupplierLink, {}, { unlinkedAt: new Date() });
  });
  afterAll(async () => {
    await t?.close();
    await mail?.close();
    await sms?.close();
  });

  it('mails the readings as text, CSV and XLSX with a Message-ID stable across re-sends', async () => {
    let clock = new Date('2026-10-20T15:00:00Z'); // 18:00 in Moscow: the водоканал's cut-off on the 20th
    t.api.deps.submissions.now = () => clock;
    const operator = (await makeAccount(t, Role.OPERATOR)).token;
    const customer = await t.signInDemo();
    const meters = (await t.gql(`{ viewer { meters { id serial } } }`, {}, customer)).data.viewer.meters;
    const cw = meters.find((m: { serial: string }) => m.serial === 'CW-0001').id;
    const created = await t.gql(
      `mutation($i: SupplierInput!) { createSupplier(input: $i) { id } }`,
      { i: { name: 'ГУП «Водоканал»', inn: '7830000426', resources: ['COLD_WATER', 'HOT_WATER'], windowFirstDay: 20, windowLastDay: 25, cutoffTime: '18:00', timeZone: 'Europe/Moscow', accountPattern: '\\d{3}-\\d{6}', accountExample: '123-456789', volumeDecimals: 2, channel: 'EMAIL', email: 'readings@vodokanal.example.ru' } },
      operator,
    );
    expect(created.errors).toBeUndefined();
    const link = await t.gql(`mutation($m: ID!, $s: ID!) { linkSupplierAccount(meterId: $m, supplierId: $s, accountNumber: "321-654987", agree: true) { id } }`, { m: cw, s: created.data.createSupplier.id }, customer);
    expect(link.errors).toBeUndefined();
    const r = await t.ingest([{ token: t.api.demo!.controller.token, readings: [{ meter: 'CW-0001', quantity: 'VOLUME', time: Date.parse('2026-10-20T14:55:00Z'), value: 123.4567 }] }]);
    expect(r[0].status).toBe('STORED');

    await t.api.deps.submissions.tick();
    // What reached the supplier (the demo customer's own warning emails go through the same server).
    const toSupplier = () => mail.mails.filter((m) => (m.to && 'text' in m.to ? m.to.text : '') === 'readings@vodokanal.example.ru');
    expect(toSupplier()).toHaveLength(1);
    const m = toSupplier()[0];
    expect(m.subject).toBe('Показания за 2026-10, лицевой счёт 321-654987');
    expect(m.text).toContain('VOLUME: 123,45 м³');
    expect(m.text).toContain('Сняты: 20.10.2026 17:55 (Europe/Moscow)');
    const csv = m.attachments.find((a) => a.filename?.endsWith('.csv'))!;
    const xlsx = m.attachments.find((a) => a.filename?.endsWith('.xlsx'))!;
    expect(csv.filename).toBe('readings-321-654987-2026-10.csv');
    const rows = csv.content.toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(';'));
    expect(rows).toEqual([
      ['Лицевой счёт', 'Период', 'Счётчик', 'Шкала', 'Показание', 'Единица', 'Время снятия (Europe/Moscow)'],
      ['321-654987', '2026-10', 'CW-0001', 'VOLUME', '123,45', 'm3', '2026-10-20 17:55'],
    ]);
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.content as never);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(2).values).toEqual([undefined, '321-654987', '2026-10', 'CW-0001', 'VOLUME', 123.45, 'm3', '2026-10-20 17:55']);

    const history = (await t.gql(HISTORY, {}, customer)).data.viewer.meters.find((x: { serial: string }) => x.serial === 'CW-0001');
    const node = history.supplierLinks.find((l: { supplier: { name: string } }) => l.supplier.name === 'ГУП «Водоканал»').submissions.edges[0].node;
    expect(node).toMatchObject({ status: 'DELIVERED', channel: 'EMAIL', values: [{ register: 'VOLUME', value: '123.45', unit: 'm3' }] });

    // A re-send is the same message to a mail system: the same Message-ID.
    clock = new Date('2026-10-21T08:00:00Z');
    const resent = await t.gql(`mutation($id: ID!) { resendSubmission(id: $id) { id } }`, { id: node.id }, operator);
    expect(resent.errors).toBeUndefined();
    await t.api.deps.submissions.idle();
    expect(toSupplier()).toHaveLength(2);
    expect(toSupplier()[1].messageId).toBe(toSupplier()[0].messageId);
    expect(toSupplier()[0].messageId).toMatch(/^<submission-[0-9a-f-]{36}@askue\.local>$/);
    expect(messageIdOf({ idempotencyKey: 'k' })).toBe('<submission-k@askue.local>');
  });
});

describe('the demo', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi({ env: { SUBMISSIONS_TICK_S: '0' } });
  });
  afterAll(() => t?.close());

  it('shows last month’s accepted submissions and the next date, and «Передать сейчас» reaches the demo энергосбыт with a valid signature', async () => {
    const customer = await t.signInDemo();
    const meters = (await t.gql(HISTORY, {}, customer)).data.viewer.meters;
    expect(meters.map((m: any) => [m.serial, m.supplierLinks.map((l: any) => [l.supplier.name, l.supplier.channel, l.submissions.totalCount, l.submissions.edges[0].node.status])])).toEqual([
      ['E-0001', [['АО «Демо-Энергосбыт»', 'WEBHOOK', 1, 'ACCEPTED']]],
      ['CW-0001', [['ГУП «Демо-Водоканал»', 'EMAIL', 1, 'ACCEPTED']]],
      ['HW-0001', [['ГУП «Демо-Водоканал»', 'EMAIL', 1, 'ACCEPTED']]],
    ]);
    for (const m of meters) expect(new Date(m.supplierLinks[0].nextSubmissionAt).getTime()).toBeGreaterThanOrEqual(Date.now() - 60_000);
    const e = meters.find((m: any) => m.serial === 'E-0001').supplierLinks[0];
    expect(e.windowOpen).toBe(true);
    const previous = e.submissions.edges[0].node;
    expect(previous.values.map((v: any) => v.register)).toEqual(['T1', 'T2']);
    // The values the simulated meter's registers had at that cut-off (what its history shows), in whole kWh.
    const model = energyAt(Date.parse(previous.readingTime) / 1000);
    expect(previous.values.map((v: any) => v.value)).toEqual([String(Math.floor(model.t1 / 1000)), String(Math.floor(model.t2 / 1000))]);

    const now = Date.now();
    const stored = await t.ingest([{ token: t.api.demo!.controller.token, readings: [{ meter: 'E-0001', quantity: 'ENERGY_T1', time: now - 60_000, value: 23_456_789 }, { meter: 'E-0001', quantity: 'ENERGY_T2', time: now - 60_000, value: 9_876_543 }] }]);
    expect(stored[0].status).toBe('STORED');
    const r = await t.gql(`mutation($l: ID!) { submitReadingsNow(linkId: $l) { id status values { value } } }`, { l: e.id }, customer);
    expect(r.errors).toBeUndefined();
    expect(r.data.submitReadingsNow.values).toEqual([{ value: '23456' }, { value: '9876' }]);
    await t.api.deps.submissions.idle();
    const inbox = (await (await fetch(`${t.url}/dev/supplier-inbox.json`)).json()) as any[];
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ supplier: 'АО «Демо-Энергосбыт»', signature: 'ok', body: { readings: [{ register: 'T1', value: '23456' }, { register: 'T2', value: '9876' }] } });
    const after = (await t.gql(HISTORY, {}, customer)).data.viewer.meters.find((m: any) => m.serial === 'E-0001').supplierLinks[0];
    expect(after.submissions.edges[0].node).toMatchObject({ id: r.data.submitReadingsNow.id, status: 'ACCEPTED' });
  });
});
