import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Account, Language, Role } from '../src/accounts/account.entity.js';
import { deliverUntilSeen, engines, startWithDelivery, type DeliveringTestApi } from './harness.js';
import { makeAccount } from './devices-support.js';

// The smallest valid images of each kind, and something that only claims to be one.
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');
const GIF = Buffer.from('47494638396101000100800000000000ffffff21f904010000000021', 'hex');

describe.each(engines)('support on %s', (engine) => {
  let t: DeliveringTestApi;
  let operator: { token: string };
  let alice: { token: string; phone: string };
  let bob: { token: string };

  beforeAll(async () => {
    // Every form of this file comes from 127.0.0.1: more than the default five an hour.
    t = await startWithDelivery({ engine, env: { SUPPORT_EMAIL: 'support@operator.example', CONTACT_FORMS_PER_IP_PER_HOUR: '20' } });
    operator = await makeAccount(t, Role.OPERATOR);
    alice = await makeAccount(t);
    bob = await makeAccount(t);
  });
  afterAll(() => t.close());

  const upload = (token: string, body: Buffer, type: string, filename = 'meter.png') =>
    fetch(`${t.url}/support/attachments?filename=${encodeURIComponent(filename)}`, { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${token}` }, body });

  it('shows the operator’s contacts from its configuration, in Russian and in English', async () => {
    const ru = (await t.gql(`{ contacts { phones { label number } email hours } }`)).data.contacts;
    expect(ru.phones[0]).toEqual({ label: 'Санкт-Петербург', number: '+7 (812) 748-26-72' });
    expect(ru.email).toBe('support@cometa.ru');
    const en = (await t.gql(`{ contacts(language: "en") { phones { label } hours } }`)).data.contacts;
    expect(en.phones[2].label).toBe('Free hotline');
    expect(en.hours).toBe('24/7');
  });

  it('takes a callback request with a captcha, promises an hour, and lets operators work the queue', async () => {
    const r = await t.gql(`mutation($c: String!) { requestCallback(input: { name: "Мария", phone: "8 900 765-43-21", topic: "Не приходят показания", captcha: $c }) { id phone dueAt } }`, { c: await t.captcha() });
    const request = r.data.requestCallback;
    expect(request.phone).toBe('+79007654321');
    expect(new Date(request.dueAt).getTime() - Date.now()).toBeGreaterThan(59 * 60_000);
    expect((await t.mail.waitFor('support@operator.example', /Консультация: перезвонить \+79007654321/)).text).toMatch(/Мария, \+79007654321\nТема: Не приходят показания/);
    const queue = (await t.gql(`{ callbackRequests { id name dueAt doneAt } }`, {}, operator.token)).data.callbackRequests;
    expect(queue.map((q: { id: string }) => q.id)).toContain(request.id);
    await t.gql(`mutation($id: ID!) { markCallbackDone(id: $id) { doneAt } }`, { id: request.id }, operator.token);
    const pending = (await t.gql(`{ callbackRequests { id } }`, {}, operator.token)).data.callbackRequests;
    expect(pending.map((q: { id: string }) => q.id)).not.toContain(request.id);
  });

  it('refuses a callback request without a name, a phone or a captcha, naming the field', async () => {
    const c = await t.captcha();
    expect((await t.gql(`mutation($c: String!) { requestCallback(input: { name: " ", phone: "+79001234567", captcha: $c }) { id } }`, { c })).errors![0].extensions.field).toBe('name');
    expect((await t.gql(`mutation($c: String!) { requestCallback(input: { name: "Ира", phone: "123", captcha: $c }) { id } }`, { c })).errors![0].extensions.field).toBe('phone');
    expect((await t.gql(`mutation { requestCallback(input: { name: "Ира", phone: "+79001234567", captcha: "" }) { id } }`)).errors![0].extensions.field).toBe('captcha');
  });

  it('asks no captcha of a signed-in customer, for a callback or feedback; an integration token cannot write either', async () => {
    const call = await t.gql(`mutation { requestCallback(input: { name: "Алиса", phone: "+7 900 555-11-22", topic: "Счётчик молчит" }) { phone } }`, {}, alice.token);
    expect(call.data?.requestCallback ?? call.errors).toEqual({ phone: '+79005551122' });
    // The support mailbox is told whose cabinet it came from.
    expect((await t.mail.waitFor('support@operator.example', /Консультация: перезвонить \+79005551122/)).text).toMatch(
      new RegExp(`^Алиса, \\+79005551122\nТема: Счётчик молчит\nИз личного кабинета: \\${alice.phone}\n`),
    );
    const sent = await t.gql(`mutation { sendFeedback(input: { name: "Алиса", contact: "alice@example.ru", message: "Спасибо за кабинет" }) }`, {}, alice.token);
    expect(sent.data?.sendFeedback ?? sent.errors).toBe(true);
    expect((await t.mail.waitFor('support@operator.example', /Обратная связь от Алиса/)).text).toBe(`Алиса <alice@example.ru>\nИз личного кабинета: ${alice.phone}\n\nСпасибо за кабинет`);
    const anonymous = await t.gql(`mutation { sendFeedback(input: { name: "Некто", contact: "x@example.ru", message: "…" }) }`);
    expect(anonymous.errors?.[0]?.extensions).toMatchObject({ reason: 'CAPTCHA_REQUIRED', field: 'captcha' });
    const token = (await t.gql(`mutation { createAccessToken(name: "скрипт") { token } }`, {}, bob.token)).data.createAccessToken.token;
    const byToken = await t.gql(`mutation { requestCallback(input: { name: "Боб", phone: "+79005551133" }) { id } }`, {}, token);
    expect(byToken.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('stores feedback and emails it to the support mailbox', async () => {
    const r = await t.gql(`mutation($c: String!) { sendFeedback(input: { name: "Олег", contact: "oleg@example.ru", message: "Удобный кабинет!", captcha: $c }) }`, { c: await t.captcha() });
    expect(r.data.sendFeedback).toBe(true);
    const m = await t.mail.waitFor('support@operator.example', /Обратная связь от Олег/);
    expect(m.text).toBe('Олег <oleg@example.ru>\n\nУдобный кабинет!');
  });

  it('shows operators the feedback messages newest first, page by page, and refuses customers', async () => {
    for (const [name, message] of [['Анна', 'Первое'], ['Борис', 'Второе'], ['Вера', 'Третье']]) {
      const r = await t.gql(`mutation($n: String!, $m: String!, $c: String!) { sendFeedback(input: { name: $n, contact: "+7 900 111-22-33", message: $m, captcha: $c }) }`, { n: name, m: message, c: await t.captcha() });
      expect(r.data.sendFeedback).toBe(true);
    }
    const q = `query($first: Int!, $after: ID) { feedbackMessages(first: $first, after: $after) { id name contact message createdAt } }`;
    const page = (await t.gql(q, { first: 2 }, operator.token)).data.feedbackMessages;
    expect(page.map((f: { name: string }) => f.name)).toEqual(['Вера', 'Борис']);
    expect(page[0]).toMatchObject({ contact: '+7 900 111-22-33', message: 'Третье' });
    expect(Math.abs(Date.parse(page[0].createdAt) - Date.now())).toBeLessThan(60_000);
    const next = (await t.gql(q, { first: 2, after: page[1].id }, operator.token)).data.feedbackMessages;
    expect(next[0].name).toBe('Анна');
    const refused = await t.gql(q, { first: 2 }, alice.token);
    expect(refused.errors![0].extensions.code).toBe('FORBIDDEN');
    expect(refused.data?.feedbackMessages ?? null).toBeNull();
    expect((await t.gql(q, { first: 0 }, operator.token)).errors![0].extensions.field).toBe('first');
  });

  it('emails the answer to a customer in the language of their account', async () => {
    const answerTo = async (language: Language, email: string, topic: string) => {
      const customer = await makeAccount(t);
      const em = t.api.orm.em.fork();
      const account = await em.findOneOrFail(Account, customer.id);
      Object.assign(account, { email, emailConfirmedAt: new Date(), language });
      await em.flush();
      const thread = (await t.gql(`mutation($s: String!) { openSupportThread(topic: $s, text: "…") { id } }`, { s: topic }, customer.token)).data.openSupportThread;
      await t.gql(`mutation($t: ID!) { sendSupportMessage(threadId: $t, text: "Modem restarted / Модем перезапущен") { id } }`, { t: thread.id }, operator.token);
      return { mail: await t.mail.waitFor(email), thread };
    };
    const en = await answerTo(Language.EN, 'carol@example.com', 'Silent meter');
    expect(en.mail.subject).toMatch(/: reply to your request “Silent meter”$/);
    expect(en.mail.text).toMatch(/^Hello,\n\nSupport has answered your request “Silent meter”:\n\nModem restarted \/ Модем перезапущен\n\nReply: http\S+\/support\/\d+\n\n— /);
    expect(en.mail.text).toContain(`/support/${en.thread.id}`);
    const ru = await answerTo(Language.RU, 'dasha@example.ru', 'Нет показаний');
    expect(ru.mail.subject).toMatch(/: ответ по обращению «Нет показаний»$/);
    expect(ru.mail.text).toMatch(/^Здравствуйте!\n\nТехническая поддержка ответила на ваше обращение «Нет показаний»:\n\nModem restarted \/ Модем перезапущен\n\nОтветить: http\S+\/support\/\d+\n\n— /);
  });

  it('carries a conversation: the customer opens a thread with a photo, the operator answers live, unread counts follow', async () => {
    const photo = (await (await upload(alice.token, PNG, 'image/png', 'счётчик.png')).json()) as { id: string; mimeType: string };
    expect(photo.mimeType).toBe('image/png');
    const opened = await t.gql(`mutation($a: [ID!]!) { openSupportThread(topic: "Нет показаний", text: "С утра пусто", attachmentIds: $a) { id status messages { text authorName attachments { filename url } } } }`, { a: [photo.id] }, alice.token);
    const thread = opened.data.openSupportThread;
    expect(thread.status).toBe('OPEN');
    expect(thread.messages[0].attachments[0].filename).toBe('счётчик.png');
    await t.mail.waitFor('support@operator.example', new RegExp(`Обращение №${thread.id}: Нет показаний`));

    const live = t.subscribe(alice.token, `subscription($t: ID) { supportMessageAdded(threadId: $t) { text fromSupport authorName } }`, { t: thread.id });
    const opView = (await t.gql(`{ viewer { supportThreads { id unreadCount customer { id } } } }`, {}, operator.token)).data.viewer.supportThreads.find((x: { id: string }) => x.id === thread.id);
    expect(opView.unreadCount).toBe(1);
    // The operator sees the photo too.
    expect((await fetch(`${t.url}${thread.messages[0].attachments[0].url}`, { headers: { authorization: `Bearer ${operator.token}` } })).status).toBe(200);
    await deliverUntilSeen(
      () => t.gql(`mutation($t: ID!) { sendSupportMessage(threadId: $t, text: "Проверили, модем перезапущен") { id } }`, { t: thread.id }, operator.token),
      () => live.events.length > 0,
    );
    expect(live.events[0].supportMessageAdded).toEqual({ text: 'Проверили, модем перезапущен', fromSupport: true, authorName: 'Техническая поддержка' });
    const mine = async () => (await t.gql(`{ viewer { supportThreads { id unreadCount } } }`, {}, alice.token)).data.viewer.supportThreads.find((x: { id: string }) => x.id === thread.id);
    expect((await mine()).unreadCount).toBeGreaterThanOrEqual(1);
    await t.gql(`mutation($t: ID!) { markSupportThreadRead(threadId: $t) { id } }`, { t: thread.id }, alice.token);
    expect((await mine()).unreadCount).toBe(0);
    await t.gql(`mutation($t: ID!) { closeSupportThread(threadId: $t) { status } }`, { t: thread.id }, operator.token);
    // Writing into a closed thread reopens it.
    await t.gql(`mutation($t: ID!) { sendSupportMessage(threadId: $t, text: "Снова пропало") { id } }`, { t: thread.id }, alice.token);
    expect((await t.gql(`query($t: ID!) { viewer { supportThread(id: $t) { status } } }`, { t: thread.id }, alice.token)).data.viewer.supportThread.status).toBe('OPEN');
  });

  it('keeps customers’ threads and photos apart', async () => {
    const photo = (await (await upload(alice.token, JPEG, 'image/jpeg')).json()) as { id: string; url: string };
    const opened = await t.gql(`mutation($a: [ID!]!) { openSupportThread(topic: "Личное", text: "Текст", attachmentIds: $a) { id } }`, { a: [photo.id] }, alice.token);
    const threadId = opened.data.openSupportThread.id;
    expect((await t.gql(`{ viewer { supportThreads { id } } }`, {}, bob.token)).data.viewer.supportThreads).toEqual([]);
    expect((await t.gql(`query($t: ID!) { viewer { supportThread(id: $t) { id } } }`, { t: threadId }, bob.token)).data.viewer.supportThread).toBeNull();
    expect((await fetch(`${t.url}${photo.url}`, { headers: { authorization: `Bearer ${bob.token}` } })).status).toBe(404);
    expect((await fetch(`${t.url}${photo.url}`)).status).toBe(401);
    // Bob cannot attach Alice's upload to his own thread either.
    const stolen = await t.gql(`mutation($a: [ID!]!) { openSupportThread(topic: "x", text: "y", attachmentIds: $a) { id } }`, { a: [photo.id] }, bob.token);
    expect(stolen.errors![0].extensions.field).toBe('attachmentIds');
  });

  it('accepts only JPEG, PNG and WebP photos up to 5 MB, judged by their bytes', async () => {
    const fake = await upload(alice.token, GIF, 'image/png', 'animation.png');
    expect(fake.status).toBe(400);
    expect(((await fake.json()) as any).error).toEqual({ message: 'Можно приложить фотографию в формате JPEG, PNG или WebP', code: 'BAD_USER_INPUT', field: 'file', reason: 'FILE_TYPE', params: {} });
    expect((await upload(alice.token, Buffer.from('hello'), 'text/plain')).status).toBe(415);
    const big = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]);
    const tooBig = await upload(alice.token, big, 'image/png');
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as any).error.message).toBe('Фотография больше 5 МБ');
    const downloaded = await fetch(`${t.url}${((await (await upload(alice.token, PNG, 'image/png')).json()) as { url: string }).url}`, { headers: { authorization: `Bearer ${alice.token}` } });
    expect(downloaded.headers.get('content-type')).toBe('image/png');
    expect(downloaded.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await downloaded.arrayBuffer())).toEqual(PNG);
  });

  it('tells a storage failure while reading a thread apart from a thread that is not there', async () => {
    const opened = await t.gql(`mutation { openSupportThread(topic: "Сбой", text: "Текст") { id } }`, {}, alice.token);
    const threadId = opened.data.openSupportThread.id;
    const query = `query($t: ID!) { viewer { supportThread(id: $t) { id } } }`;
    // The threads' table goes away under the running API (sessions still work): the storage fails for this query only.
    const sql = (q: string) => t.api.orm.em.fork().getConnection().execute(q);
    await sql('alter table support_thread rename to support_thread_away');
    try {
      const r = await t.gql(query, { t: threadId }, alice.token);
      expect(r.errors?.[0]?.extensions).toEqual({ code: 'STORAGE_UNAVAILABLE', retryAfter: 10, reason: 'STORAGE_UNAVAILABLE', params: {} });
      expect(r.errors?.[0]?.message).toBe('Хранилище временно недоступно, повторите позже');
      expect(r.data?.viewer?.supportThread ?? null).toBeNull();
    } finally {
      await sql('alter table support_thread_away rename to support_thread');
    }
    expect((await t.gql(query, { t: threadId }, alice.token)).data.viewer.supportThread).toEqual({ id: threadId });
  });
});
