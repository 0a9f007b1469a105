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
log.info({ address: bridge.address, api: config.api.url }, 'CoAP bridge listening');
void bridge.feed.ready().then(() => log.info('subscribed to configuration changes'));
process.send?.({ type: 'ready', port: bridge.address.port });

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void bridge.close().then(() => process.exit(0));
  });
}
