/**
 * Test harness: a real API on a real database (a fresh SQLite file, or a fresh PostgreSQL database when
 * TEST_DATABASE_URL is set), real HTTP and WebSocket clients. No mocks.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { startApi, type RunningApi } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Logger } from '../src/log.js';
import { Mailbox, SmsGateway } from './delivery.js';

/** A pack as `ingestReadings` takes it, column by column, from readings written one object each. */
export function toColumns(pack: { token: string; readings: Array<{ meter: string; quantity: string; time: number; value: number }> }) {
  const r = pack.readings;
  return { token: pack.token, meters: r.map((x) => x.meter), quantities: r.map((x) => x.quantity), times: r.map((x) => x.time), values: r.map((x) => x.value) };
}

export type Engine = 'sqlite' | 'postgresql';

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (and then it must work: no silent skip). */
export const engines: Engine[] = ['sqlite', ...(process.env.TEST_DATABASE_URL ? (['postgresql'] as const) : [])];

export const BRIDGE_SECRET = 'test-bridge-secret-0123456789abcdefghij';
export const SECRET_KEY = 'test-secret-key-0123456789abcdefghijklmnop';

/** A fresh, empty PostgreSQL database; dropped by the returned function. */
export async function freshPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error('TEST_DATABASE_URL is not set');
  const name = `askue_t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestApi {
  api: RunningApi;
  url: string;
  wsUrl: string;
  dataDir: string;
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<{ data?: T; errors?: any[]; status: number; headers: Headers }>;
  signInDemo(): Promise<string>;
  /** Solves a captcha challenge the way the ALTCHA widget does and returns the payload to submit. */
  captcha(): Promise<string>;
  ingest(packs: Array<{ token: string; readings: Array<{ meter: string; quantity: string; time: number; value: number }> }>): Promise<any>;
  subscribe(token: string | undefined, query: string, variables?: Record<string, unknown>): Subscription;
  close(): Promise<void>;
}

export interface StartOptions {
  /** SMTP and SMS gateway URLs (real local stand-ins started by the test). */
  delivery?: { smtpUrl: string; smsUrl: string };
  engine?: Engine;
  /** An existing database to use instead of a fresh one (for several APIs on one database). */
  databaseUrl?: string;
  redis?: boolean;
  redisPrefix?: string;
  env?: Record<string, string>;
  /** Where the API logs (default: a logger at TEST_LOG_LEVEL, silent unless set). */
  log?: Logger;
}

export async function startTestApi(options: StartOptions = {}): Promise<TestApi> {
  const engine = options.engine ?? 'sqlite';
  const dataDir = await mkdtemp(path.join(tmpdir(), 'askue-api-'));
  const pgdb = engine === 'postgresql' && !options.databaseUrl ? await freshPostgres() : null;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    PORT: '0',
    BRIDGE: '0',
    BRIDGE_SECRET,
    SECRET_KEY,
    DEMO: '1',
    SERVE_WEB: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...(engine === 'postgresql' ? { DATABASE_URL: options.databaseUrl ?? pgdb!.url } : {}),
    ...(options.redis ? { REDIS_URL: requireEnv('TEST_REDIS_URL'), REDIS_PREFIX: options.redisPrefix ?? `t${randomBytes(4).toString('hex')}` } : {}),
    // The captcha's proof of work at a token cost: tests solve many of them.
    CAPTCHA_COST: '10',
    // Every test client is 127.0.0.1: the per-address limits are raised here and tested on their own.
    CODES_PER_IP_PER_HOUR: '10000',
    SIGN_IN_FAILURES_PER_IP_PER_HOUR: '10000',
    BIND_FAILURES_PER_IP_PER_HOUR: '10000',
    ...(options.delivery ? { SMTP_URL: options.delivery.smtpUrl, SMS_GATEWAY_URL: options.delivery.smsUrl } : {}),
    ...options.env,
  };
  const api = await startApi(loadConfig(env), options.log);
  const url = api.url;
  const wsUrl = url.replace(/^http/, 'ws') + '/graphql';
  const gql: TestApi['gql'] = async (query, variables, token) => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: any[] };
    return { ...body, status: res.status, headers: res.headers };
  };
  const subscriptions: Subscription[] = [];
  return {
    api,
    url,
    wsUrl,
    dataDir,
    gql,
    async captcha() {
      const r = await gql(`{ captchaChallenge }`);
      const challenge = JSON.parse(r.data.captchaChallenge);
      const solution = await solveChallenge({ challenge, deriveKey });
      return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
    },
    async signInDemo() {
      const demo = api.demo!;
      const r = await gql(`mutation($p: String!, $w: String!) { signIn(phone: $p, password: $w) { token } }`, { p: demo.phone, w: demo.password });
      if (!r.data) throw new Error(JSON.stringify(r.errors));
      return r.data.signIn.token as string;
    },
    async ingest(packs) {
      const r = await gql(
        `mutation($p: [ReadingPackInput!]!) { ingestReadings(packs: $p) { status stored duplicates message } }`,
        { p: packs.map(toColumns) },
        BRIDGE_SECRET,
      );
      if (r.errors) return r;
      return r.data.ingestReadings;
    },
    subscribe(token, query, variables) {
      const s = new Subscription(wsUrl, token, query, variables);
      subscriptions.push(s);
      return s;
    },
    async close() {
      await Promise.all(subscriptions.map((s) => s.close()));
      await api.close();
      await pgdb?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A test API whose email and SMS reach stand-ins of the test's own: a real SMTP server and an SMS gateway. */
export interface DeliveringTestApi extends TestApi {
  mail: Mailbox;
  sms: SmsGateway;
}

/** Starts the stand-ins and an API that delivers to them; `close` stops all three. */
export async function startWithDelivery(options: Omit<StartOptions, 'delivery'> = {}): Promise<DeliveringTestApi> {
  const [mail, sms] = await Promise.all([Mailbox.start(), SmsGateway.start()]);
  const t = await startTestApi({ ...options, delivery: { smtpUrl: mail.url, smsUrl: sms.url } });
  return {
    ...t,
    mail,
    sms,
    async close() {
      await t.close();
      await mail.close();
      await sms.close();
    },
  };
}

/**
 * The API of a describe block: started before its tests and closed after them, the setup every such block
 * wrote out by hand. `const t = apiForBlock(() => startWithDelivery({ engine }))`; the handle forwards to the
 * started API, so the tests use `t` as the API itself (reading it before the start throws).
 */
export function apiForBlock<T extends TestApi>(start: () => Promise<T>): T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  });
  afterAll(() => started?.close());
  return new Proxy({} as T, {
    get(_, key) {
      if (!started) throw new Error(`the test API is read (${String(key)}) before it is started`);
      return Reflect.get(started, key);
    },
  });
}

export function requireEnv(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
}

/** A graphql-ws subscription that records what arrives, for assertions. */
export class Subscription {
  readonly client: Client;
  readonly events: any[] = [];
  readonly errors: any[] = [];
  closeCode: number | undefined;
  completed = false;
  private waiters: Array<() => void> = [];
  private dispose: () => void = () => {};

  constructor(url: string, token: string | undefined, query: string, variables?: Record<string, unknown>) {
    this.client = createClient({
      url,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      // Closing is recorded in `closeCode`; the default handler would print the CloseEvent.
      onNonLazyError: () => {},
      connectionParams: token ? { authorization: `Bearer ${token}` } : undefined,
      on: {
        closed: (e) => {
          this.closeCode = (e as { code?: number }).code;
          this.notify();
        },
      },
    });
    this.dispose = this.client.subscribe(
      { query, variables },
      {
        next: (v) => {
          if (v.errors) this.errors.push(...v.errors);
          if (v.data) this.events.push(v.data);
          this.notify();
        },
        error: (e) => {
          // An `error` message carries a list of GraphQL errors; a failed connection, one error or event.
          if (Array.isArray(e)) this.errors.push(...e);
          else this.errors.push(e);
          this.notify();
        },
        complete: () => {
          this.completed = true;
          this.notify();
        },
      },
    );
  }

  private notify() {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  /** Waits until `predicate` holds, or fails after `timeoutMs`. */
  async until(predicate: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; events=${JSON.stringify(this.events)} errors=${JSON.stringify(this.errors)} close=${this.closeCode}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 100));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async close() {
    this.dispose();
    await this.client.dispose();
  }
}

/** Keeps sending until the subscriber has it: right after subscribing the server may not have registered it yet. */
/** Polls `check` until it holds, every `stepMs`; fails naming `what` after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string, stepMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}

export async function deliverUntilSeen(send: () => Promise<unknown>, seen: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!seen()) {
    if (Date.now() > deadline) throw new Error('not delivered in time');
    await send();
    await new Promise((r) => setTimeout(r, 100));
  }
}
