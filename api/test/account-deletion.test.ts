/**
 * A customer deletes their account: with the current password only; afterwards nothing of theirs answers (sessions,
 * tokens, sockets, the phone and password), their devices bind to the next owner with the same claim code, their
 * support conversation is gone from the operators' queue, their supplier gets nothing more — and the email they
 * confirmed is told. Before, they can download everything kept about them. On SQLite and PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import { Role } from '../src/accounts/account.entity.js';
import { CodePurpose } from '../src/accounts/phone-code.entity.js';
import { resendKey } from '../src/accounts/verification.service.js';
import { confirmEmail, registerAccount, SIGN_IN, VIEWER } from './accounts-support.js';
import { BIND, makeAccount, provision } from './devices-support.js';
import { apiForBlock, engines, startWithDelivery } from './harness.js';
import { supplierInput, SupplierReceiver } from './supplier-receiver.js';

const DELETE = `mutation($p: String!) { deleteAccount(currentPassword: $p) }`;
const LINK = `mutation($m: ID!, $s: ID!, $a: String!) { linkSupplierAccount(meterId: $m, supplierId: $s, accountNumber: $a, agree: true) { id } }`;

describe.each(engines)('deleting an account on %s', (engine) => {
  const t = apiForBlock(() => startWithDelivery({ engine, env: { SUBMISSIONS_TICK_S: '0' } }));
  let n = 0;
  const serial = () => `DEL-${engine.slice(0, 2).toUpperCase()}${++n}`;

  it('asks for the current password, and a wrong one changes nothing', async () => {
    const user = await registerAccount(t);
    const wrong = await t.gql(DELETE, { p: 'not my password' }, user.token);
    expect(wrong.errors![0]).toMatchObject({ message: 'Неверный текущий пароль', extensions: { code: 'BAD_USER_INPUT', field: 'currentPassword', reason: 'WRONG_CURRENT_PASSWORD' } });
    expect((await t.gql(VIEWER, {}, user.token)).data.viewer.account.phone).toBe(user.phone);
    expect((await t.gql(SIGN_IN, { p: user.phone, w: user.password })).data.signIn.token).toEqual(expect.any(String));
  });

  it('ends every session, token and socket, releases the devices, stops the supplier, frees the phone and tells the email', async () => {
    const operator = (await makeAccount(t, Role.OPERATOR)).token;
    const user = await registerAccount(t);
    await confirmEmail(t, user.email);
    const controller = serial();
    const meterSerial = `${controller}-E`;
    const device = await provision(t, operator, controller, [{ serial: meterSerial, kind: 'ELECTRICITY' }]);
    const bound = await t.gql(BIND, { s: controller, c: device.codes[controller] }, user.token);
    const meterId = bound.data.bindDevice.meters[0].id;
    // November's window (15th–25th, cut-off 12:00 Moscow) is open on the engine's clock; the reading is the cut-off's.
    const submissions = t.api.deps.submissions;
    const realClock = submissions.now;
    submissions.now = () => new Date('2026-11-20T10:00:00Z');
    await t.ingest([{ token: device.token, readings: [{ meter: meterSerial, quantity: 'ENERGY', time: Date.parse('2026-11-15T08:00:00Z'), value: 1_234_000 }] }]);

    const second = (await t.gql(SIGN_IN, { p: user.phone, w: user.password })).data.signIn.token;
    const pat = (await t.gql(`mutation { createAccessToken(name: "Home Assistant") { token } }`, {}, user.token)).data.createAccessToken.token;
    const live = t.subscribe(second, `subscription { readingAdded { value } }`);
    const thread = (await t.gql(`mutation { openSupportThread(topic: "Переезд", text: "Съезжаю в пятницу", attachmentIds: []) { id } }`, {}, user.token)).data.openSupportThread;
    const queue = async () => (await t.gql(`{ viewer { supportThreads { id } } }`, {}, operator)).data.viewer.supportThreads.map((x: { id: string }) => x.id);
    expect(await queue()).toContain(thread.id);

    const receiver = await SupplierReceiver.start();
    try {
      const supplier = (await t.gql(`mutation($i: SupplierInput!) { createSupplier(input: $i) { id } }`, { i: supplierInput(receiver.url, { name: `Сбыт ${engine} ${n}` }) }, operator)).data.createSupplier;
      expect((await t.gql(LINK, { m: meterId, s: supplier.id, a: '1234567890' }, user.token)).errors).toBeUndefined();

      // Before leaving, the customer downloads everything kept about them: secrets left out.
      const download = await fetch(`${t.url.replace(/\/graphql$/, '')}/export/my-data.json`, { headers: { authorization: `Bearer ${user.token}` } });
      expect(download.status).toBe(200);
      const text = await download.text();
      const data = JSON.parse(text);
      expect(download.headers.get('content-disposition')).toBe(`attachment; filename="my-data-${data.generatedAt.slice(0, 10)}.json"`);
      expect(data.account).toMatchObject({ phone: user.phone, email: user.email, fullName: 'Петров Пётр Петрович' });
      expect(data.devices).toEqual([{ controller, meter: null, boundAt: expect.any(String), unboundAt: null }]);
      expect(data.supplierAccounts).toEqual([{ supplier: `Сбыт ${engine} ${n}`, meter: meterSerial, accountNumber: '1234567890', linkedAt: expect.any(String), unlinkedAt: null }]);
      expect(data.sessions.map((x: { kind: string; name: string | null }) => [x.kind, x.name])).toEqual([['SESSION', null], ['SESSION', null], ['ACCESS_TOKEN', 'Home Assistant']]);
      expect(data.supportConversations).toEqual([{ topic: 'Переезд', status: 'OPEN', createdAt: expect.any(String), messages: [{ from: 'you', text: 'Съезжаю в пятницу', at: expect.any(String), attachments: [] }] }]);
      for (const secret of [user.password, user.token, second, pat]) expect(text).not.toContain(secret);
      expect((await fetch(`${t.url.replace(/\/graphql$/, '')}/export/my-data.json`)).status).toBe(401);

      await new Promise((r) => setTimeout(r, 300)); // the socket is subscribed
      expect((await t.gql(DELETE, { p: user.password }, user.token)).data).toEqual({ deleteAccount: true });

      await live.until(() => live.closeCode !== undefined, 5000, 'the socket to close');
      expect(live.closeCode).toBe(4401);
      for (const token of [user.token, second, pat]) expect((await t.gql(VIEWER, {}, token)).data.viewer).toBeNull();
      expect((await fetch(`${t.url.replace(/\/graphql$/, '')}/export/my-data.json`, { headers: { authorization: `Bearer ${pat}` } })).status).toBe(401);
      expect((await t.gql(SIGN_IN, { p: user.phone, w: user.password })).errors![0].extensions.reason).toBe('WRONG_CREDENTIALS');
      expect((await t.mail.waitFor(user.email, /личный кабинет удалён/)).text).toContain('приборы отвязаны');

      // The engine's next pass would send November's readings: the supplier hears nothing of an account that no longer is.
      await submissions.tick();
      expect(receiver.received).toEqual([]);
    } finally {
      submissions.now = realClock;
      await receiver.close();
    }

    expect(await queue()).not.toContain(thread.id);
    const next = await makeAccount(t);
    const rebound = await t.gql(BIND, { s: controller, c: device.codes[controller] }, next.token);
    expect(rebound.data.bindDevice).toMatchObject({ alreadyBound: false, meters: [{ serial: meterSerial }] });
    // The number is free: its owner may register again, and starts from nothing.
    await t.api.deps.limits.reset('codeResend', resendKey(user.phone, CodePurpose.REGISTRATION)); // as if the minute had passed
    const again = await registerAccount(t, { phone: user.phone, email: `again${n}@example.ru` });
    expect((await t.gql(`{ viewer { meters { id } accessTokens { id } supportThreads { id } } }`, {}, again.token)).data.viewer).toEqual({ meters: [], accessTokens: [], supportThreads: [] });
  });

  it('lists and deletes the callback requests and feedback sent from the cabinet, and only those', async () => {
    ++n;
    const operator = (await makeAccount(t, Role.OPERATOR)).token;
    const user = await registerAccount(t);
    const CALL = `mutation($n: String!, $p: String!, $c: String) { requestCallback(input: { name: $n, phone: $p, topic: "Тариф", captcha: $c }) { id customerPhone } }`;
    const WRITE = `mutation($n: String!, $c: String) { sendFeedback(input: { name: $n, contact: "+7 900 000-00-00", message: "Спасибо", captcha: $c }) }`;
    const own = (await t.gql(CALL, { n: `Пётр ${n}`, p: '+79005550001' }, user.token)).data.requestCallback;
    // The number to call is the one typed; the operator also sees the cabinet it came from.
    expect(own.customerPhone).toBe(user.phone);
    expect((await t.gql(WRITE, { n: `Пётр ${n}` }, user.token)).data.sendFeedback).toBe(true);
    const stranger = (await t.gql(CALL, { n: `Гость ${n}`, p: '+79005550002', c: await t.captcha() })).data.requestCallback;
    expect(stranger.customerPhone).toBeNull();
    expect((await t.gql(WRITE, { n: `Гость ${n}`, c: await t.captcha() })).data.sendFeedback).toBe(true);

    const calls = async () => (await t.gql(`{ callbackRequests { name phone customerPhone } }`, {}, operator)).data.callbackRequests.filter((c: { name: string }) => c.name.endsWith(` ${n}`));
    const letters = async () => (await t.gql(`{ feedbackMessages(first: 200) { name customerPhone } }`, {}, operator)).data.feedbackMessages.filter((f: { name: string }) => f.name.endsWith(` ${n}`));
    expect(await calls()).toEqual([
      { name: `Пётр ${n}`, phone: '+79005550001', customerPhone: user.phone },
      { name: `Гость ${n}`, phone: '+79005550002', customerPhone: null },
    ]);
    expect(await letters()).toEqual([{ name: `Гость ${n}`, customerPhone: null }, { name: `Пётр ${n}`, customerPhone: user.phone }]);

    const data = (await (await fetch(`${t.url.replace(/\/graphql$/, '')}/export/my-data.json`, { headers: { authorization: `Bearer ${user.token}` } })).json()) as { callbackRequests: unknown; feedback: unknown };
    expect(data.callbackRequests).toEqual([{ name: `Пётр ${n}`, phone: '+79005550001', topic: 'Тариф', createdAt: expect.any(String), calledBackAt: null }]);
    expect(data.feedback).toEqual([{ name: `Пётр ${n}`, contact: '+7 900 000-00-00', message: 'Спасибо', createdAt: expect.any(String) }]);

    expect((await t.gql(DELETE, { p: user.password }, user.token)).data).toEqual({ deleteAccount: true });
    expect(await calls()).toEqual([{ name: `Гость ${n}`, phone: '+79005550002', customerPhone: null }]);
    expect(await letters()).toEqual([{ name: `Гость ${n}`, customerPhone: null }]);
  });

  it('is not for operators, nor for an integration token', async () => {
    const operator = await makeAccount(t, Role.OPERATOR);
    const refused = await t.gql(DELETE, { p: 'test-password-123' }, operator.token);
    expect(refused.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'OPERATOR_ACCOUNT_KEPT' });
    expect((await t.gql(VIEWER, {}, operator.token)).data.viewer.account.phone).toBe(operator.phone);

    const user = await registerAccount(t);
    const pat = (await t.gql(`mutation { createAccessToken(name: "Скрипт") { token } }`, {}, user.token)).data.createAccessToken.token;
    expect((await t.gql(DELETE, { p: user.password }, pat)).errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'READ_ONLY_TOKEN' });
    expect((await t.gql(VIEWER, {}, user.token)).data.viewer.account.phone).toBe(user.phone);
  });
});
