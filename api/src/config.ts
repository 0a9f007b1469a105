/**
 * The API's configuration: read from the environment once, validated, typed.
 * Nothing else in this package reads `process.env`, except the launcher's own settings (launcher/config.ts).
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { z } from 'zod';

const flag = (fallback: boolean) =>
  z
    .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], {
      error: 'expected 1/0, true/false, yes/no or on/off',
    })
    .optional()
    .transform((v) => (v === undefined ? fallback : ['1', 'true', 'yes', 'on'].includes(v)));

const port = (fallback: number) =>
  z.coerce
    .number({ error: 'expected a port number' })
    .int('expected a whole port number')
    .min(0, 'expected a port from 0 to 65535')
    .max(65535, 'expected a port from 0 to 65535')
    .default(fallback);

const url = (protocols: string[]) =>
  z
    .string()
    .optional()
    .refine(
      (v) => {
        if (v === undefined || v === '') return true;
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      { message: `expected a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
    )
    .transform((v) => (v ? v : undefined));

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Interface the HTTP server binds to (default 127.0.0.1: the demo is local; set 0.0.0.0 to expose it). */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** One HTTP port serves the cabinet and /graphql (default 3000). */
  PORT: port(3000),
  /** Where the embedded database, demo.json and the outbox live (default ./data, relative to where pnpm was started). */
  DATA_DIR: z.string().min(1).default('data'),
  /** postgres://… switches storage from the embedded SQLite file to PostgreSQL. */
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  /** redis://… switches pub/sub from in-process to Redis, so several API processes share live readings. */
  REDIS_URL: url(['redis:', 'rediss:']),
  /** Prefix for Redis channels, so several deployments (or test runs) can share one Redis (default askue). */
  REDIS_PREFIX: z.string().regex(/^[\w.-]+$/, 'expected letters, digits, dot, dash or underscore').default('askue'),
  /**
   * 1: REDIS_URL names one node of a Redis Cluster (Redis 7+); the API learns the other nodes from it. Live events
   * then use sharded pub/sub (SPUBLISH/SSUBSCRIBE): each channel (one per meter) lives on the node owning its slot,
   * so fan-out is split between the nodes. Default 0: REDIS_URL is a single Redis.
   */
  REDIS_CLUSTER: flag(false),
  /**
   * Service credential of device bridges (≥ 32 characters). Generated per run when the API starts
   * the bridge itself; required when bridges run as separate processes.
   */
  BRIDGE_SECRET: z.string().min(32, 'expected at least 32 characters').optional(),
  /** Start the CoAP bridge as a child process (default on: the embedded single-machine setup). */
  BRIDGE: flag(true),
  /** UDP port of the CoAP bridge started by the API (default 5683). */
  COAP_PORT: port(5683),
  /** HTTP port of the bridge started by the API: its /healthz, /readyz, /metrics (default 0: any free port, printed at start). */
  BRIDGE_HTTP_PORT: port(0),
  /** Interface of the CoAP bridge started by the API (default :: — all interfaces, IPv4 and IPv6). */
  COAP_HOST: z.string().min(1).default('::'),
  /** Create demo data on an empty database (default on for the embedded SQLite database outside production). */
  DEMO: z.enum(['1', '0', 'true', 'false']).optional(),
  /** Feed the demo meters with simulated readings over CoAP (default on in demo mode). */
  SIMULATE: flag(true),
  /** The demo simulator plays trouble on top of normal use: burst, leak or voltage (device-bridge/src/simulator/scenarios.ts). */
  SCENARIO: z.enum(['burst', 'leak', 'voltage']).optional(),
  /** Serve the cabinet (default on). */
  SERVE_WEB: flag(true),
  /** Where the cabinet's static build is (default: web/build of this repository). */
  WEB_DIR: z.string().min(1).optional(),
  /** Extra origins allowed to open the WebSocket with cookies, comma-separated (the API's own origin always is). */
  ALLOWED_ORIGINS: z.string().default(''),
  /** Mark the session cookie Secure. Default: on in production. */
  COOKIE_SECURE: z.enum(['1', '0', 'true', 'false']).optional(),
  /**
   * Reverse proxies in front of the API whose X-Forwarded-For is trusted (default 0). The client's address — what
   * per-address limits count — is taken that many entries from the right of X-Forwarded-For, so a client cannot
   * pick its own by sending the header. `true` means 1.
   */
  TRUST_PROXY: z
    .string()
    .default('0')
    .transform((v) => (v === 'true' || v === 'yes' || v === 'on' ? 1 : v === 'false' || v === 'no' || v === 'off' ? 0 : Number(v)))
    .pipe(z.number({ error: 'expected a number of proxies (0, 1, 2…) or true/false' }).int('expected a whole number of proxies').min(0).max(10)),
  /** Session lifetime in days (default 30). */
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Master secret for HMACs (captcha signatures, one-time codes), ≥ 32 characters. Kept in DATA_DIR/secret.key
   * when unset on one machine; required when several API processes must agree (BRIDGE=0) and in production.
   */
  SECRET_KEY: z.string().min(32, 'expected at least 32 characters').optional(),
  /** The operator's name in messages to customers (default Комета). */
  OPERATOR_NAME: z.string().min(1).max(100).optional(),
  /** The name in English messages (default Cometa, or OPERATOR_NAME when that is set). */
  OPERATOR_NAME_EN: z.string().min(1).max(100).optional(),
  /** The cabinet's address as customers reach it, for links in emails (default: this server's own URL). */
  PUBLIC_URL: url(['http:', 'https:']),
  /** smtp(s)://user:pass@host:port — sends email; unset: emails go to DATA_DIR/outbox.jsonl (not in production). */
  SMTP_URL: url(['smtp:', 'smtps:']),
  /** Sender address of emails (default: no-reply@ the public host). */
  SMTP_FROM: z.string().min(3).optional(),
  /** An SMS gateway taking a JSON POST {"phone","text"}; unset: SMS go to DATA_DIR/outbox.jsonl (not in production). */
  SMS_GATEWAY_URL: url(['http:', 'https:']),
  /** Shortest password accepted (default 8, as OWASP ASVS asks; may be lowered to the seed's 6). */
  PASSWORD_MIN_LENGTH: z.coerce.number().int().min(6, 'expected at least 6').max(64).default(8),
  /** Offer «Отправить пароль» (one email with the login and the password just set) at registration (default on). */
  SEND_PASSWORD_EMAIL: flag(true),
  /**
   * SMS codes (and recovery emails) one client address may ask for in an hour (default 20). Raise it when many
   * customers share an address (carrier NAT); each phone keeps its own limit of one a minute and five an hour.
   */
  CODES_PER_IP_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(20),
  /** Failed sign-ins one client address may make in an hour, over all phones (default 30). */
  SIGN_IN_FAILURES_PER_IP_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(30),
  /** Wrong claim codes one client address may send in an hour, over all accounts (default 30; raise behind carrier NAT). */
  BIND_FAILURES_PER_IP_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(30),
  /** Callback requests and feedback messages one client address may send in an hour (default 5). */
  CONTACT_FORMS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(5),
  /**
   * The time zone of the daily rollups (default Europe/Moscow): monthly and daily reports in this zone read one
   * row per day; reports in other zones are computed from the hourly rollups.
   */
  REPORT_TIME_ZONE: z.string().default('Europe/Moscow').refine((v) => DateTime.now().setZone(v).isValid, { message: 'expected an IANA time zone, e.g. Europe/Moscow' }),
  /**
   * Days of raw readings kept (default: all, for ever). PostgreSQL only: older weekly partitions are dropped whole
   * and ingest refuses readings older than this; the hourly and daily rollups — what reports read — are kept.
   */
  RAW_READINGS_RETENTION_DAYS: z.coerce.number({ error: 'expected a number of days' }).int('expected a whole number of days').min(7, 'expected at least 7 days').max(36_500).optional(),
  /**
   * What executes GraphQL queries over HTTP (default jit): `jit` — graphql-jit, each document compiled once
   * (graphql/jit-executor.ts); `graphql-js` — graphql-js's interpreter, slower on large answers, kept as the way
   * back should a compiled query ever answer differently. Mutations and subscriptions are graphql-js's either way.
   */
  GRAPHQL_EXECUTOR: z.enum(['jit', 'graphql-js']).default('jit'),
  /** Where feedback and new support messages are emailed (default: the email of the contacts file). */
  SUPPORT_EMAIL: z.string().email('expected an email address').optional(),
  /** The operator's contacts shown to customers: a JSON file (default api/config/contacts.json). */
  CONTACTS_FILE: z.string().min(1).optional(),
  /** Proof-of-work cost of the captcha: PBKDF2 iterations per attempt (default 1000 ≈ 1 s of work in a browser). */
  CAPTCHA_COST: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  /**
   * Bearer token that opens GET /metrics (Prometheus) to any address. Unset: /metrics answers only direct
   * requests from this machine (loopback, no X-Forwarded-For), so a reverse proxy never exposes it.
   */
  METRICS_TOKEN: z.string().min(16, 'expected at least 16 characters').optional(),
  /**
   * Seconds between SIGTERM and closing the listeners, during which /readyz answers 503 so a load balancer stops
   * sending new requests (default 0; a few seconds behind a load balancer).
   */
  SHUTDOWN_DRAIN_S: z.coerce.number().min(0).max(120).default(0),
  /** Seconds in-flight requests get to finish after SIGTERM before the process exits anyway (default 15). */
  SHUTDOWN_TIMEOUT_S: z.coerce.number().min(1).max(600).default(15),
  /**
   * Seconds between passes of the submission engine (default 30): it makes the month's submissions when a supplier's
   * window opens, sends what is due and retries. 0 turns the timer off (tests drive the engine themselves).
   */
  SUBMISSIONS_TICK_S: z.coerce.number().min(0).max(3600).default(30),
  /**
   * Seconds between sweeps for warnings about absence — a silent modem, a verification date, an away period that
   * ended (default 60); 0 turns the timer off (tests sweep themselves). Leaks and bursts are evaluated on ingest.
   */
  ALERTS_TICK_S: z.coerce.number().min(0).max(3600).default(60),
  /**
   * Recompute the hourly and daily rollups inside this API process, within a tenth of its time (default on: the
   * embedded default has no other process). Set 0 when rollup workers (`pnpm start:worker`) do it.
   */
  ROLLUP_JOB: flag(true),
  /**
   * How old (seconds) a meter's first new reading must be before the rollup job (in APIs or workers) recomputes
   * its range (default 3600): the readings of that hour are recomputed together, so a live meter costs the job one
   * range an hour whether it reports every 15 minutes or every minute; late data and backfills are old already and
   * go at once. Reports, costs and alerts never wait for it: they bring their own meter up to date first.
   * 0: as soon as the job runs.
   */
  ROLLUP_SETTLE_S: z.coerce.number().int().min(0).max(86_400).default(3600),
  /** Milliseconds a committed batch's meters wait to be evaluated together (default 500). */
  ALERTS_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(500),
  /** Who push services may contact about our Web Push traffic (RFC 8292): mailto: or https:; default the support email. */
  VAPID_SUBJECT: z.string().regex(/^(mailto:|https:\/\/)/, 'a mailto: or https: URL').optional(),
  /** Seconds between passes of the webhook sender (default 10; every new message is also sent at once). 0: off. */
  WEBHOOKS_TICK_S: z.coerce.number().min(0).max(3600).default(10),
  /**
   * Webhooks may target loopback and private addresses and plain http (default: yes outside production, where
   * only https to public addresses is allowed — a customer's URL must not reach into the server's network).
   */
  WEBHOOKS_ALLOW_PRIVATE: z.enum(['0', '1']).transform((v) => v === '1').optional(),
  /** Open GraphQL WebSockets per account (default 20); one more is closed with 4430. */
  WS_PER_ACCOUNT: z.coerce.number().int().min(1).max(100_000).default(20),
  /** Open WebSockets per client address (default 200): a handshake beyond it is refused with HTTP 429. */
  WS_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(200),
});

export type Config = ReturnType<typeof loadConfig>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * For a process's entry point: its configuration, or every problem on stderr and exit 78 (EX_CONFIG). `needs`
 * names what this process requires beyond the API's own (e.g. the rollup worker: PostgreSQL).
 */
export function loadConfigOrExit(needs: (config: Config) => string[] = () => []): Config {
  try {
    const config = loadConfig();
    const problems = needs(config);
    if (problems.length) throw new ConfigError(problems);
    return config;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(78);
  }
}

/** Parses an environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0]);
        // Secrets, and URLs that may carry a password, are named but never echoed.
        const shown = /SECRET|KEY|PASSWORD|_URL$/.test(name) ? '' : ` (got ${JSON.stringify(env[name])})`;
        return `${i.path.join('.')}: ${i.message}${shown}`;
      }),
    );
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const truthy = (v: string | undefined, fallback: boolean) => (v === undefined ? fallback : v === '1' || v === 'true');
  const problems: string[] = [];
  if (e.REDIS_CLUSTER && !e.REDIS_URL) problems.push('REDIS_CLUSTER: needs REDIS_URL, the address of one node of the cluster');
  if (!e.BRIDGE && !e.BRIDGE_SECRET) {
    problems.push('BRIDGE_SECRET: required when BRIDGE=0 (bridges run as separate processes and must share the secret)');
  }
  if (production && !e.BRIDGE_SECRET) {
    problems.push('BRIDGE_SECRET: required in production');
  }
  if ((production || !e.BRIDGE) && !e.SECRET_KEY) {
    problems.push('SECRET_KEY: required in production and when API processes run side by side (BRIDGE=0)');
  }
  if (production && !e.SMTP_URL) problems.push('SMTP_URL: required in production (the development outbox is off there)');
  if (production && !e.SMS_GATEWAY_URL) problems.push('SMS_GATEWAY_URL: required in production (the development outbox is off there)');
  if (e.RAW_READINGS_RETENTION_DAYS !== undefined && !e.DATABASE_URL) {
    problems.push('RAW_READINGS_RETENTION_DAYS: applies to PostgreSQL only (DATABASE_URL); the embedded SQLite database keeps every reading');
  }
  if (problems.length) throw new ConfigError(problems);

  // pnpm runs package scripts inside the package folder; relative paths are meant from where the user typed the command.
  const baseDir = env.INIT_CWD ?? process.cwd();
  const dataDir = path.resolve(baseDir, e.DATA_DIR);
  const demo = truthy(e.DEMO, !production && !e.DATABASE_URL);
  return {
    env: e.NODE_ENV,
    production,
    http: { host: e.HOST, port: e.PORT, trustProxy: e.TRUST_PROXY },
    dataDir,
    database: e.DATABASE_URL
      ? ({ kind: 'postgresql', url: e.DATABASE_URL } as const)
      : ({ kind: 'sqlite', file: path.join(dataDir, 'askue.sqlite') } as const),
    redis: e.REDIS_URL ? { url: e.REDIS_URL, prefix: e.REDIS_PREFIX, cluster: e.REDIS_CLUSTER } : undefined,
    bridge: {
      secret: e.BRIDGE_SECRET ?? randomBytes(32).toString('base64url'),
      spawn: e.BRIDGE,
      coapPort: e.COAP_PORT,
      coapHost: e.COAP_HOST,
      httpPort: e.BRIDGE_HTTP_PORT,
    },
    demo,
    simulate: demo && e.SIMULATE,
    scenario: e.SCENARIO ?? null,
    serveWeb: e.SERVE_WEB,
    webDir: e.WEB_DIR ? path.resolve(baseDir, e.WEB_DIR) : fileURLToPath(new URL('../../web/build', import.meta.url)),
    allowedOrigins: e.ALLOWED_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
    session: {
      cookieName: 'askue_session',
      secureCookie: truthy(e.COOKIE_SECURE, production),
      ttlMs: e.SESSION_DAYS * 24 * 3600 * 1000,
    },
    logLevel: e.LOG_LEVEL,
    secretKey: e.SECRET_KEY,
    operatorName: { RU: e.OPERATOR_NAME ?? 'Комета', EN: e.OPERATOR_NAME_EN ?? e.OPERATOR_NAME ?? 'Cometa' },
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    mail: { smtpUrl: e.SMTP_URL, from: e.SMTP_FROM },
    sms: { gatewayUrl: e.SMS_GATEWAY_URL },
    /** The development outbox (DATA_DIR/outbox.jsonl and /dev/outbox) replaces unconfigured SMTP/SMS outside production. */
    outbox: !production && (!e.SMTP_URL || !e.SMS_GATEWAY_URL),
    passwords: { minLength: e.PASSWORD_MIN_LENGTH, maxLength: 128 },
    sendPasswordEmail: e.SEND_PASSWORD_EMAIL,
    captcha: { cost: e.CAPTCHA_COST },
    reportTimeZone: e.REPORT_TIME_ZONE,
    rollups: { inProcess: e.ROLLUP_JOB, settleMs: e.ROLLUP_SETTLE_S * 1000 },
    readings: { retentionDays: e.RAW_READINGS_RETENTION_DAYS ?? null },
    graphql: { executor: e.GRAPHQL_EXECUTOR },
    support: {
      email: e.SUPPORT_EMAIL,
      contactsFile: e.CONTACTS_FILE ? path.resolve(baseDir, e.CONTACTS_FILE) : fileURLToPath(new URL('../config/contacts.json', import.meta.url)),
    },
    limits: {
      codesPerIpPerHour: e.CODES_PER_IP_PER_HOUR,
      signInFailuresPerIpPerHour: e.SIGN_IN_FAILURES_PER_IP_PER_HOUR,
      bindFailuresPerIpPerHour: e.BIND_FAILURES_PER_IP_PER_HOUR,
      contactFormsPerIpPerHour: e.CONTACT_FORMS_PER_IP_PER_HOUR,
      wsPerAccount: e.WS_PER_ACCOUNT,
      wsPerIp: e.WS_PER_IP,
    },
    submissions: { tickMs: e.SUBMISSIONS_TICK_S * 1000 },
    alerts: { tickMs: e.ALERTS_TICK_S * 1000, delayMs: e.ALERTS_DELAY_MS, vapidSubject: e.VAPID_SUBJECT ?? null },
    webhooks: { tickMs: e.WEBHOOKS_TICK_S * 1000, allowPrivate: e.WEBHOOKS_ALLOW_PRIVATE ?? !production },
    ops: { metricsToken: e.METRICS_TOKEN, drainMs: e.SHUTDOWN_DRAIN_S * 1000, shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_S * 1000 },
  };
}

/**
 * Where the user ran the command: pnpm runs a package's scripts in the package's folder and says where it was run in
 * INIT_CWD, so a path the user typed (`pnpm cli import devices.csv`) is read relative to that.
 */
export function invocationDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.INIT_CWD ?? process.cwd();
}

/** `pnpm migration:create`: the PostgreSQL server it makes a scratch database on (MIGRATION_DATABASE_URL). */
export function migrationAdminUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.MIGRATION_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}
