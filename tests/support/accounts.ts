/**
 * Account helpers for the browser tests: unique phone numbers, the development outbox (where the product
 * writes every SMS and email when no gateway is configured), set-up through the public GraphQL API, and the
 * one thing no API offers — making a code expire — done in the product's SQLite database.
 */
import { randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import Database from 'libsql';
import type { OutboxEntry } from '@askue/api/testing';

const dataDir = () => {
  const dir = process.env.E2E_DATA_DIR;
  if (!dir) throw new Error('E2E_DATA_DIR is not set: run the tests through playwright (global-setup)');
  return dir;
};

const baseUrl = () => {
  const url = process.env.E2E_URL;
  if (!url) throw new Error('E2E_URL is not set: run the tests through playwright (global-setup)');
  return url;
};

/**
 * A phone number no other test uses: +7 900 and seven random digits. Codes are limited per phone (one a
 * minute), and both projects share one product, so each test takes its own.
 */
export function uniquePhone(): string {
  return `+7900${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
}

/** «+7 900 123-45-67», the way a person types it (the API accepts any common notation). */
export function typedPhone(e164: string): string {
  return `+7 ${e164.slice(2, 5)} ${e164.slice(5, 8)}-${e164.slice(8, 10)}-${e164.slice(10)}`;
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${Date.now().toString(36)}-${randomInt(0, 1e9).toString(36)}@example.ru`;
}

/** Every message in the outbox, oldest first. */
export function outbox(): OutboxEntry[] {
  const file = path.join(dataDir(), 'outbox.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as OutboxEntry);
}

/**
 * Waits for the `nth` (1-based, default: any new one after `since`) message to `to` on `channel` whose text or
 * subject matches `match`, and returns it.
 */
export async function waitForMessage(
  to: string,
  { channel, match, since = 0, timeoutMs = 15_000 }: { channel?: 'sms' | 'email'; match?: RegExp; since?: number; timeoutMs?: number } = {},
): Promise<OutboxEntry> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = messagesTo(to, channel).filter((m, i) => i >= since && (!match || match.test(`${m.subject ?? ''}\n${m.text}`)));
    if (found.length) return found[found.length - 1];
    if (Date.now() > deadline) throw new Error(`no ${channel ?? 'message'} to ${to} matching ${match ?? 'anything'} in the outbox`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Messages to `to` so far (the index to pass as `since` before an action that sends one). */
export function messagesTo(to: string, channel?: 'sms' | 'email'): OutboxEntry[] {
  return outbox().filter((m) => m.to.toLowerCase() === to.toLowerCase() && (!channel || m.channel === channel));
}

export function codeIn(message: OutboxEntry): string {
  const m = /(?<![\d+])(\d{6})(?!\d)/.exec(message.text);
  if (!m) throw new Error(`no code in: ${message.text}`);
  return m[1];
}

/** The path and query of the cabinet link in a message (the page under test is on the same origin). */
export function linkIn(message: OutboxEntry): string {
  const m = /https?:\/\/\S+/.exec(message.text);
  if (!m) throw new Error(`no link in: ${message.text}`);
  const url = new URL(m[0]);
  return url.pathname + url.search;
}

/** The latest SMS code sent to a phone since the `since`-th message. */
export async function smsCode(phone: string, since = 0): Promise<string> {
  return codeIn(await waitForMessage(phone, { channel: 'sms', since }));
}

// ——— The public API, as an app or an integrator would call it ———

export async function graphql<T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown> = {},
  { token }: { token?: string } = {},
): Promise<{ data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }> {
  const response = await fetch(`${baseUrl()}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return response.json() as never;
}

/** A solved captcha, as the widget would send it (altcha-lib's solver, the same work). */
export async function solvedCaptcha(): Promise<string> {
  const challenge = (await (await fetch(`${baseUrl()}/captcha/challenge`)).json()) as Challenge;
  const solution = await solveChallenge({ challenge, deriveKey });
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

export interface TestAccount {
  phone: string;
  password: string;
  email: string;
  fullName: string;
  /** A bearer token of the registration's session. */
  token: string;
}

/** Registers an account through the API (captcha, SMS code, details); its email stays unconfirmed. */
export async function registerViaApi(overrides: Partial<Omit<TestAccount, 'token'>> = {}): Promise<TestAccount> {
  const account = {
    phone: overrides.phone ?? uniquePhone(),
    password: overrides.password ?? `test-${randomInt(0, 1e9).toString(36)}-pass`,
    email: overrides.email ?? uniqueEmail(),
    fullName: overrides.fullName ?? 'Иванов Иван Иванович',
  };
  const since = messagesTo(account.phone, 'sms').length;
  const sent = await graphql<{ requestRegistrationCode: { challenge: string } }>(`mutation($p: String!, $c: String!) { requestRegistrationCode(phone: $p, captcha: $c) { challenge } }`, {
    p: account.phone,
    c: await solvedCaptcha(),
  });
  if (!sent.data) throw new Error(JSON.stringify(sent.errors));
  const code = await smsCode(account.phone, since);
  const verified = await graphql<{ verifyRegistrationCode: { verificationToken: string } }>(
    `mutation($p: String!, $c: String!, $ch: String!) { verifyRegistrationCode(phone: $p, code: $c, challenge: $ch) { verificationToken } }`,
    { p: account.phone, c: code, ch: sent.data.requestRegistrationCode.challenge },
  );
  if (!verified.data) throw new Error(JSON.stringify(verified.errors));
  const registered = await graphql<{ register: { token: string } }>(`mutation($i: RegisterInput!) { register(input: $i) { token } }`, {
    i: { verificationToken: verified.data.verifyRegistrationCode.verificationToken, password: account.password, fullName: account.fullName, email: account.email },
  });
  if (!registered.data) throw new Error(JSON.stringify(registered.errors));
  return { ...account, token: registered.data.register.token };
}

/** Opens the confirmation link of the account's latest confirmation email through the API. */
export async function confirmEmailViaApi(email: string): Promise<void> {
  const link = linkIn(await waitForMessage(email, { channel: 'email', match: /confirm-email/ }));
  const token = new URL(link, 'http://x').searchParams.get('token');
  const r = await graphql(`mutation($t: String!) { confirmEmail(token: $t) { id } }`, { t: token });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
}

// ——— The database (only for what no API does) ———

/**
 * `work` on the running product's SQLite database, closed after. The server writes all the while (readings, rollups,
 * the sweep): a statement waits for its transaction instead of failing with «database is locked» at once.
 */
export function database<T>(work: (db: InstanceType<typeof Database>) => T): T {
  const db = new Database(path.join(dataDir(), 'askue.sqlite'));
  db.exec('PRAGMA busy_timeout = 10000');
  try {
    return work(db);
  } finally {
    db.close();
  }
}

/** Makes the phone's outstanding codes expire a minute ago, as if ten minutes had passed. */
export function expireCodes(phone: string): void {
  database((db) => db.prepare('update phone_code set expires_at = ? where phone = ? and used_at is null').run(Date.now() - 60_000, phone));
}
