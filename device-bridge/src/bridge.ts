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
import { Forwarder } from './ingest/forwarder.js';
import type { Logger } from './log.js';
import { RateLimiter } from './protocol/rate-limit.js';
import { createRoutes, type ConfigObservation, type Routes } from './routes.js';

export interface RunningBridge {
  address: Remote;
  endpoint: CoapEndpoint;
  forwarder: Forwarder;
  devices: DeviceDirectory;
  observers: ObserverRegistry<ConfigObservation>;
  /** The subscription to the API's configuration changes. */
  feed: ConfigFeed;
  close(): Promise<void>;
}

export interface BridgeOverrides {
  api?: ApiClient;
  deviceApi?: DeviceApi;
  /** Endpoint timing (tests shorten retransmissions). */
  endpoint?: Pick<EndpointOptions, 'ackTimeoutMs' | 'maxRetransmit' | 'piggybackMs'>;
}

export async function startBridge(config: BridgeConfig, log: Logger, overrides: BridgeOverrides = {}): Promise<RunningBridge> {
  const forwarder = new Forwarder(overrides.api ?? createApiClient(config.api.url, config.api.secret), {
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
  const endpoint = new CoapEndpoint({
    ...overrides.endpoint,
    handler: (req) => routes!.handler(req),
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
  feed.start();
  return {
    address,
    endpoint,
    forwarder,
    devices,
    observers,
    feed,
    close: async () => {
      await feed.close();
      await forwarder.drain();
      observers.clear();
      await endpoint.close();
    },
  };
}
