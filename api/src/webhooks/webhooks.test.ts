/**
 * Integrators' webhooks as a receiver meets them: a real HTTP server of the test's gets each change of a warning,
 * signed with the webhook's secret (checked the way api/docs/integrators.md tells an integrator to), retried after a
 * 500 with the same Idempotency-Key, given up after a day; a rotated secret signs from then on; addresses that are
 * not a full https URL, or that point into a private network in production, are refused; two senders never send
 * one attempt twice; and on PostgreSQL two API processes evaluating one episode send one message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres, engines, startTestApi, startWithDelivery, type DeliveringTestApi } from '../../test/harness.js';
import { SupplierReceiver, signatureOk } from '../../test/supplier-receiver.js';
import { makeAccount } from '../../test/devices-support.js';
import { alertsDeps } from '../composition.js';
import { AlertsService } from '../alerts/alerts.service.js';
import { WebhookEngine } from './webhook-engine.js';
import { WebhooksService } from './webhooks.service.js';

const MIN = 60_000;
const CREATE = `mutation($u: String!, $d: String) { createWebhook(url: $u, description: $d) { id url description secret } }`;
const HOOKS = `{ viewer { webhooks { id url secret deliveries(first: 10) { id event status attempts responseStatus error nextAttemptAt deliveredAt } } } }`;

/** 400 litres through the demo's cold-water meter within the last 30 minutes: a BURST. */
function burst(at: number, base: number) {
  return [0, 1, 2].map((i) => ({ meter: 'CW-0001', quantity: 'VOLUME', time: at - 30 * MIN + i * 15 * MIN, value: base + i * 0.2 }));
}

describe.each(engines)('webhooks on %s', (engine) => {
  let t: DeliveringTestApi;
  let receiver: SupplierReceiver;
  let session: string;
  beforeAll(async () => {
    t = await startWithDelivery({ engine, env: { ALERTS_TICK_S: '0', ALERTS_DELAY_MS: '0', WEBHOOKS_TICK_S: '0' } });
    receiver = await SupplierReceiver.start();
    session = await t.signInDemo();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  const engineOf = () => t.api.deps.webhooks;
  const hooks = async () => (await t.gql(HOOKS, {}, session)).data.viewer.webhooks;

  it('a warning’s changes reach the webhook signed; a 500 is retried with the same Idempotency-Key; acknowledging is a message too', async () => {
    receiver.answers = [{ status: 500 }, { status: 200 }];
    const created = (await t.gql(CREATE, { u: receiver.url, d: 'Home Assistant' }, session)).data.createWebhook;
    expect([created.url, created.description, created.secret.startsWith('whsec_')]).toEqual([receiver.url, 'Home Assistant', true]);

    const now = Date.now();
    await t.ingest([{ token: t.api.demo!.controller.token, readings: burst(now, 40) }]);
    await t.api.deps.alerts.evaluatePending();
    await engineOf().idle();
    expect(receiver.received).toHaveLength(1);
    let [hook] = await hooks();
    expect(hook.deliveries).toMatchObject([{ event: 'alert.opened', status: 'PENDING', attempts: 1, responseStatus: 500, error: 'answered 500', deliveredAt: null }]);
    const retryAt = Date.parse(hook.deliveries[0].nextAttemptAt);
    expect(retryAt - now).toBeGreaterThanOrEqual(30_000);
    expect(retryAt - now).toBeLessThanOrEqual(60_000 + 10_000);

    // Not due yet: nothing is sent. A minute later: the same message again.
    await engineOf().sendDue();
    expect(receiver.received).toHaveLength(1);
    engineOf().now = () => new Date(Date.now() + MIN + 1000);
    try {
      await engineOf().sendDue();
    } finally {
      engineOf().now = () => new Date();
    }
    expect(receiver.received).toHaveLength(2);
    const [first, second] = receiver.received;
    expect(second!.idempotencyKey).toBe(first!.idempotencyKey);
    expect(second!.body).toBe(first!.body);
    expect(signatureOk(created.secret, second!.body, second!.signature).ok).toBe(true);
    expect(signatureOk(created.secret, second!.body + ' ', second!.signature).ok).toBe(false);
    const message = second!.json;
    expect([message.id, message.type]).toEqual([second!.idempotencyKey, 'alert.opened']);
    expect(message.data.alert).toMatchObject({ rule: 'BURST', severity: 'CRITICAL', facts: { litres: 400, minutes: 30 }, meter: { serial: 'CW-0001', kind: 'COLD_WATER' }, resolvedAt: null, endedBy: null });
    expect(message.data.alert.message).toContain('CW-0001');
    [hook] = await hooks();
    expect(hook.deliveries).toMatchObject([{ event: 'alert.opened', status: 'DELIVERED', attempts: 2, responseStatus: 200, error: null, nextAttemptAt: null }]);

    // The customer reads it in the cabinet: the integrator hears that too.
    const ack = await t.gql(`mutation($id: ID!) { acknowledgeAlert(id: $id) { id } }`, { id: message.data.alert.id }, session);
    expect(ack.errors).toBeUndefined();
    await engineOf().idle();
    expect(receiver.received.map((r) => r.json.type)).toEqual(['alert.opened', 'alert.opened', 'alert.acknowledged']);
    expect(receiver.received[2]!.json.data.alert.acknowledgedAt).not.toBeNull();
  });

  it('a rotated secret signs from then on; a ping checks the receiver; a message nobody takes for a day fails', async () => {
    const [hook] = await hooks();
    const before = receiver.received.length;
    const rotated = (await t.gql(`mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }`, { id: hook.id }, session)).data.rotateWebhookSecret.secret;
    expect(rotated).not.toBe(hook.secret);
    receiver.answers = [{ status: 200 }];
    const ping = (await t.gql(`mutation($id: ID!) { pingWebhook(id: $id) { id event } }`, { id: hook.id }, session)).data.pingWebhook;
    expect(ping.event).toBe('ping');
    await engineOf().idle();
    const got = receiver.received[before]!;
    expect([got.idempotencyKey, got.json.type, got.json.data]).toEqual([ping.id, 'ping', { webhookId: hook.id }]);
    expect([signatureOk(rotated, got.body, got.signature).ok, signatureOk(hook.secret, got.body, got.signature).ok]).toEqual([true, false]);

    // The receiver is down for good: retries back off, and a day after the message it fails.
    receiver.answers = Array(100).fill({ status: 503 });
    const doomed = (await t.gql(`mutation($id: ID!) { pingWebhook(id: $id) { id } }`, { id: hook.id }, session)).data.pingWebhook.id;
    await engineOf().idle();
    const start = Date.now();
    for (let h = 1; h <= 26; h++) {
      engineOf().now = () => new Date(start + h * 3_600_000);
      await engineOf().sendDue();
    }
    engineOf().now = () => new Date();
    const d = (await hooks())[0].deliveries.find((x: { id: string }) => x.id === doomed);
    expect(d).toMatchObject({ status: 'FAILED', responseStatus: 503, error: 'answered 503', nextAttemptAt: null });
    // 1 + retries after 1, 2, 4, 8 min … capped at 4 h, within a day (at least 8 attempts, jitter or not).
    expect(d.attempts).toBeGreaterThanOrEqual(8);
    expect(d.attempts).toBeLessThanOrEqual(14);
  });

  it('stores no secret: what signs is derived from the server’s key, so a copy of the database holds nothing to sign with; a secret stored before that signs until rotated', async () => {
    const a = await makeAccount(t);
    const created = (await t.gql(CREATE, { u: receiver.url }, a.token)).data.createWebhook;
    const row = async () => (await t.api.orm.em.fork().getConnection().execute(`select * from webhook where id = ?`, [Number(created.id)]))[0] as Record<string, unknown>;
    const stored = await row();
    expect(stored.secret).toBe('');
    expect(Object.values(stored).map(String).filter((v) => v.includes(created.secret.slice(6, 20)))).toEqual([]);
    // Another process with the same server key signs with the same secret; the secret shown is the one that signs.
    const sent = async () => {
      const before = receiver.received.length;
      receiver.answers = [{ status: 200 }];
      await t.gql(`mutation($id: ID!) { pingWebhook(id: $id) { id } }`, { id: created.id }, a.token);
      await engineOf().idle();
      return receiver.received[before]!;
    };
    const got = await sent();
    expect(signatureOk(created.secret, got.body, got.signature).ok).toBe(true);
    // A webhook from before derived secrets (its secret in the row) keeps it until the account rotates it.
    await t.api.orm.em.fork().getConnection().execute(`update webhook set secret = ? where id = ?`, ['whsec_stored-before', Number(created.id)]);
    expect((await t.gql(HOOKS, {}, a.token)).data.viewer.webhooks[0].secret).toBe('whsec_stored-before');
    const legacy = await sent();
    expect(signatureOk('whsec_stored-before', legacy.body, legacy.signature).ok).toBe(true);
    const rotated = (await t.gql(`mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }`, { id: created.id }, a.token)).data.rotateWebhookSecret.secret;
    expect(rotated).toMatch(/^whsec_[\w-]{43}$/);
    expect([rotated === created.secret, (await row()).secret, Number((await row()).secret_version)]).toEqual([false, '', 2]);
    const after = await sent();
    expect([signatureOk(rotated, after.body, after.signature).ok, signatureOk('whsec_stored-before', after.body, after.signature).ok]).toEqual([true, false]);
  });

  it('seven saves at once (two tabs, two API processes) leave five webhooks and refuse two with WEBHOOK_LIMIT', async () => {
    const owner = await makeAccount(t);
    const saves = await Promise.all(Array.from({ length: 7 }, (_, i) => t.gql(CREATE, { u: `https://example.com/burst/${i}` }, owner.token)));
    expect(saves.filter((r) => r.errors).map((r) => r.errors![0].extensions)).toEqual(Array(2).fill(expect.objectContaining({ reason: 'WEBHOOK_LIMIT', field: 'url' })));
    const kept = (await t.gql(HOOKS, {}, owner.token)).data.viewer.webhooks as Array<{ url: string }>;
    expect(kept).toHaveLength(5);
    // The saves that answered with a webhook are the ones kept.
    expect(kept.map((h) => h.url).sort()).toEqual(saves.flatMap((r) => (r.errors ? [] : [r.data.createWebhook.url])).sort());
  });

  it('refuses addresses that are not a full https URL, a sixth webhook and another account’s; an access token never sees the secret', async () => {
    const refused = async (url: string) => (await t.gql(CREATE, { u: url }, session)).errors?.[0]?.extensions;
    expect(await refused('ftp://example.com/hook')).toMatchObject({ reason: 'WEBHOOK_URL_INVALID', field: 'url' });
    expect(await refused('https://user:pw@example.com/hook')).toMatchObject({ reason: 'WEBHOOK_URL_INVALID', field: 'url' });
    expect(await refused('not a url')).toMatchObject({ reason: 'WEBHOOK_URL_INVALID', field: 'url' });
    for (let i = (await hooks()).length; i < 5; i++) expect((await t.gql(CREATE, { u: `https://example.com/hook/${i}` }, session)).errors).toBeUndefined();
    expect(await refused('https://example.com/six')).toMatchObject({ reason: 'WEBHOOK_LIMIT', params: { max: 5 } });

    const pat = (await t.gql(`mutation { createAccessToken(name: "webhooks") { token } }`, {}, session)).data.createAccessToken.token;
    const viaToken = (await t.gql(HOOKS, {}, pat)).data.viewer.webhooks;
    expect(viaToken.map((h: { secret: string | null }) => h.secret)).toEqual([null, null, null, null, null]);

    const stranger = await makeAccount(t);
    const id = viaToken[1].id;
    for (const op of [`mutation($id: ID!) { deleteWebhook(id: $id) }`, `mutation($id: ID!) { rotateWebhookSecret(id: $id) { id } }`, `mutation($id: ID!) { pingWebhook(id: $id) { id } }`]) {
      expect((await t.gql(op, { id }, stranger.token)).errors?.[0]?.extensions).toMatchObject({ reason: 'WEBHOOK_NOT_FOUND' });
    }
    expect((await t.gql(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id }, session)).data.deleteWebhook).toBe(true);
    expect((await hooks()).map((h: { id: string }) => h.id)).not.toContain(id);
  });

  it('in production refuses plain http and private addresses when saved, and a name that resolves to one when sent', async () => {
    const production = new WebhookEngine({ orm: t.api.orm, log: t.api.log, allowPrivate: false, secretKey: t.api.deps.webhooks.deps.secretKey });
    const service = new WebhooksService(t.api.orm.em.fork(), { engine: production });
    const stranger = await makeAccount(t);
    const reason = (url: string) => service.create(stranger.id, url, null).then(() => 'ok', (e: { extensions?: { reason: string } }) => e.extensions?.reason);
    expect(await reason('http://example.com/hook')).toBe('WEBHOOK_URL_INVALID');
    for (const url of ['https://127.0.0.1/hook', 'https://10.1.2.3/hook', 'https://192.168.1.10/hook', 'https://[::1]/hook', 'https://[::ffff:127.0.0.1]/hook', 'https://localhost/hook', 'https://169.254.169.254/latest/meta-data']) {
      expect([url, await reason(url)]).toEqual([url, 'WEBHOOK_URL_PRIVATE']);
    }
    expect(await reason('https://example.com/hook')).toBe('ok');
    // A public-looking name that resolves to loopback (localhost.localdomain-style tricks, DNS rebinding): refused at send.
    const hook = await service.create(stranger.id, 'https://example.com/x', null);
    await t.api.orm.em.fork().nativeUpdate('Webhook', { id: hook.id }, { url: receiver.url.replace('127.0.0.1', 'localhost').replace('http:', 'https:') });
    const id = await production.enqueueTo(hook, 'ping', {});
    await production.idle();
    const row = await t.api.orm.em.fork().findOneOrFail('WebhookDelivery', id);
    expect([(row as { status: string }).status, (row as { error: string }).error]).toEqual(['PENDING', 'localhost resolves to a private address']);
    await production.stop();
  });

  it('connects to the very address it checked: a name its resolver points at loopback is refused, and reached when allowed', async () => {
    // A name only this resolver knows, pointing at the test's receiver: what it answers is all the sender can use.
    const asked: string[] = [];
    const lookup = ((host: string, _options: unknown, callback: (err: null, addresses: Array<{ address: string; family: number }>) => void) => {
      asked.push(host);
      callback(null, [{ address: '127.0.0.1', family: 4 }]);
    }) as unknown as typeof import('node:dns').lookup;
    const deps = { orm: t.api.orm, log: t.api.log, secretKey: t.api.deps.webhooks.deps.secretKey, lookup };
    const owner = await makeAccount(t);
    const hook = await new WebhooksService(t.api.orm.em.fork(), { engine: t.api.deps.webhooks }).create(owner.id, receiver.url, null);
    await t.api.orm.em.fork().nativeUpdate('Webhook', { id: hook.id }, { url: receiver.url.replace('127.0.0.1', 'receiver.invalid') });
    const before = receiver.received.length;

    const production = new WebhookEngine({ ...deps, allowPrivate: false });
    const refused = await production.enqueueTo(hook, 'ping', {});
    await production.idle();
    await production.stop();
    const row = await t.api.orm.em.fork().findOneOrFail('WebhookDelivery', refused);
    expect([(row as { status: string }).status, (row as { error: string }).error]).toEqual(['PENDING', 'receiver.invalid resolves to a private address']);
    expect(receiver.received.length).toBe(before);
    expect(asked).toEqual(['receiver.invalid']);

    const development = new WebhookEngine({ ...deps, allowPrivate: true });
    const sent = await development.enqueueTo(hook, 'ping', {});
    await development.idle();
    await development.stop();
    expect(receiver.received.slice(before).map((r) => r.idempotencyKey)).toEqual([sent]);
  });

  it('two senders (as two API processes) send each message once', async () => {
    const a = await makeAccount(t);
    const hook = (await t.gql(CREATE, { u: receiver.url }, a.token)).data.createWebhook;
    receiver.answers = [{ status: 200, delayMs: 20 }];
    const before = receiver.received.length;
    const other = new WebhookEngine({ orm: t.api.orm, log: t.api.log, allowPrivate: true, secretKey: t.api.deps.webhooks.deps.secretKey });
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await t.gql(`mutation($id: ID!) { pingWebhook(id: $id) { id } }`, { id: hook.id }, a.token)).data.pingWebhook.id);
    await Promise.all([engineOf().sendDue(), other.sendDue(), engineOf().sendDue(), other.sendDue()]);
    await Promise.all([engineOf().idle(), other.idle()]);
    const keys = receiver.received.slice(before).map((r) => r.idempotencyKey);
    expect(keys.sort()).toEqual([...ids].sort());
  });
});

describe.each(engines.filter((e) => e === 'postgresql'))('two API processes on one %s database', () => {
  it('evaluating one episode at once raise one alert, send one SMS and one webhook message', async () => {
    const db = await freshPostgres();
    const receiver = await SupplierReceiver.start();
    // No submission engine: the demo's electricity submission falls due at 23:59 Moscow time, and without a
    // simulator its readings are stale, so from then until midnight it would open a SUBMISSION_FAILED of its own.
    const env = { ALERTS_TICK_S: '0', ALERTS_DELAY_MS: '0', WEBHOOKS_TICK_S: '0', SUBMISSIONS_TICK_S: '0' };
    const a = await startWithDelivery({ engine: 'postgresql', databaseUrl: db.url, env });
    // B delivers to A's stand-ins: an SMS sent by either process is counted.
    const b = await startTestApi({ engine: 'postgresql', databaseUrl: db.url, env: { ...env, DEMO: '0' }, delivery: { smtpUrl: a.mail.url, smsUrl: a.sms.url } });
    try {
      const session = await a.signInDemo();
      expect((await a.gql(CREATE, { u: receiver.url }, session)).errors).toBeUndefined();
      const now = Date.now();
      // Stored through A; both processes evaluate the meter at the same moment, as after ingest on each.
      await a.ingest([{ token: a.api.demo!.controller.token, readings: burst(now, 70) }]);
      const meterId = (await a.gql(`{ viewer { meters { id serial } } }`, {}, session)).data.viewer.meters.find((m: { serial: string }) => m.serial === 'CW-0001').id;
      await Promise.all([
        a.api.deps.alerts.evaluatePending(),
        new AlertsService(a.api.orm.em.fork(), alertsDeps(a.api.deps)).evaluateMeters([Number(meterId)], now + 1000),
        new AlertsService(b.api.orm.em.fork(), alertsDeps(b.api.deps)).evaluateMeters([Number(meterId)], now + 1000),
        new AlertsService(b.api.orm.em.fork(), alertsDeps(b.api.deps)).evaluateMeters([Number(meterId)], now + 1000),
      ]);
      await Promise.all([a.api.deps.webhooks.idle(), b.api.deps.webhooks.idle()]);
      await Promise.all([a.api.deps.webhooks.sendDue(), b.api.deps.webhooks.sendDue()]);
      const open = (await a.gql(`{ viewer { alerts(first: 10, open: true) { edges { node { rule } } } } }`, {}, session)).data.viewer.alerts.edges;
      // One burst (and the demo's verification warning, open since the start).
      expect(open.map((e: { node: { rule: string } }) => e.node.rule)).toEqual(['BURST', 'VERIFICATION_DUE']);
      expect(a.sms.count(a.api.demo!.phone)).toBe(1);
      expect(receiver.received.map((r) => r.json.type)).toEqual(['alert.opened']);
    } finally {
      await b.close();
      await a.close();
      await receiver.close();
      await db.drop();
    }
  });
});
