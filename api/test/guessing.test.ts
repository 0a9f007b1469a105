/**
 * Guessing a secret in a burst: sign-in passwords, SMS codes (registration, recovery), claim codes and the
 * current password asked before a profile change. An attacker sends many guesses at once — concurrent HTTP
 * requests, many operations on one WebSocket, aliases in concurrent documents — hoping that they all pass a
 * limit checked before the first failure is counted. Whatever the route, at most the published number of
 * guesses may ever be compared with the secret, and the right one sent after them must be refused.
 *
 * What a client sees tells which guesses were compared: «wrong password/code» (compared, wrong), a result
 * (compared, right), RATE_LIMITED (not compared).
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { WRONG_CREDENTIALS } from '../src/accounts/session.service.js';
import { CODE_ATTEMPTS } from '../src/accounts/verification.service.js';
import { WRONG_CLAIM } from '../src/devices/binding.service.js';
import { RULES } from '../src/security/rate-limits.js';
import { freshPhone, REQUEST_CODE, VERIFY_CODE } from './accounts-support.js';
import { BIND, makeAccount, provision } from './devices-support.js';
import { engines, startTestApi, startWithDelivery, type DeliveringTestApi, type Engine, type TestApi } from './harness.js';
import { Role } from '../src/accounts/account.entity.js';

const SIGN_IN = `mutation($p: String!, $w: String!) { signIn(phone: $p, password: $w) { token } }`;
const RECOVER = `mutation($p: String!, $c: String!, $ch: String!) { recoverWithCode(phone: $p, code: $c, challenge: $ch) { token } }`;
const CHANGE_EMAIL = `mutation($e: String!, $p: String!) { changeEmail(email: $e, currentPassword: $p) { email } }`;
const PASSWORD = 'test-password-123'; // what makeAccount gives every account

interface Answer {
  data?: any;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}
interface Operation {
  query: string;
  variables?: Record<string, unknown>;
}
type Transport = 'HTTP' | 'WebSocket';

/** Sends every operation at once — concurrent HTTP requests, or one graphql-ws socket — and returns the answers in order. */
async function burst(t: TestApi, transport: Transport, token: string | undefined, operations: Operation[]): Promise<Answer[]> {
  if (transport === 'HTTP') {
    // As an attacker would: open the connections first (they stay open, keep-alive), so that the guesses
    // themselves leave together instead of one connection handshake apart.
    await Promise.all(operations.map(() => t.gql(`{ __typename }`)));
    return Promise.all(operations.map((op) => t.gql(op.query, op.variables, token)));
  }
  const client = createClient({ url: t.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: token ? { authorization: `Bearer ${token}` } : undefined });
  try {
    return await Promise.all(
      operations.map(
        (op) =>
          new Promise<Answer>((resolve, reject) => {
            let answer: Answer = {};
            client.subscribe(op, { next: (r) => (answer = r as Answer), error: reject, complete: () => resolve(answer) });
          }),
      ),
    );
  } finally {
    await client.dispose();
  }
}

/** What a client learnt from an answer: RATE_LIMITED, «accepted», or the error message. */
function outcome(a: Answer): string {
  const e = a.errors?.[0];
  if (!e) return 'accepted';
  return e.extensions?.code === 'RATE_LIMITED' ? 'RATE_LIMITED' : e.message;
}

function tally(answers: Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of answers) counts[outcome(a)] = (counts[outcome(a)] ?? 0) + 1;
  return counts;
}

/** 50 guesses, all wrong but the one at `rightAt` (0-based). */
const guesses = <T>(rightAt: number, right: T, wrong: (i: number) => T) => Array.from({ length: 50 }, (_, i) => (i === rightAt ? right : wrong(i)));

// The right guess is sent 40th on a socket, where operations start in the order they arrive. Concurrent HTTP
// requests race each other to the server, so there it goes last: the test must not depend on which of the
// first few connections happens to be served first.
const RIGHT_AT: Record<Transport, number> = { WebSocket: 39, HTTP: 49 };

// SQLite with the in-memory limiter; PostgreSQL with the limits in Redis when there is one to test with.
const setups = engines.map((engine: Engine) => ({ engine, redis: engine === 'postgresql' && !!process.env.TEST_REDIS_URL }));

describe.each(setups)('a burst of guesses on $engine (limits in Redis: $redis)', ({ engine, redis }) => {
  let t: DeliveringTestApi;
  let attacker: { token: string };
  const redisPrefix = `t${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    t = await startWithDelivery({ engine, redis, redisPrefix });
    attacker = await makeAccount(t);
  });
  afterAll(() => t.close());

  describe.each(['WebSocket', 'HTTP'] as Transport[])('over %s', (transport) => {
    it('verifies at most the published 5 of 50 concurrent sign-ins for one phone, and refuses the right password sent after them', async () => {
      const victim = await makeAccount(t);
      const rightAt = RIGHT_AT[transport];
      const passwords = guesses(rightAt, PASSWORD, (i) => `wrong-guess-${i}`);
      const answers = await burst(t, transport, attacker.token, passwords.map((w) => ({ query: SIGN_IN, variables: { p: victim.phone, w } })));
      const published = RULES.signInPhoneIp.points;
      expect(tally(answers)).toEqual({ [WRONG_CREDENTIALS]: published, RATE_LIMITED: 50 - published });
      expect(outcome(answers[rightAt])).toBe('RATE_LIMITED');
      if (redis) {
        // The count the API processes share is the one in Redis, not a per-process one.
        const store = new Redis(process.env.TEST_REDIS_URL!);
        try {
          expect(await store.keys(`${redisPrefix}:rl:signInPhoneIp:${victim.phone}|*`)).toHaveLength(1);
        } finally {
          store.disconnect();
        }
      }
    });

    it('verifies at most 5 guesses of one SMS code out of 50 concurrent ones, and refuses the right code sent after them', async () => {
      const victim = await makeAccount(t);
      // The attacker asked for the code (a stranger without its challenge could not try it at all: registration.test.ts).
      const started = await t.gql(`mutation($l: String!) { requestPasswordRecovery(login: $l) { challenge } }`, { l: victim.phone });
      const ch = started.data.requestPasswordRecovery.challenge;
      const code = await t.sms.code(victim.phone);
      const rightAt = RIGHT_AT[transport];
      const codes = guesses(rightAt, code, (i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'));
      const answers = await burst(t, transport, attacker.token, codes.map((c) => ({ query: RECOVER, variables: { p: victim.phone, c, ch } })));
      // 10 guesses a quarter of an hour reach a requested code (codeChecks); it dies after its 5th wrong one.
      const reached = RULES.codeChecks.points;
      expect(tally(answers)).toEqual({
        'Неверный код. Осталось попыток: 4': 1,
        'Неверный код. Осталось попыток: 3': 1,
        'Неверный код. Осталось попыток: 2': 1,
        'Неверный код. Осталось попыток: 1': 1,
        'Неверный код. Попытки исчерпаны — запросите новый код': 1,
        'Код больше не действует: слишком много попыток. Запросите новый код': reached - CODE_ATTEMPTS,
        RATE_LIMITED: 50 - reached,
      });
      expect(outcome(answers[rightAt])).toBe('RATE_LIMITED');
    });

    it('verifies at most the published 10 of 50 concurrent claim-code guesses by one account, and refuses the right code sent after them', async () => {
      const operator = (await makeAccount(t, Role.OPERATOR)).token;
      const serial = `BURST-${transport}-${engine}`.toUpperCase();
      const device = await provision(t, operator, serial, []);
      const guesser = await makeAccount(t);
      const rightAt = RIGHT_AT[transport];
      const codes = guesses(rightAt, device.codes[serial], (i) => `AAAAA-${String(10_000 + i)}`);
      const answers = await burst(t, transport, guesser.token, codes.map((c) => ({ query: BIND, variables: { s: serial, c } })));
      const published = RULES.bindAccount.points;
      expect(tally(answers)).toEqual({ [WRONG_CLAIM]: published, RATE_LIMITED: 50 - published });
      expect(outcome(answers[rightAt])).toBe('RATE_LIMITED');
    });

    it('verifies at most the published 10 of 50 concurrent current-password checks, and refuses the right password sent after them', async () => {
      const victim = await makeAccount(t); // someone who left a session open
      const rightAt = RIGHT_AT[transport];
      const passwords = guesses(rightAt, PASSWORD, (i) => `wrong-guess-${i}`);
      const answers = await burst(t, transport, victim.token, passwords.map((p, i) => ({ query: CHANGE_EMAIL, variables: { e: `taken${i}@example.ru`, p } })));
      const published = RULES.reauth.points;
      expect(tally(answers)).toEqual({ 'Неверный текущий пароль': published, RATE_LIMITED: 50 - published });
      expect(outcome(answers[rightAt])).toBe('RATE_LIMITED');
    });
  });

  it('verifies at most 5 sign-ins however the guesses are spread over aliases in concurrent documents', async () => {
    const victim = await makeAccount(t);
    // 20 documents of 3 aliased sign-ins each, sent at once; the last document holds the right password alone.
    const documents = Array.from({ length: 20 }, (_, d) => {
      const passwords = d === 19 ? [PASSWORD] : [0, 1, 2].map((a) => `wrong-${d}-${a}`);
      return { query: `mutation { ${passwords.map((w, a) => `a${a}: signIn(phone: "${victim.phone}", password: "${w}") { token }`).join(' ')} }` };
    });
    const answers = await burst(t, 'HTTP', undefined, documents);
    // A failed alias ends its document (mutations run one after another), so a document tries at most one.
    expect(answers.every((a) => a.errors?.length === 1)).toBe(true);
    const published = RULES.signInPhoneIp.points;
    expect(tally(answers)).toEqual({ [WRONG_CREDENTIALS]: published, RATE_LIMITED: 20 - published });
    expect(outcome(answers[19])).toBe('RATE_LIMITED');
  });

  it('verifies at most 5 guesses of a registration code sent at once, however many pass the captcha', async () => {
    const phone = freshPhone();
    const requested = await t.gql(REQUEST_CODE, { p: phone, c: await t.captcha() });
    expect(requested.errors).toBeUndefined();
    const ch = requested.data.requestRegistrationCode.challenge;
    const code = await t.sms.code(phone);
    const codes = guesses(RIGHT_AT.HTTP, code, (i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'));
    const answers = await burst(t, 'HTTP', undefined, codes.map((c) => ({ query: VERIFY_CODE, variables: { p: phone, c, ch } })));
    const compared = Object.entries(tally(answers))
      .filter(([message]) => /^Неверный код\. (Осталось попыток|Попытки исчерпаны)/.test(message))
      .reduce((n, [, count]) => n + count, 0);
    expect(compared).toBe(CODE_ATTEMPTS);
    expect(outcome(answers[RIGHT_AT.HTTP])).toBe('RATE_LIMITED');
  });
});

describe('a burst of guesses while Redis is unreachable', () => {
  let t: TestApi;
  let attacker: { token: string };

  beforeAll(async () => {
    // A port nobody listens on: every limiter call fails over to the in-memory insurance limiter.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    t = await startTestApi({ env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
    attacker = await makeAccount(t);
  });
  afterAll(() => t.close());

  it('verifies at most the published 5 of 50 sign-ins sent at once on one WebSocket: each process counts in memory instead', async () => {
    const victim = await makeAccount(t);
    const rightAt = RIGHT_AT.WebSocket;
    const passwords = guesses(rightAt, PASSWORD, (i) => `wrong-guess-${i}`);
    const answers = await burst(t, 'WebSocket', attacker.token, passwords.map((w) => ({ query: SIGN_IN, variables: { p: victim.phone, w } })));
    const published = RULES.signInPhoneIp.points;
    expect(tally(answers)).toEqual({ [WRONG_CREDENTIALS]: published, RATE_LIMITED: 50 - published });
    expect(outcome(answers[rightAt])).toBe('RATE_LIMITED');
  });
});
