/**
 * `pnpm start`: the whole product on one machine. Starts the API (which serves the cabinet) and, unless
 * BRIDGE=0, the CoAP bridge as a child process; in demo mode also the simulator feeding the demo meters.
 */
import { loadConfigOrExit } from '../config.js';
import { startApi } from '../app.js';
import { createLogger } from '../log.js';

const config = loadConfigOrExit();

const log = createLogger(config.logLevel);
const api = await startApi(config, log);
const devices = config.bridge.spawn ? await (await import('./embedded.js')).startEmbeddedDevices(config, api, log) : null;

const lines = [
  '',
  `  Кабинет:        ${api.url}`,
  `  GraphQL:        ${api.graphqlUrl} (HTTP и WebSocket)`,
  devices ? `  CoAP:           coap://localhost:${devices.coapPort}/v1/{token}/readings` : '',
  `  Состояние:      ${api.url}/readyz, ${api.url}/metrics${devices ? `; шлюз: http://localhost:${devices.bridgeHttpPort}/metrics` : ''}`,
  `  Хранилище:      ${config.database.kind === 'sqlite' ? config.database.file : 'PostgreSQL'}`,
  `  Pub/sub:        ${config.redis ? 'Redis' : 'в процессе'}`,
  api.demoCustomerDeleted
    ? `  Демо-доступ:    демо-клиент удалён; для новых демо-данных запустите с пустым DATA_DIR (сейчас ${config.dataDir})`
    : api.demo || config.demo
      ? `  Демо-доступ:    ${config.dataDir}/demo.json`
      : '',
  '',
].filter((l, i, all) => l !== '' || i === 0 || i === all.length - 1);
// Under a supervisor (pnpm start:cluster) the supervisor prints one banner for all; it learns the URL here.
if (process.send) process.send({ type: 'ready', url: api.url });
else console.log(lines.join('\n'));

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal, drainMs: config!.ops.drainMs }, 'shutting down: finishing requests in flight');
  const deadline = setTimeout(() => {
    log.error({ timeoutMs: config!.ops.shutdownTimeoutMs }, 'shutdown took too long: exiting anyway');
    process.exit(1);
  }, config!.ops.shutdownTimeoutMs);
  deadline.unref();
  try {
    // The embedded bridge first: it answers its modems 5.03 from now on and hands what it holds to the API.
    await devices?.close();
    await api.shutdown();
    log.info('stopped');
    process.exit(0);
  } catch (err) {
    log.error({ err }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
