/** The API as a whole: storage, pub/sub, schema and the HTTP server, started and stopped together. */
import 'reflect-metadata';
import type { Config } from './config.js';
import { openDatabase, type Orm } from './db/orm.js';
import { createChannels } from './delivery/channels.js';
import { DEMO_PHONE, seedDemo, type DemoData } from './demo/demo.js';
import type { AppDeps } from './composition.js';
import { seedDemoSuppliers } from './suppliers/demo-suppliers.js';
import { buildApiSchema } from './graphql/schema.js';
import { startHttpServer } from './http/server.js';
import { createLogger, type Logger } from './log.js';
import { Health } from './ops/health.js';
import { createMetrics } from './ops/metrics.js';
import { createLivePubSub } from './pubsub/pubsub.js';
import { startRollupJob } from './reports/rollup-job.js';
import { startPartitionMaintenance } from './readings/partitions/partition-maintenance.js';
import { RateLimits } from './security/rate-limits.js';
import { deriveKey, loadSecretKey } from './security/secret-key.js';
import { loadContacts } from './support/contacts.js';
import { SubmissionEngine } from './submissions/engine.js';
import { WebhookEngine } from './webhooks/webhook-engine.js';
import { TariffCache } from './tariffs/tariff-cache.js';
import { AlertJob } from './alerts/alert-job.js';
import { PushSender } from './alerts/push/web-push.sender.js';
import { vapidKeys } from './alerts/push/vapid.js';

export interface RunningApi {
  url: string;
  graphqlUrl: string;
  orm: Orm;
  log: Logger;
  deps: AppDeps;
  demo: DemoData | null;
  /** The demo customer of an earlier start deleted their account (demo.json's sign-in no longer works). */
  demoCustomerDeleted: boolean;
  close(): Promise<void>;
  /**
   * Graceful stop (SIGTERM): /readyz answers 503 at once; after `config.ops.drainMs` the listeners close, requests
   * in flight finish, WebSockets close with 1001 (clients reconnect to another replica), then storage closes.
   */
  shutdown(): Promise<void>;
}

export async function startApi(config: Config, log: Logger = createLogger(config.logLevel)): Promise<RunningApi> {
  const secret = await loadSecretKey(config);
  const contacts = await loadContacts(config.support.contactsFile);
  const orm = await openDatabase(config.database);
  const pubSub = await createLivePubSub(config.redis, log);
  const metrics = createMetrics();
  const bus = pubSub.bus;
  if (bus) metrics.setSources({ pubsub: () => ({ ...bus.stats, available: bus.available }) });
  // Rate limits count across API processes in Redis (with an in-memory fallback if Redis fails); on a cluster, each
  // limiter key lives on the node owning its slot.
  const limitsOptions = { enableOfflineQueue: false, maxRetriesPerRequest: 1 };
  const limitsRedis = !config.redis
    ? null
    : config.redis.cluster
      ? (await import('./pubsub/redis-cluster-bus.js')).clusterClient(config.redis.url, limitsOptions, { enableOfflineQueue: false })
      : new (await import('ioredis')).Redis(config.redis.url, limitsOptions);
  limitsRedis?.on('error', (err) => log.warn({ err: { message: err.message } }, 'Redis for rate limits unavailable: counting in memory'));
  const channels = createChannels(config, log);
  let ownUrl = `http://localhost:${config.http.port}`;
  const publicUrl = () => config.publicUrl ?? ownUrl;
  const submissions = new SubmissionEngine({
    orm,
    log,
    channels,
    pubSub,
    secretKey: deriveKey(secret, 'supplier-webhooks'),
    publicUrl,
    smtpUrl: config.mail.smtpUrl,
    mailFrom: () => config.mail.from ?? `"${config.operatorName.RU}" <no-reply@${new URL(publicUrl()).hostname}>`,
  });
  // Web Push: VAPID keys derived from the product's secret (every process and restart agree; alerts/push/vapid.ts).
  const push = new PushSender({
    keys: vapidKeys(secret),
    subject: config.alerts.vapidSubject ?? `mailto:${config.support.email ?? contacts.email ?? 'support@localhost'}`,
    // The test push service and a local demo listen on http://127.0.0.1; production push services are https.
    allowInsecureLocal: config.env !== 'production',
  });
  const webhooks = new WebhookEngine({ orm, log, allowPrivate: config.webhooks.allowPrivate, secretKey: deriveKey(secret, 'account-webhooks') });
  const limits = new RateLimits(limitsRedis, config.redis?.prefix ?? 'askue', config.limits);
  const deps: AppDeps = {
    config,
    orm,
    pubSub,
    log,
    channels,
    limits,
    keys: {
      captcha: { signature: deriveKey(secret, 'captcha'), keySignature: deriveKey(secret, 'captcha-key') },
      codes: deriveKey(secret, 'phone-codes'),
      claims: deriveKey(secret, 'claim-codes'),
    },
    publicUrl,
    contacts,
    metrics,
    health: new Health(orm, pubSub),
    submissions,
    tariffCache: new TariffCache(),
    webhooks,
    alerts: new AlertJob(orm, { pubSub, channels, limits, log, operatorName: config.operatorName, publicUrl, push, webhooks, reportTimeZone: config.reportTimeZone }, config.alerts),
  };
  const stopJobs: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    await Promise.all(stopJobs.map((stop) => stop()));
    await submissions.stop();
    await webhooks.stop();
    channels.close();
    limitsRedis?.disconnect();
    await pubSub.close();
    await orm.close();
  };
  let http: Awaited<ReturnType<typeof startHttpServer>> | undefined;
  try {
    if (!(await pubSub.ready(5000))) log.warn('Redis unreachable at start: live subscriptions are refused until it is back');
    const schema = await buildApiSchema();
    http = await startHttpServer(deps, schema);
    ownUrl = http.url;
    if (config.rollups.inProcess) {
      const rollups = startRollupJob(orm, log, config.reportTimeZone, { settleMs: config.rollups.settleMs });
      stopJobs.push(() => rollups.stop());
    }
    stopJobs.push(startPartitionMaintenance(orm, log, config.readings).stop);
    // After listening: the demo's bind link carries the address the server actually got.
    let demoCustomerDeleted = false;
    const demo = config.demo
      ? await seedDemo(orm.em.fork(), config.dataDir, { claimKey: deps.keys.claims, publicUrl: () => deps.publicUrl() }, () => {
          demoCustomerDeleted = true;
          log.warn(`the demo customer ${DEMO_PHONE} was deleted: demo.json no longer signs in; start with an empty DATA_DIR for new demo data`);
        })
      : null;
    if (demo) {
      await seedDemoSuppliers(orm.em.fork(), submissions, demo);
      // The demo's warnings are there on the first page, not at the first tick: the hot-water meter's verification.
      await deps.alerts.sweep();
    }
    submissions.onStatus = (change) => void deps.alerts.submissionStatus(change);
    submissions.start(config.submissions.tickMs);
    deps.alerts.start();
    webhooks.start(config.webhooks.tickMs);
    stopJobs.push(() => deps.alerts.stop());
    return {
      url: http.url,
      graphqlUrl: `${http.url}/graphql`,
      orm,
      log,
      deps,
      demo,
      demoCustomerDeleted,
      close: async () => {
        await http!.close();
        await closeAll();
      },
      shutdown: async () => {
        deps.health.shuttingDown = true;
        if (config.ops.drainMs) await new Promise((resolve) => setTimeout(resolve, config.ops.drainMs));
        await http!.close();
        await closeAll();
      },
    };
  } catch (err) {
    await http?.close();
    await closeAll();
    throw err;
  }
}
