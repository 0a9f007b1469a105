/**
 * The authorization matrix: every query, mutation and subscription of the schema, for every kind of caller.
 * Generated from the schema: an operation added without a row here fails the first test.
 * An outcome is the error code the caller gets, `ok`, or `ok:<what they see>` where seeing matters. For a
 * subscription, `ok` means an event made for it was delivered (the row says how to make one), and a refusal is the
 * code that came back: a subscription that neither delivers nor refuses is `SILENT`, which no row expects.
 */
import { buildSchema, parse, type OperationDefinitionNode, type TypeNode } from 'graphql';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../src/accounts/account.entity.js';
import { AccessTokenService } from '../src/accounts/access-token.service.js';
import { Account } from '../src/accounts/account.entity.js';
import { Alert, AlertRule } from '../src/alerts/alert.entity.js';
import { SessionService } from '../src/accounts/session.service.js';
import { CallbackRequest, SupportMessage, SupportThread } from '../src/support/support.entities.js';
import { Meter } from '../src/devices/meter.entity.js';
import { OPERATORS } from '../src/pubsub/pubsub.js';
import { MeterKind } from '../src/devices/meter-kind.js';
import { SupplierLink } from '../src/suppliers/supplier-link.entity.js';
import { Supplier, SupplierChannel } from '../src/suppliers/supplier.entity.js';
import { BRIDGE_SECRET, engines, startTestApi, Subscription, type TestApi } from './harness.js';
import { makeAccount, provision } from './devices-support.js';

type Caller = 'anonymous' | 'customerA' | 'customerB' | 'operator' | 'tokenA' | 'bridge';
const CALLERS: Caller[] = ['anonymous', 'customerA', 'customerB', 'operator', 'tokenA', 'bridge'];

interface Env {
  t: TestApi;
  a: { id: number; meterId: string };
  b: { id: number };
  op: { id: number; token: string };
  deviceToken: string;
  /** A new controller nobody has bound, for operator actions that change it. */
  scratch: () => Promise<string>;
  phone: () => string;
  secondSessionOf: (accountId: number) => Promise<string>;
  patOf: (accountId: number) => Promise<{ id: string; token: string }>;
  /** A new support thread of customer A's. */
  threadOfA: () => Promise<string>;
  /** A new pending callback request. */
  callback: () => Promise<string>;
  /** A new session of an account (rows that sign out or revoke cannot spoil it). */
  sessionOf: (accountId: number) => Promise<string>;
  /** A new supplier whose window is open all month. */
  supplier: () => Promise<string>;
  /** A new link of customer A's meter E-0001 to a new supplier. */
  linkOfA: () => Promise<string>;
}

interface Row {
  query: string;
  vars?: (env: Env, caller: Caller) => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** What the caller sees, when the outcome is `ok` and seeing matters. */
  see?: (data: any) => unknown;
  expect: Record<Caller, string>;
  /** Subscriptions: makes an event the subscription would deliver (called until something arrives). */
  deliver?: (env: Env, vars: Record<string, any>) => Promise<unknown>;
}

const TARIFF_VERSION = { effectiveFrom: '2026-01-01', scheme: 'SINGLE', tiers: [{ uptoKwh: null, prices: [{ zone: 1, price: '6.43' }] }] };
/** A new single-rate tariff of a new supplier, made by the operator. */
async function tariffOf(e: Env): Promise<string> {
  const r = await e.t.gql(
    `mutation($s: ID!, $v: TariffVersionInput!) { createTariff(supplierId: $s, resource: ELECTRICITY, name: "Матрица", version: $v) { id } }`,
    { s: await e.supplier(), v: TARIFF_VERSION },
    await e.sessionOf(e.op.id),
  );
  return r.data.createTariff.id;
}

let sent = 0;
/** A power reading of customer A's meter E-0001, as the bridge sends it: new each time. */
const readingOfA = (env: Env) =>
  env.t.ingest([{ token: env.deviceToken, readings: [{ meter: 'E-0001', quantity: 'POWER', time: Date.now() - 1000 + (++sent % 1000), value: 1000 + sent }] }]);

const all = (outcome: string): Record<Caller, string> => Object.fromEntries(CALLERS.map((c) => [c, outcome])) as Record<Caller, string>;
/** Anyone may try (the mutation itself decides); integrator tokens never write. */
const publicMutation = (outcome: string) => ({ ...all(outcome), tokenA: 'FORBIDDEN' });
/** Signed-in accounts; integrator tokens never write; the bridge is not an account. */
const accountMutation = (outcome: string) => ({ anonymous: 'UNAUTHENTICATED', customerA: outcome, customerB: outcome, operator: outcome, tokenA: 'FORBIDDEN', bridge: 'UNAUTHENTICATED' });
const operatorOnly = (outcome = 'ok') => ({ anonymous: 'UNAUTHENTICATED', customerA: 'FORBIDDEN', customerB: 'FORBIDDEN', operator: outcome, tokenA: 'FORBIDDEN', bridge: 'UNAUTHENTICATED' });
const bridgeOnly = { ...all('FORBIDDEN'), bridge: 'ok' };

/** A supplier whose window is open the whole month (so «submit now» works whenever the matrix runs). */
const SUPPLIER_INPUT = {
  name: 'Матрица-Энергосбыт',
  inn: '7707083893',
  resources: ['ELECTRICITY'],
  windowFirstDay: 1,
  windowLastDay: 31,
  cutoffTime: '23:59',
  timeZone: 'Europe/Moscow',
  accountPattern: '\\d{10}',
  accountExample: '1234567890',
  volumeDecimals: 3,
  channel: 'WEBHOOK',
  webhookUrl: 'http://127.0.0.1:9/never',
};

const ROWS: Record<string, Row> = {
  // ——— Query ———
  'Query.accountSettings': { query: `{ accountSettings { passwordMinLength } }`, expect: all('ok') },
  'Query.captchaChallenge': { query: `{ captchaChallenge }`, expect: all('ok') },
  'Query.deviceConfig': { query: `query($t: String!) { deviceConfig(token: $t) { serial } }`, vars: (e) => ({ t: e.deviceToken }), expect: bridgeOnly },
  'Query.devices': { query: `{ devices { serial } }`, expect: operatorOnly() },
  'Query.viewer': {
    query: `{ viewer { account { id } meters { serial } } }`,
    see: (d) => (d.viewer ? d.viewer.meters.map((m: { serial: string }) => m.serial) : null),
    expect: {
      anonymous: 'ok:null',
      customerA: 'ok:["E-0001","CW-0001","HW-0001"]',
      customerB: 'ok:[]',
      operator: 'ok:[]',
      tokenA: 'ok:["E-0001","CW-0001","HW-0001"]',
      bridge: 'ok:null',
    },
  },
  // ——— Mutation: accounts ———
  'Mutation.signIn': { query: `mutation { signIn(phone: "+79000000001", password: "wrong-password") { token } }`, expect: publicMutation('BAD_USER_INPUT') },
  'Mutation.signOut': {
    query: `mutation { signOut }`,
    see: (d) => d.signOut,
    expect: { anonymous: 'ok:false', customerA: 'ok:true', customerB: 'ok:true', operator: 'ok:true', tokenA: 'FORBIDDEN', bridge: 'ok:false' },
  },
  'Mutation.requestRegistrationCode': { query: `mutation { requestRegistrationCode(phone: "+79001112233", captcha: "") { resendAfter } }`, expect: publicMutation('BAD_USER_INPUT') },
  'Mutation.verifyRegistrationCode': { query: `mutation { verifyRegistrationCode(phone: "+79001112233", code: "000000", challenge: "x") { accountExists } }`, expect: publicMutation('BAD_USER_INPUT') },
  'Mutation.register': {
    query: `mutation { register(input: { verificationToken: "nope", password: "a fine password", fullName: "X", email: "x@example.ru" }) { account { id } } }`,
    expect: publicMutation('BAD_USER_INPUT'),
  },
  'Mutation.confirmEmail': { query: `mutation { confirmEmail(token: "nope") { id } }`, expect: publicMutation('BAD_USER_INPUT') },
  'Mutation.requestPasswordRecovery': {
    query: `mutation($l: String!) { requestPasswordRecovery(login: $l) { channel } }`,
    vars: (e) => ({ l: e.phone() }),
    expect: publicMutation('ok'),
  },
  'Mutation.recoverWithCode': { query: `mutation { recoverWithCode(phone: "+79001112244", code: "000000", challenge: "x") { token } }`, expect: publicMutation('BAD_USER_INPUT') },
  'Mutation.resetPassword': { query: `mutation { resetPassword(token: "nope", password: "a fine password") { token } }`, expect: publicMutation('BAD_USER_INPUT') },
  'Mutation.updateProfile': { query: `mutation { updateProfile(input: { address: "Москва" }) { address } }`, expect: accountMutation('ok') },
  'Mutation.changeEmail': { query: `mutation { changeEmail(email: "n@example.ru", currentPassword: "wrong") { id } }`, expect: accountMutation('BAD_USER_INPUT') },
  'Mutation.resendEmailConfirmation': { query: `mutation { resendEmailConfirmation }`, expect: accountMutation('BAD_USER_INPUT') },
  'Mutation.requestPhoneChangeCode': { query: `mutation($p: String!) { requestPhoneChangeCode(phone: $p) { resendAfter } }`, vars: (e) => ({ p: e.phone() }), expect: accountMutation('ok') },
  'Mutation.changePhone': { query: `mutation { changePhone(phone: "+79001112255", code: "000000", challenge: "x", currentPassword: "wrong") { id } }`, expect: accountMutation('BAD_USER_INPUT') },
  'Mutation.deleteAccount': { query: `mutation { deleteAccount(currentPassword: "wrong") }`, expect: { ...accountMutation('BAD_USER_INPUT'), operator: 'FORBIDDEN' } },
  'Mutation.changePassword': { query: `mutation { changePassword(password: "a fine password", currentPassword: "wrong") { id } }`, expect: accountMutation('BAD_USER_INPUT') },
  'Mutation.revokeSession': {
    // Everyone tries to end a session of customer A: only A can.
    query: `mutation($id: ID!) { revokeSession(id: $id) }`,
    vars: async (e) => ({ id: await e.secondSessionOf(e.a.id) }),
    see: (d) => d.revokeSession,
    expect: { ...accountMutation('ok:false'), customerA: 'ok:true' },
  },
  'Mutation.signOutOtherSessions': { query: `mutation { signOutOtherSessions }`, expect: accountMutation('ok') },
  'Mutation.createAccessToken': { query: `mutation { createAccessToken(name: "matrix") { token } }`, expect: accountMutation('ok') },
  'Mutation.revokeAccessToken': {
    query: `mutation($id: ID!) { revokeAccessToken(id: $id) }`,
    vars: async (e) => ({ id: (await e.patOf(e.a.id)).id }),
    see: (d) => d.revokeAccessToken,
    expect: { ...accountMutation('ok:false'), customerA: 'ok:true' },
  },
  // ——— Mutation: devices ———
  'Mutation.bindDevice': { query: `mutation { bindDevice(serial: "C-0002", code: "AAAAA-AAAAA") { kind } }`, expect: accountMutation('BAD_USER_INPUT') },
  'Mutation.unbindDevice': {
    // Everyone but A tries A's controller; nobody may unbind what is not theirs.
    query: `mutation($s: String!) { unbindDevice(serial: $s) }`,
    vars: (_e, c) => ({ s: c === 'customerA' ? 'NOT-BOUND' : 'C-0001' }),
    see: (d) => d.unbindDevice,
    expect: accountMutation('ok:false'),
  },
  'Mutation.setMeterLabel': {
    query: `mutation($m: ID!) { setMeterLabel(meterId: $m, label: "Кухня") { label } }`,
    vars: (e) => ({ m: e.a.meterId }),
    expect: { anonymous: 'UNAUTHENTICATED', customerA: 'ok', customerB: 'FORBIDDEN', operator: 'FORBIDDEN', tokenA: 'FORBIDDEN', bridge: 'UNAUTHENTICATED' },
  },
  'Mutation.recordMeterVerification': {
    query: `mutation($m: ID!, $d: String!) { recordMeterVerification(meterId: $m, nextDue: $d) { verificationDue } }`,
    vars: (e) => ({ m: e.a.meterId, d: new Date(Date.now() + 5 * 365 * 86_400_000).toISOString().slice(0, 10) }),
    expect: { anonymous: 'UNAUTHENTICATED', customerA: 'ok', customerB: 'FORBIDDEN', operator: 'ok', tokenA: 'FORBIDDEN', bridge: 'UNAUTHENTICATED' },
  },
  'Mutation.provisionController': {
    query: `mutation($s: String!) { provisionController(input: { serial: $s, meters: [] }) { deviceToken } }`,
    vars: (e) => ({ s: `MX-${e.phone().slice(-7)}` }),
    expect: operatorOnly(),
  },
  'Mutation.importDevices': { query: `mutation { importDevices(csv: "nothing") { deviceToken } }`, expect: operatorOnly('BAD_USER_INPUT') },
  'Mutation.rotateDeviceToken': { query: `mutation($s: String!) { rotateDeviceToken(serial: $s) }`, vars: (e) => e.scratch().then((s) => ({ s })), expect: operatorOnly() },
  'Mutation.revokeDevice': { query: `mutation($s: String!) { revokeDevice(serial: $s) { status } }`, vars: (e) => e.scratch().then((s) => ({ s })), expect: operatorOnly() },
  'Mutation.issueClaimCode': { query: `mutation($s: String!) { issueClaimCode(serial: $s) { claimCode } }`, vars: (e) => e.scratch().then((s) => ({ s })), expect: operatorOnly() },
  'Mutation.setReportingInterval': {
    query: `mutation($s: String!) { setReportingInterval(serial: $s, seconds: 600) { reportingIntervalS } }`,
    vars: (e) => e.scratch().then((s) => ({ s })),
    expect: operatorOnly(),
  },
  'Mutation.ingestReadings': { query: `mutation { ingestReadings(packs: []) { status } }`, expect: bridgeOnly },
  // ——— Support ———
  'Query.contacts': { query: `{ contacts { email phones { number } } }`, expect: all('ok') },
  'Query.limits': { query: `{ limits { rateLimits { name points } request { maxCost } } }`, expect: all('ok') },
  'Query.callbackRequests': { query: `{ callbackRequests { id } }`, expect: operatorOnly() },
  // A signed-in session needs no captcha; the name is refused before anything is stored.
  'Mutation.requestCallback': { query: `mutation { requestCallback(input: { name: " ", phone: "+79001112266" }) { id } }`, expect: publicMutation('BAD_USER_INPUT') },
  'Query.feedbackMessages': { query: `{ feedbackMessages { id } }`, expect: operatorOnly() },
  'Mutation.sendFeedback': { query: `mutation { sendFeedback(input: { name: "Иван", contact: "i@example.ru", message: " " }) }`, expect: publicMutation('BAD_USER_INPUT') },
  'Mutation.markCallbackDone': { query: `mutation($id: ID!) { markCallbackDone(id: $id) { doneAt } }`, vars: async (e) => ({ id: await e.callback() }), expect: operatorOnly() },
  'Mutation.openSupportThread': {
    query: `mutation { openSupportThread(topic: "Счётчик молчит", text: "Нет показаний с утра") { id } }`,
    expect: { ...accountMutation('ok'), operator: 'FORBIDDEN' },
  },
  'Mutation.sendSupportMessage': {
    query: `mutation($t: ID!) { sendSupportMessage(threadId: $t, text: "Ещё вопрос") { id } }`,
    vars: async (e) => ({ t: await e.threadOfA() }),
    expect: { ...accountMutation('ok'), customerB: 'NOT_FOUND' },
  },
  'Mutation.closeSupportThread': {
    query: `mutation($t: ID!) { closeSupportThread(threadId: $t) { status } }`,
    vars: async (e) => ({ t: await e.threadOfA() }),
    expect: { ...accountMutation('ok'), customerB: 'NOT_FOUND' },
  },
  'Mutation.markSupportThreadRead': {
    query: `mutation($t: ID!) { markSupportThreadRead(threadId: $t) { id } }`,
    vars: async (e) => ({ t: await e.threadOfA() }),
    expect: { ...accountMutation('ok'), customerB: 'NOT_FOUND' },
  },
  'Subscription.supportMessageAdded': {
    query: `subscription($t: ID) { supportMessageAdded(threadId: $t) { id } }`,
    vars: async (e) => ({ t: await e.threadOfA() }),
    deliver: async (e, vars) => {
      const r = await e.t.gql(`mutation($t: ID!) { sendSupportMessage(threadId: $t, text: "Ещё вопрос") { id } }`, { t: vars.t }, await e.sessionOf(e.a.id));
      if (r.errors) throw new Error(JSON.stringify(r.errors));
    },
    expect: { anonymous: 'CLOSED_4403', customerA: 'ok', customerB: 'NOT_FOUND', operator: 'ok', tokenA: 'ok', bridge: 'UNAUTHENTICATED' },
  },
  // ——— Suppliers and submissions ———
  'Query.suppliers': { query: `{ suppliers { id } }`, expect: { ...all('ok'), anonymous: 'UNAUTHENTICATED', bridge: 'UNAUTHENTICATED' } },
  'Query.supplier': { query: `query($id: ID!) { supplier(id: $id) { id } }`, vars: async (e) => ({ id: await e.supplier() }), expect: { ...all('ok'), anonymous: 'UNAUTHENTICATED', bridge: 'UNAUTHENTICATED' } },
  'Query.supplierSubmissions': { query: `query($s: ID!) { supplierSubmissions(supplierId: $s) { totalCount } }`, vars: async (e) => ({ s: await e.supplier() }), expect: operatorOnly() },
  'Mutation.createSupplier': { query: `mutation($i: SupplierInput!) { createSupplier(input: $i) { id } }`, vars: () => ({ i: SUPPLIER_INPUT }), expect: operatorOnly() },
  'Mutation.updateSupplier': {
    query: `mutation($id: ID!, $i: SupplierInput!) { updateSupplier(id: $id, input: $i) { id } }`,
    vars: async (e) => ({ id: await e.supplier(), i: SUPPLIER_INPUT }),
    expect: operatorOnly(),
  },
  'Mutation.rotateSupplierSecret': { query: `mutation($id: ID!) { rotateSupplierSecret(id: $id) { id } }`, vars: async (e) => ({ id: await e.supplier() }), expect: operatorOnly() },
  'Query.supplierTariffs': {
    query: `query($s: ID!) { supplierTariffs(supplierId: $s) { id } }`,
    vars: async (e) => ({ s: await e.supplier() }),
    expect: { ...all('ok'), anonymous: 'UNAUTHENTICATED', bridge: 'UNAUTHENTICATED' },
  },
  'Mutation.createTariff': {
    query: `mutation($s: ID!, $v: TariffVersionInput!) { createTariff(supplierId: $s, resource: ELECTRICITY, name: "Матрица", version: $v) { id } }`,
    vars: async (e) => ({ s: await e.supplier(), v: TARIFF_VERSION }),
    expect: operatorOnly(),
  },
  'Mutation.renameTariff': {
    query: `mutation($id: ID!) { renameTariff(id: $id, name: "Матрица 2") { id } }`,
    vars: async (e) => ({ id: await tariffOf(e) }),
    expect: operatorOnly(),
  },
  'Mutation.addTariffVersion': {
    query: `mutation($id: ID!, $v: TariffVersionInput!) { addTariffVersion(tariffId: $id, version: $v) { id } }`,
    vars: async (e) => ({ id: await tariffOf(e), v: TARIFF_VERSION }),
    expect: operatorOnly(),
  },
  'Mutation.setMyTariff': {
    // Everyone tries to price customer A's meter. A's own E-0001 is billed at the demo энергосбыт's tariff, so A gets
    // past the access check to the refusal of a second tariff (TARIFF_FROM_SUPPLIER); the others stop at access.
    query: `mutation($m: ID!, $v: TariffVersionInput!) { setMyTariff(meterId: $m, version: $v) { id } }`,
    vars: (e) => ({ m: e.a.meterId, v: TARIFF_VERSION }),
    expect: { ...accountMutation('FORBIDDEN'), customerA: 'BAD_USER_INPUT' },
  },
  'Mutation.removeMyTariff': {
    query: `mutation($m: ID!) { removeMyTariff(meterId: $m) }`,
    vars: (e) => ({ m: e.a.meterId }),
    expect: { ...accountMutation('FORBIDDEN'), customerA: 'ok' },
  },
  'Mutation.linkSupplierAccount': {
    // Everyone tries to link customer A's meter.
    query: `mutation($m: ID!, $s: ID!) { linkSupplierAccount(meterId: $m, supplierId: $s, accountNumber: "1234567890", agree: true) { id } }`,
    vars: async (e) => ({ m: e.a.meterId, s: await e.supplier() }),
    expect: { ...accountMutation('FORBIDDEN'), customerA: 'ok' },
  },
  'Mutation.unlinkSupplierAccount': {
    query: `mutation($l: ID!) { unlinkSupplierAccount(linkId: $l) }`,
    vars: async (e) => ({ l: await e.linkOfA() }),
    expect: { ...accountMutation('NOT_FOUND'), customerA: 'ok' },
  },
  'Mutation.submitReadingsNow': {
    query: `mutation($l: ID!) { submitReadingsNow(linkId: $l) { status } }`,
    vars: async (e) => ({ l: await e.linkOfA() }),
    expect: { ...accountMutation('NOT_FOUND'), customerA: 'ok' },
  },
  'Mutation.enterSubmissionValues': {
    query: `mutation($l: ID!) { enterSubmissionValues(linkId: $l, values: [{ register: "T1", value: "100" }, { register: "T2", value: "50" }]) { status } }`,
    vars: async (e) => ({ l: await e.linkOfA() }),
    expect: { ...accountMutation('NOT_FOUND'), customerA: 'ok' },
  },
  'Query.webPushPublicKey': { query: `{ webPushPublicKey }`, expect: all('ok') },
  'Query.operatorAlerts': { query: `{ operatorAlerts(first: 5) { totalCount edges { node { id customer { id } } } } }`, expect: operatorOnly() },
  'Mutation.subscribePush': { query: `mutation { subscribePush(endpoint: "http://push.example.com/x", p256dh: "x", auth: "y") }`, expect: accountMutation('BAD_USER_INPUT') },
  'Mutation.unsubscribePush': { query: `mutation { unsubscribePush(endpoint: "https://push.example.com/never") }`, expect: accountMutation('ok') },
  'Mutation.setQuietHours': { query: `mutation { setQuietHours(from: null, to: null) { from } }`, expect: accountMutation('ok') },
  'Mutation.acknowledgeAllAlerts': { query: `mutation { acknowledgeAllAlerts }`, expect: accountMutation('ok') },
  'Mutation.acknowledgeAlert': { query: `mutation { acknowledgeAlert(id: "999999") { id } }`, expect: accountMutation('NOT_FOUND') },
  'Mutation.muteAlert': { query: `mutation { muteAlert(id: "999999", hours: 1) { id } }`, expect: accountMutation('NOT_FOUND') },
  'Mutation.setAwayMode': { query: `mutation($f: DateTime!) { setAwayMode(from: $f, to: null) { from } }`, vars: () => ({ f: new Date().toISOString() }), expect: accountMutation('ok') },
  'Mutation.expectContinuousFlow': {
    query: `mutation($m: ID!) { expectContinuousFlow(meterId: $m, until: null) }`,
    vars: (e) => ({ m: e.a.meterId }),
    expect: { ...accountMutation('FORBIDDEN'), customerA: 'ok' },
  },
  'Mutation.setAlertSettings': {
    query: `mutation($m: ID!) { setAlertSettings(meterId: $m, input: { leakHours: null, nightLeakHours: null, minLitresPerHour: null, burstLitres: null, baseloadW: null, disabledRules: [] }) { disabledRules } }`,
    vars: (e) => ({ m: e.a.meterId }),
    expect: { ...accountMutation('FORBIDDEN'), customerA: 'ok' },
  },
  'Mutation.createWebhook': { query: `mutation { createWebhook(url: "ftp://example.com/x") { id } }`, expect: accountMutation('BAD_USER_INPUT') },
  'Mutation.deleteWebhook': { query: `mutation { deleteWebhook(id: "999999") }`, expect: accountMutation('NOT_FOUND') },
  'Mutation.rotateWebhookSecret': { query: `mutation { rotateWebhookSecret(id: "999999") { id } }`, expect: accountMutation('NOT_FOUND') },
  'Mutation.pingWebhook': { query: `mutation { pingWebhook(id: "999999") { id } }`, expect: accountMutation('NOT_FOUND') },
  'Subscription.alertChanged': {
    // Every account hears only of its own alerts: an alert is made for each, and each is told.
    query: `subscription { alertChanged { change alert { rule } } }`,
    deliver: async (e) => {
      const em = e.t.api.orm.em.fork();
      for (const id of [e.a.id, e.b.id, e.op.id]) {
        const alert = new Alert(em.getReference(Account, id), { meter: em.getReference(Meter, Number(e.a.meterId)) }, AlertRule.WEAK_SIGNAL, { signalDbm: -115 }, new Date());
        alert.resolve(new Date());
        await em.persistAndFlush(alert);
        e.t.api.deps.pubSub.publish('alert', id, { alertId: alert.id, accountId: id, change: 'RESOLVED' });
      }
    },
    expect: { anonymous: 'CLOSED_4403', customerA: 'ok', customerB: 'ok', operator: 'ok', tokenA: 'ok', bridge: 'UNAUTHENTICATED' },
  },
  'Subscription.operatorAlertChanged': {
    // Operators hear every account's alerts; customers may not subscribe.
    query: `subscription { operatorAlertChanged { change alert { rule customer { id } } } }`,
    deliver: async (e) => {
      const em = e.t.api.orm.em.fork();
      const alert = new Alert(em.getReference(Account, e.a.id), { meter: em.getReference(Meter, Number(e.a.meterId)) }, AlertRule.WEAK_SIGNAL, { signalDbm: -115 }, new Date());
      alert.resolve(new Date());
      await em.persistAndFlush(alert);
      e.t.api.deps.pubSub.publish('alert', OPERATORS, { alertId: alert.id, accountId: e.a.id, change: 'RESOLVED' });
    },
    expect: { anonymous: 'CLOSED_4403', customerA: 'FORBIDDEN', customerB: 'FORBIDDEN', operator: 'ok', tokenA: 'FORBIDDEN', bridge: 'UNAUTHENTICATED' },
  },
  'Mutation.resendSubmission': { query: `mutation { resendSubmission(id: "999999") { status } }`, expect: operatorOnly('NOT_FOUND') },
  'Subscription.submissionUpdated': {
    query: `subscription($m: ID) { submissionUpdated(meterId: $m) { status } }`,
    vars: (e) => ({ m: e.a.meterId }),
    deliver: async (e) => {
      const r = await e.t.gql(`mutation($l: ID!) { submitReadingsNow(linkId: $l) { status } }`, { l: await e.linkOfA() }, await e.sessionOf(e.a.id));
      if (r.errors) throw new Error(JSON.stringify(r.errors));
    },
    expect: { anonymous: 'CLOSED_4403', customerA: 'ok', customerB: 'FORBIDDEN', operator: 'FORBIDDEN', tokenA: 'ok', bridge: 'UNAUTHENTICATED' },
  },
  // ——— Subscription (CLOSED_4403: the connection itself is refused) ———
  'Subscription.readingAdded': {
    query: `subscription($m: [ID!]) { readingAdded(meterIds: $m) { value } }`,
    vars: (e) => ({ m: [e.a.meterId] }),
    deliver: readingOfA,
    expect: { anonymous: 'CLOSED_4403', customerA: 'ok', customerB: 'FORBIDDEN', operator: 'FORBIDDEN', tokenA: 'ok', bridge: 'UNAUTHENTICATED' },
  },
  'Subscription.liveMeasurement': {
    query: `subscription($m: ID!) { liveMeasurement(meterId: $m) { power } }`,
    vars: (e) => ({ m: e.a.meterId }),
    deliver: readingOfA,
    expect: { anonymous: 'CLOSED_4403', customerA: 'ok', customerB: 'FORBIDDEN', operator: 'FORBIDDEN', tokenA: 'ok', bridge: 'UNAUTHENTICATED' },
  },
  'Subscription.deviceConfigChanged': {
    query: `subscription { deviceConfigChanged { serial } }`,
    deliver: async (e) => {
      const r = await e.t.gql(`mutation($s: String!, $n: Int!) { setReportingInterval(serial: $s, seconds: $n) { reportingIntervalS } }`, { s: await e.scratch(), n: 300 + (++sent % 600) }, await e.sessionOf(e.op.id));
      if (r.errors) throw new Error(JSON.stringify(r.errors));
    },
    expect: { anonymous: 'CLOSED_4403', customerA: 'FORBIDDEN', customerB: 'FORBIDDEN', operator: 'FORBIDDEN', tokenA: 'FORBIDDEN', bridge: 'ok' },
  },
};

const schema = buildSchema(readFileSync(fileURLToPath(new URL('../../schema.graphql', import.meta.url)), 'utf8'));
const rootFields = ['Query', 'Mutation', 'Subscription'].flatMap((t) => Object.keys(schema.getType(t) ? (schema.getType(t) as any).getFields() : {}).map((f) => `${t}.${f}`));

describe('the authorization matrix', () => {
  it('has a row for every query, mutation and subscription of the schema', () => {
    expect(rootFields.filter((f) => !ROWS[f]), 'operations without a row in the authorization matrix').toEqual([]);
    expect(rootFields.filter((f) => f.startsWith('Subscription.') && !ROWS[f].deliver), 'subscriptions without a way to make an event').toEqual([]);
    expect(Object.keys(ROWS).filter((f) => !rootFields.includes(f)), 'rows for operations the schema no longer has').toEqual([]);
  });
});

describe.each(engines)('the authorization matrix on %s', (engine) => {
  let env: Env;
  let t: TestApi;
  let tokenA: string;

  beforeAll(async () => {
    t = await startTestApi({ engine });
    const em = () => t.api.orm.em.fork();
    const sessions = () => new SessionService(em(), { config: t.api.deps.config.session, limits: t.api.deps.limits, pubSub: t.api.deps.pubSub });
    const demoAccount = await em().findOneOrFail(Account, { phone: t.api.demo!.phone });
    const demoToken = await t.signInDemo();
    const meters = (await t.gql(`{ viewer { meters { id serial } } }`, {}, demoToken)).data.viewer.meters;
    const b = await makeAccount(t);
    const op = await makeAccount(t, Role.OPERATOR);
    let n = 0;
    env = {
      t,
      a: { id: demoAccount.id, meterId: meters.find((m: { serial: string }) => m.serial === 'E-0001').id },
      b: { id: b.id },
      op: { id: op.id, token: op.token },
      deviceToken: t.api.demo!.controller.token,
      phone: () => `+7903${String(Date.now() % 1e7).padStart(7, '0').slice(0, 5)}${String(++n % 100).padStart(2, '0')}`,
      scratch: async () => {
        const serial = `SCR-${++n}-${Date.now() % 100000}`;
        await provision(t, (await sessions().createSession(await em().findOneOrFail(Account, op.id), {})).token, serial, []);
        return serial;
      },
      secondSessionOf: async (accountId) => String((await sessions().createSession(await em().findOneOrFail(Account, accountId), {})).session.id),
      patOf: async (accountId) => {
        const account = await em().findOneOrFail(Account, accountId);
        const { token, session } = await new AccessTokenService(em()).create({ account, session: { kind: 'SESSION' } as never }, 'matrix');
        return { id: String(session.id), token };
      },
      threadOfA: async () => {
        const m = em();
        const thread = new SupportThread(m.getReference(Account, demoAccount.id), 'Тема');
        m.persist(thread);
        m.persist(new SupportMessage(thread, m.getReference(Account, demoAccount.id), false, 'Текст'));
        await m.flush();
        return String(thread.id);
      },
      sessionOf: async (accountId) => (await sessions().createSession(await em().findOneOrFail(Account, accountId), {})).token,
      supplier: async () => {
        const m = em();
        const supplier = new Supplier({ ...SUPPLIER_INPUT, resources: [MeterKind.ELECTRICITY], channel: SupplierChannel.WEBHOOK, email: null });
        await m.persistAndFlush(supplier);
        return String(supplier.id);
      },
      linkOfA: async () => {
        const m = em();
        const supplier = await m.findOneOrFail(Supplier, Number(await env.supplier()));
        const link = new SupplierLink(m.getReference(Account, demoAccount.id), m.getReference(Meter, Number(env.a.meterId)), supplier, '1234567890', new Date());
        await m.persistAndFlush(link);
        return String(link.id);
      },
      callback: async () => {
        const m = em();
        const request = new CallbackRequest('Иван', '+79001112277', new Date(Date.now() + 3_600_000));
        await m.persistAndFlush(request);
        return String(request.id);
      },
    };
    tokenA = (await env.patOf(env.a.id)).token;
  });
  afterAll(() => t.close());

  /** A fresh credential for each call: a row that signs out or revokes cannot spoil the next. */
  async function credential(caller: Caller): Promise<string | undefined> {
    const fresh = async (id: number) => {
      const s = new SessionService(t.api.orm.em.fork(), { config: t.api.deps.config.session, limits: t.api.deps.limits, pubSub: t.api.deps.pubSub });
      return (await s.createSession(await t.api.orm.em.fork().findOneOrFail(Account, id), {})).token;
    };
    switch (caller) {
      case 'anonymous':
        return undefined;
      case 'customerA':
        return fresh(env.a.id);
      case 'customerB':
        return fresh(env.b.id);
      case 'operator':
        return fresh(env.op.id);
      case 'tokenA':
        return tokenA;
      case 'bridge':
        return BRIDGE_SECRET;
    }
  }

  async function outcome(field: string, row: Row, caller: Caller): Promise<string> {
    const token = await credential(caller);
    const vars = row.vars ? await row.vars(env, caller) : {};
    if (field.startsWith('Subscription.')) {
      const sub = new Subscription(t.wsUrl, token, row.query, vars);
      try {
        const answered = () => sub.closeCode !== undefined || sub.errors.length > 0 || sub.events.length > 0;
        // Events are made until one arrives: right after subscribing the server may not have registered it yet.
        // 5 s is far beyond what a delivery takes (tens of milliseconds); it only bounds a subscription that stays silent.
        const deadline = Date.now() + 5000;
        while (!answered() && Date.now() < deadline) {
          await row.deliver!(env, vars);
          await sub.until(answered, 250).catch(() => {});
        }
        if (sub.closeCode === 4403) return 'CLOSED_4403';
        if (sub.errors.length) return sub.errors[0].extensions?.code ?? String(sub.errors[0].message ?? sub.errors[0]);
        return sub.events.length ? 'ok' : 'SILENT';
      } finally {
        await sub.close();
      }
    }
    const r = await t.gql(row.query, vars, token);
    if (r.errors?.length) return r.errors[0].extensions?.code ?? 'ERROR';
    return row.see ? `ok:${JSON.stringify(row.see(r.data))}` : 'ok';
  }

  /** The operation's variables of type ID (an id a caller makes up). */
  const idVariables = (query: string): string[] => {
    const named = (type: TypeNode): string => (type.kind === 'NamedType' ? type.name.value : named(type.type));
    const op = parse(query).definitions[0] as OperationDefinitionNode;
    return (op.variableDefinitions ?? []).filter((v) => named(v.type) === 'ID').map((v) => v.variable.name.value);
  };
  const withIds = Object.keys(ROWS).filter((f) => idVariables(ROWS[f].query).length);

  // Bad input gets a clear error: an id that is no id is refused with a reason a client can show, never an internal error.
  it.each(withIds)('%s: an id that is not one gets a reason', async (field) => {
    const row = ROWS[field];
    for (const caller of ['customerA', 'operator'] as const) {
      const vars = { ...(row.vars ? await row.vars(env, caller) : {}) };
      for (const name of idVariables(row.query)) vars[name] = 'E-0001';
      let errors: Array<{ extensions?: { code?: string; reason?: string } }>;
      if (field.startsWith('Subscription.')) {
        // A subscription refuses at once or stays silent: either way, nothing internal.
        const sub = new Subscription(t.wsUrl, await credential(caller), row.query, vars);
        await sub.until(() => sub.errors.length > 0 || sub.closeCode !== undefined, 1000).catch(() => {});
        await sub.close();
        expect(sub.closeCode === undefined || sub.closeCode < 4400 || sub.closeCode === 4403, `${caller}: closed ${sub.closeCode}`).toBe(true);
        errors = sub.errors;
      } else {
        errors = (await t.gql(row.query, vars, await credential(caller))).errors ?? [];
      }
      expect(errors.filter((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR' || !e.extensions?.reason), `${caller}: ${JSON.stringify(errors)}`).toEqual([]);
    }
  });

  /** The operation's variables of a scalar `type`, not lists. */
  const scalarVariables = (query: string, type: string): string[] => {
    const named = (t: TypeNode): string => (t.kind === 'NamedType' ? t.name.value : named(t.type));
    const op = parse(query).definitions[0] as OperationDefinitionNode;
    return (op.variableDefinitions ?? []).filter((v) => named(v.type) === type && v.type.kind !== 'ListType' && !(v.type.kind === 'NonNullType' && v.type.type.kind === 'ListType')).map((v) => v.variable.name.value);
  };
  // Bad input gets a clear error: empty, huge and NUL-bearing strings, edge integers and far dates in every String, Int and DateTime
  // variable are refused with a reason (or BAD_USER_INPUT, or a rate limit), never an internal error. A NUL in a
  // serial number reached PostgreSQL from five device operations before serials were checked (devices/serials.ts).
  const ODD_VALUES: Array<[string, unknown]> = [['String', ''], ['String', 'я'.repeat(20000)], ['String', ' \u0000 '], ['Int', -1], ['Int', 2147483647], ['Int', 0], ['DateTime', '0001-01-01T00:00:00Z'], ['DateTime', '9999-12-31T23:59:59Z'], ['DateTime', '1970-01-01T00:00:00Z']];
  it.each(Object.keys(ROWS).filter((f) => !f.startsWith('Subscription.')))('%s: odd strings and numbers get a reason', async (field) => {
    const row = ROWS[field];
    const bad: string[] = [];
    for (const caller of ['customerA', 'operator'] as const) {
      for (const [type, value] of ODD_VALUES) {
        const names = scalarVariables(row.query, type);
        if (!names.length) continue;
        const vars = { ...(row.vars ? await row.vars(env, caller) : {}) };
        for (const name of names) vars[name] = value;
        const r = await t.gql(row.query, vars, await credential(caller));
        for (const e of (r.errors ?? []) as Array<{ message: string; extensions?: { code?: string; reason?: string } }>) {
          if (e.extensions?.code === 'INTERNAL_SERVER_ERROR' || (!e.extensions?.reason && e.extensions?.code !== 'BAD_USER_INPUT' && e.extensions?.code !== 'RATE_LIMITED')) bad.push(`${caller} ${type}=${String(value).slice(0, 10)}: ${e.extensions?.code} ${e.message.slice(0, 80)}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it.each(Object.keys(ROWS))('%s', async (field) => {
    const row = ROWS[field];
    const got: Record<string, string> = {};
    for (const caller of CALLERS) got[caller] = await outcome(field, row, caller);
    expect(got).toEqual(row.expect);
  });
});
