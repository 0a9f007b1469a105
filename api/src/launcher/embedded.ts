/**
 * The single-machine setup: the CoAP bridge (and in demo mode the simulator) as child processes of the API,
 * so bridge and API each get a core. A child that dies is started again, with a growing pause if it keeps
 * dying; children die with the parent.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { RunningApi } from '../app.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { Supervised } from './supervise.js';

const require = createRequire(import.meta.url);
const bridgeDir = path.dirname(require.resolve('@askue/device-bridge/package.json'));

export interface EmbeddedDevices {
  coapPort: number;
  /** The bridge's /healthz, /readyz and /metrics. */
  bridgeHttpPort: number;
  bridge: Supervised;
  close(): Promise<void>;
}

export async function startEmbeddedDevices(config: Config, api: RunningApi, log: Logger): Promise<EmbeddedDevices> {
  let coapPort = config.bridge.coapPort;
  let bridgeHttpPort = config.bridge.httpPort;
  const bridge = new Supervised(
    'device bridge',
    bridgeDir,
    'src/main.ts',
    {
      COAP_HOST: config.bridge.coapHost,
      COAP_PORT: String(config.bridge.coapPort),
      HTTP_PORT: String(config.bridge.httpPort),
      API_URL: api.graphqlUrl,
      BRIDGE_SECRET: config.bridge.secret,
      LOG_LEVEL: config.logLevel,
    },
    log,
    // Port 0 picks a free port: a restarted bridge keeps the ports it got first, so modems and probes find it.
    (m) => bridge.update({ COAP_PORT: String(m.port ?? coapPort), HTTP_PORT: String(m.httpPort ?? bridgeHttpPort) }),
  );
  const children: Supervised[] = [bridge];
  const close = async () => {
    // The simulator first, so that the bridge's last answers are not to it.
    await Promise.all(children.slice(1).map((c) => c.stop()));
    await bridge.stop();
  };
  process.once('exit', () => children.forEach((c) => c.kill()));
  try {
    const ready = await bridge.start(true);
    coapPort = ready.port ?? coapPort;
    bridgeHttpPort = ready.httpPort ?? bridgeHttpPort;
    if (config.simulate) {
      const simulator = new Supervised(
        'simulator',
        bridgeDir,
        'src/simulator/main.ts',
        {
          COAP_URL: `coap://localhost:${coapPort}`,
          DEMO_FILE: path.join(config.dataDir, 'demo.json'),
          DATA_DIR: config.dataDir,
          LOG_LEVEL: config.logLevel,
          ...(config.scenario ? { SCENARIO: config.scenario } : {}),
        },
        log,
      );
      children.push(simulator);
      await simulator.start(false);
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { coapPort, bridgeHttpPort, bridge, close };
}
