/** The bridge as a whole: a CoAP endpoint, the v1 routes and the forwarder into the API. */
import type { BridgeConfig } from './config.js';
import { CoapEndpoint, type Remote } from './coap/endpoint.js';
import { createApiClient, type ApiClient } from './ingest/api-client.js';
import { Forwarder } from './ingest/forwarder.js';
import type { Logger } from './log.js';
import { createRoutes } from './routes.js';

export interface RunningBridge {
  address: Remote;
  endpoint: CoapEndpoint;
  forwarder: Forwarder;
  close(): Promise<void>;
}

export async function startBridge(config: BridgeConfig, log: Logger, api: ApiClient = createApiClient(config.api.url, config.api.secret)): Promise<RunningBridge> {
  const forwarder = new Forwarder(api, {
    maxBatchReadings: config.batch.maxReadings,
    maxInFlight: config.batch.maxInFlight,
    onError: (err) => log.error({ err }, 'forwarding readings to the API failed'),
  });
  const endpoint = new CoapEndpoint({
    handler: createRoutes({ forwarder, maxPayloadBytes: config.maxPayloadBytes }),
    onError: (err, req) => log.error({ err, remote: req.remote, path: req.path.slice(0, 1).concat(req.path.slice(2)) }, 'request failed'),
  });
  const address = await endpoint.listen(config.coap.port, config.coap.host);
  return {
    address,
    endpoint,
    forwarder,
    close: async () => {
      await forwarder.drain();
      await endpoint.close();
    },
  };
}
