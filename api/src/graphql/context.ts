import type { EntityManager } from '@mikro-orm/knex';
import type { Request, Response } from 'express';
import type { Principal, ClientMeta } from '../accounts/session.service.js';
import { SessionService } from '../accounts/session.service.js';
import { AccessTokenService } from '../accounts/access-token.service.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { VerificationService } from '../accounts/verification.service.js';
import type { Channels } from '../delivery/channels.js';
import { CaptchaService, type CaptchaKeys } from '../security/captcha.service.js';
import type { RateLimits } from '../security/rate-limits.js';
import type { Config } from '../config.js';
import { AccessService } from '../devices/access.service.js';
import { DeviceConfigService } from '../devices/device-config.service.js';
import { BindingService } from '../devices/binding.service.js';
import { ProvisioningService } from '../devices/provisioning.service.js';
import type { Orm } from '../db/orm.js';
import type { Logger } from '../log.js';
import type { Health } from '../ops/health.js';
import type { Metrics } from '../ops/metrics.js';
import type { LivePubSub } from '../pubsub/pubsub.js';
import { IngestService } from '../readings/ingest.service.js';
import { LiveService } from '../readings/live.service.js';
import { QualityService } from '../readings/quality.service.js';
import { ReportService } from '../readings/reports.service.js';
import { RollupService } from '../readings/rollups.service.js';
import { ReadingsService } from '../readings/readings.service.js';
import { secretsEqual } from '../security/tokens.js';
import type { Contacts } from '../support/contacts.js';
import { SupportService } from '../support/support.service.js';

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
  services: ReturnType<typeof createServices>;
  deps: AppDeps;
}

function createServices(em: EntityManager, deps: AppDeps) {
  const access = new AccessService(em);
  const sessions = new SessionService(em, sessionDeps(deps));
  const verification = new VerificationService(em, {
    channels: deps.channels,
    limits: deps.limits,
    codeKey: deps.keys.codes,
    operatorName: deps.config.operatorName,
  });
  const captcha = new CaptchaService(em, deps.keys.captcha, deps.config.captcha.cost);
  const rollups = new RollupService(em, deps.config.reportTimeZone);
  const readings = new ReadingsService(em, deps.pubSub, access, () => new AccessService(deps.orm.em.fork()));
  const reports = new ReportService(em, rollups);
  const support = new SupportService(em, captcha, {
    channels: deps.channels,
    limits: deps.limits,
    pubSub: deps.pubSub,
    log: deps.log,
    operatorName: deps.config.operatorName,
    supportEmail: () => deps.config.support.email ?? deps.contacts.email ?? null,
    publicUrl: deps.publicUrl,
  });
  return {
    sessions,
    captcha,
    support,
    reports,
    quality: new QualityService(em, reports),
    accounts: new AccountsService(em, { ...deps, publicUrl: deps.publicUrl }, verification, sessions, captcha),
    accessTokens: new AccessTokenService(em),
    access,
    readings,
    live: new LiveService(em, readings, access),
    ingest: new IngestService(em, deps.pubSub, (err) => deps.log.error({ err }, 'ingest: storage failed')),
    bindings: new BindingService(em, access, { limits: deps.limits, pubSub: deps.pubSub, claimKey: deps.keys.claims }),
    provisioning: new ProvisioningService(em, { claimKey: deps.keys.claims, publicUrl: deps.publicUrl }),
    deviceConfig: new DeviceConfigService(em, deps.pubSub, (err) => deps.log.error({ err }, 'device config: storage failed')),
  };
}

const sessionDeps = (deps: AppDeps) => ({ config: deps.config.session, limits: deps.limits, pubSub: deps.pubSub });

/** The bearer credential of a request: `Authorization: Bearer …` first, then the session cookie. */
export function bearerFrom(authorization: unknown, cookieToken: string | undefined): string | undefined {
  if (typeof authorization === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (m) return m[1];
  }
  return cookieToken || undefined;
}

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
