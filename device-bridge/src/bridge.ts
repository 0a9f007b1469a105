/**
 * The bridge as a whole: a CoAP endpoint, the v1 routes, the forwarder of readings into the API, the cache of
 * device tokens, the observers of /config and the subscription that tells them of changes.
 */
import type { BridgeConfig } from './config.js';
import { CoapEndpoint, type EndpointOptions, type Remote } from './coap/endpoint.js';
import { ObserverRegistry } from './coap/observe.js';
import { ConfigFeed } from './devices/config-feed.js';
import { createDeviceApi, type DeviceApi } from './devices/device-api.js';
import { DeviceDirectory } from './devices/directory.js';
import { createApiClient, type ApiClient } from './ingest/api-client.js';
import { ChannelApiClient } from './ingest/channel-client.js';
import { Forwarder } from './ingest/forwarder.js';
import type { Logger } from './log.js';
import { RateLimiter } from './protocol/rate-limit.js';
import { Code } from './coap/constants.js';
import { startOpsServer } from './ops/http.js';
import { codeName, createMetrics, type BridgeMetrics } from './ops/metrics.js';
import { createRoutes, type ConfigObservation, type Routes } from './routes.js';

export interface RunningBridge {
  address: Remote;
  endpoint: CoapEndpoint;
  forwarder: Forwarder;
  devices: DeviceDirectory;
  observers: ObserverRegistry<ConfigObservation>;
  /** The subscription to the API's configuration changes. */
  feed: ConfigFeed;
  metrics: BridgeMetrics;
  /** The port of /healthz, /readyz and /metrics. */
  httpPort: number;
  /**
   * Graceful stop: new requests get 5.03 (Max-Age SHUTDOWN_RETRY_S), readings already received are committed and
   * answered, observers of /config are told 5.03 so they re-register elsewhere, then the socket closes.
   */
  close(): Promise<void>;
}

export interface BridgeOverrides {
  api?: ApiClient;
  deviceApi?: DeviceApi;
  /** Endpoint timing (tests shorten retransmissions). */
  endpoint?: Pick<EndpointOptions, 'ackTimeoutMs' | 'maxRetransmit' | 'piggybackMs'>;
}

export async function startBridge(config: BridgeConfig, log: Logger, overrides: BridgeOverrides = {}): Promise<RunningBridge> {
  const metrics = createMetrics();
  const channel = overrides.api || config.api.transport !== 'channel' ? null : new ChannelApiClient(config.api.url, config.api.secret, { onError: (err) => log.warn({ err: { message: err.message } }, 'ingest channel') });
  const api = overrides.api ?? channel ?? createApiClient(config.api.url, config.api.secret);
  const measuredApi: ApiClient = {
    async ingest(packs) {
      const end = metrics.batches.startTimer();
      metrics.batchSizes.observe(packs.reduce((n, p) => n + p.readings.length, 0));
      const results = await api.ingest(packs);
      end();
      metrics.forwarded.inc(results.reduce((n, r) => n + r.stored + r.duplicates, 0));
      return results;
    },
  };
  const forwarder = new Forwarder(measuredApi, {
    maxBatchReadings: config.batch.maxReadings,
    maxInFlight: config.batch.maxInFlight,
    onError: (err) => log.error({ err }, 'forwarding readings to the API failed'),
  });
  let skewLoggedAt = 0;
  const onClockSkew = (skewMs: number) => {
    if (Date.now() - skewLoggedAt < 600_000) return;
    skewLoggedAt = Date.now();
    log.warn({ skewMs: Math.round(skewMs) }, "the API's clock differs from this bridge's: /time and relative reading times follow the bridge's");
  };
  const devices = new DeviceDirectory(overrides.deviceApi ?? createDeviceApi(config.api.url, config.api.secret, { onClockSkew }), {
    ttlMs: config.devices.cacheMs,
    onError: (err) => log.error({ err }, 'asking the API about a device token failed'),
  });
  // The endpoint's handler is the routes, and the routes notify through the endpoint: wired in two steps.
  let routes: Routes | undefined;
  let draining = false;
  const endpoint = new CoapEndpoint({
    ...overrides.endpoint,
    handler: async (req) => {
      const end = metrics.requests.startTimer({ resource: req.path[2] ?? '' });
      const res = await routes!.handler(req);
      end({ code: codeName(res.code) });
      return res;
    },
    maxBodyBytes: config.blocks.maxBodyBytes,
    maxBlockTransfers: config.blocks.maxTransfers,
    blockTimeoutMs: config.blocks.timeoutMs,
    onError: (err, req) => log.error({ err, remote: req.remote, path: req.path.slice(0, 1).concat(req.path.slice(2)) }, 'request failed'),
  });
  const observers = new ObserverRegistry<ConfigObservation>(endpoint, {
    maxObservers: config.observe.maxObservers,
    maxPerGroup: config.observe.maxPerController,
  });
  routes = createRoutes({
    forwarder,
    devices,
    observers,
    limiter: new RateLimiter(config.rateLimit),
    unknownSources: new RateLimiter(config.unknownTokens),
    draining: () => draining,
    shutdownRetryS: config.shutdownRetryS,
    maxPayloadBytes: config.maxPayloadBytes,
    maxBodyBytes: config.blocks.maxBodyBytes,
  });
  const notifyFailed = (err: unknown) => log.error({ err }, 'notifying observers of /config failed');
  const feed = new ConfigFeed({
    url: config.api.url,
    secret: config.api.secret,
    onChange: (device) => void routes.configChanged(device.controllerId, device).catch(notifyFailed),
    onResync: () => {
      log.info('reconnected to the API: checking the controllers observed meanwhile');
      void routes.resync().catch(notifyFailed);
    },
    onError: (err) => log.warn({ err }, 'subscription to configuration changes interrupted'),
  });
  const address = await endpoint.listen(config.coap.port, config.coap.host);
  metrics.sources.queued = () => forwarder.queued;
  metrics.sources.observers = () => observers.size;
  let ops: Awaited<ReturnType<typeof startOpsServer>>;
  try {
    ops = await startOpsServer({
      ...config.http,
      registry: metrics.registry,
      status: {
        ready: () => !draining,
        details: () => ({ shutdown: draining, api: feed.connected ? 'ok' : 'unreachable', observers: observers.size, queuedReadings: forwarder.queued }),
      },
    });
  } catch (err) {
    await endpoint.close();
    throw err;
  }
  feed.start();
  return {
    address,
    endpoint,
    forwarder,
    devices,
    observers,
    feed,
    metrics,
    httpPort: ops.port,
    close: async () => {
      draining = true;
      await feed.close();
      await forwarder.drain();
      channel?.close();
      for (const group of observers.groups()) {
        for (const o of observers.observers(group)) observers.notify(o, { code: Code.SERVICE_UNAVAILABLE, maxAge: config.shutdownRetryS });
      }
      observers.clear();
      await endpoint.close();
      await ops.close();
    },
  };
}
