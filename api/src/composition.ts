/**
 * The composition root: the one place that knows how the domain services are built and what each needs. The
 * GraphQL layer and the HTTP handlers get a `Context` from `createContext` and never construct a service; domains
 * import only the `Context` type from here (type-only, so no module loads this file to use it).
 */
import type { EntityManager } from '@mikro-orm/knex';
import type { Request, Response } from 'express';
import type { Principal, ClientMeta } from './accounts/session.service.js';
import { SessionService } from './accounts/session.service.js';
import { AccessTokenService } from './accounts/access-token.service.js';
import { AccountsService } from './accounts/accounts.service.js';
import { VerificationService } from './accounts/verification.service.js';
import type { Channels } from './delivery/channels.js';
import { CaptchaService, type CaptchaKeys } from './security/captcha.service.js';
import type { RateLimits } from './security/rate-limits.js';
import type { Config } from './config.js';
import { AccessService } from './devices/access.service.js';
import { DeviceConfigService } from './devices/device-config.service.js';
import { BindingService } from './devices/binding.service.js';
import { ProvisioningService } from './devices/provisioning.service.js';
import type { Orm } from './db/orm.js';
import type { Logger } from './log.js';
import type { Health } from './ops/health.js';
import type { SharedDelivery } from './graphql/shared-execution.js';
import type { Metrics } from './ops/metrics.js';
import type { LivePubSub } from './pubsub/pubsub.js';
import { IngestService } from './ingest/ingest.service.js';
import { LiveService } from './live/live.service.js';
import { QualityService } from './quality/quality.service.js';
import { ReportService } from './reports/reports.service.js';
import { RollupService } from './reports/rollups.service.js';
import { ReadingsService } from './readings/readings.service.js';
import { secretsEqual } from './security/tokens.js';
import type { Contacts } from './support/contacts.js';
import { SupportService } from './support/support.service.js';
import type { SubmissionEngine } from './submissions/engine.js';
import { SubmissionsService } from './submissions/submissions.service.js';
import { SuppliersService } from './suppliers/suppliers.service.js';
import { TariffsService } from './tariffs/tariffs.service.js';
import { CostService } from './tariffs/cost.service.js';
import { AlertJob } from './alerts/alert-job.js';
import { AlertsService } from './alerts/alerts.service.js';
import { TariffCache } from './tariffs/tariff-cache.js';
import type { WebhookEngine } from './webhooks/webhook-engine.js';
import { WebhooksService } from './webhooks/webhooks.service.js';

/** Long-lived parts of the running API, shared by every request. */
export interface AppDeps {
  config: Config;
  orm: Orm;
  pubSub: LivePubSub;
  log: Logger;
  channels: Channels;
  limits: RateLimits;
  keys: { captcha: CaptchaKeys; codes: string; claims: string };
  contacts: Contacts;
  /** The cabinet's address for links in messages: PUBLIC_URL, or this server's own URL once it listens. */
  publicUrl: () => string;
  metrics: Metrics;
  health: Health;
  /** Submissions of readings to suppliers: the delivery engine of this process. */
  submissions: SubmissionEngine;
  /** Tariffs as loaded, kept between this process's requests while unchanged (tariffs/tariff-cache.ts). */
  tariffCache: TariffCache;
  /** When warnings are evaluated: after ingest and by a periodic sweep (alerts/alert-job.ts). */
  alerts: AlertJob;
  /** Integrators' webhooks: the signed, retried sender of this process (webhooks/webhook-engine.ts). */
  webhooks: WebhookEngine;
}

export interface Context {
  em: EntityManager;
  /** The signed-in account, or null. */
  principal: Principal | null;
  /** The request carries the device bridges' service credential. */
  isBridge: boolean;
  client: ClientMeta;
  /** Present on HTTP requests (not on WebSocket operations): lets sign-in set and sign-out clear the cookie. */
  http: { req: Request; res: Response } | null;
  services: Services;
  deps: AppDeps;
  /** On a WebSocket subscription whose results subscribers share (graphql/shared-execution.ts). */
  sharedDelivery?: SharedDelivery;
}

/**
 * An object whose properties are made on first use (then kept): a context's services are built lazily, since an
 * operation uses one or two of them and a live subscription keeps its context for as long as it runs.
 */
function lazily<T extends object>(factories: { [K in keyof T]: () => T[K] }): T {
  const out = {} as T;
  for (const key of Object.keys(factories) as Array<keyof T>) {
    Object.defineProperty(out, key, {
      configurable: true,
      enumerable: true,
      get() {
        const value = factories[key]();
        Object.defineProperty(out, key, { value, enumerable: true });
        return value;
      },
    });
  }
  return out;
}

/** Every domain service; a context builds each on first use (see `lazily`). */
export interface Services {
  sessions: SessionService;
  captcha: CaptchaService;
  support: SupportService;
  rollups: RollupService;
  reports: ReportService;
  quality: QualityService;
  accounts: AccountsService;
  accessTokens: AccessTokenService;
  access: AccessService;
  readings: ReadingsService;
  live: LiveService;
  ingest: IngestService;
  bindings: BindingService;
  provisioning: ProvisioningService;
  deviceConfig: DeviceConfigService;
  verification: VerificationService;
  suppliers: SuppliersService;
  /** Tariffs (supplier and customer-own) and the tariff comparison; pricing itself is tariffs/pricing.ts. */
  tariffs: TariffsService;
  /** Which tariff prices a meter, and what its consumption costs (reports, today, month, summary, comparison). */
  cost: CostService;
  submissions: SubmissionsService;
  /** Warnings: evaluation, the customer's alerts, away mode (alerts/). */
  alerts: AlertsService;
  /** Integrators' webhooks (webhooks/). */
  webhooks: WebhooksService;
}

function createServices(em: EntityManager, deps: AppDeps): Services {
  const s: Services = lazily<Services>({
    access: () => new AccessService(em),
    sessions: () => new SessionService(em, sessionDeps(deps)),
    verification: () =>
      new VerificationService(em, {
        channels: deps.channels,
        limits: deps.limits,
        codeKey: deps.keys.codes,
        operatorName: deps.config.operatorName,
      }),
    captcha: () => new CaptchaService(em, deps.keys.captcha, deps.config.captcha.cost),
    rollups: () => new RollupService(em, deps.config.reportTimeZone),
    readings: () => new ReadingsService(em, deps.pubSub, s.access, freshAccessOf(deps.orm)),
    reports: () => new ReportService(em, s.rollups),
    support: () =>
      new SupportService(em, s.captcha, {
        channels: deps.channels,
        limits: deps.limits,
        pubSub: deps.pubSub,
        log: deps.log,
        operatorName: deps.config.operatorName,
        supportEmail: () => deps.config.support.email ?? deps.contacts.email ?? null,
        publicUrl: deps.publicUrl,
      }),
    quality: () => new QualityService(em, s.reports),
    accounts: () => new AccountsService(em, { ...deps, publicUrl: deps.publicUrl }, s.verification, s.sessions, s.captcha),
    accessTokens: () => new AccessTokenService(em),
    live: () => new LiveService(em, s.readings, s.access),
    ingest: () => new IngestService(em, deps.pubSub, (err) => deps.log.error({ err }, 'ingest: storage failed'), (ids) => deps.alerts.stored(ids), { days: deps.config.readings.retentionDays }),
    bindings: () => new BindingService(em, s.access, { limits: deps.limits, pubSub: deps.pubSub, claimKey: deps.keys.claims, alerts: s.alerts }),
    provisioning: () => new ProvisioningService(em, { claimKey: deps.keys.claims, publicUrl: deps.publicUrl, bridges: { announce: (id) => s.deviceConfig.announce(id) }, alerts: s.alerts }),
    deviceConfig: () => new DeviceConfigService(em, deps.pubSub, (err) => deps.log.error({ err }, 'device config: storage failed')),
    suppliers: () => new SuppliersService(em, deps.submissions),
    tariffs: () => new TariffsService(em),
    cost: () => new CostService(em, s.reports, s.tariffs, Date.now, deps.tariffCache),
    submissions: () => new SubmissionsService(em, s.access, deps.submissions),
    alerts: () => new AlertsService(em, alertsDeps(deps)),
    webhooks: () => new WebhooksService(em, { engine: deps.webhooks }),
  });
  return s;
}

/** AccessServices on fresh EntityManagers, for a stream that outlives its operation (it must not keep the operation's). */
const freshAccessOf = (orm: Orm) => () => new AccessService(orm.em.fork());

export const alertsDeps = (deps: AppDeps) => deps.alerts.deps;

const sessionDeps = (deps: AppDeps) => ({ config: deps.config.session, limits: deps.limits, pubSub: deps.pubSub });

export interface Auth {
  principal: Principal | null;
  isBridge: boolean;
}

/** Who is calling: the bridges' service credential, a session or access token, or nobody. */
export async function authenticate(deps: AppDeps, token: string | undefined): Promise<Auth> {
  if (!token) return { principal: null, isBridge: false };
  if (secretsEqual(token, deps.config.bridge.secret)) return { principal: null, isBridge: true };
  const principal = await new SessionService(deps.orm.em.fork(), sessionDeps(deps)).authenticate(token);
  return { principal, isBridge: false };
}

/** A context per operation, with an EntityManager of its own. */
export function createContext(deps: AppDeps, auth: Auth, client: ClientMeta, http: Context['http']): Context {
  const em = deps.orm.em.fork();
  return { em, ...auth, client, http, services: createServices(em, deps), deps };
}
