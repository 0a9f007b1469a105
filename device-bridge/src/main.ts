/** `node src/main.ts`: the CoAP bridge as a process of its own. */
import { startBridge } from './bridge.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './log.js';

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(78); // EX_CONFIG
  }
  throw err;
}
const log = createLogger(config.logLevel);
const bridge = await startBridge(config, log);
log.info({ address: bridge.address, api: config.api.url, httpPort: bridge.httpPort }, 'CoAP bridge listening (health and metrics on the HTTP port)');
void bridge.feed.ready().then(() => log.info('subscribed to configuration changes'));
process.send?.({ type: 'ready', port: bridge.address.port, httpPort: bridge.httpPort });

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: new requests get 5.03, readings already received are committed first');
    // Readings in flight get as long as the API takes to answer a batch; never hang forever.
    setTimeout(() => {
      log.error('shutdown took longer than 20 s: exiting anyway');
      process.exit(1);
    }, 20_000).unref();
    void bridge.close().then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
