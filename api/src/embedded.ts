/**
 * The single-machine setup: the CoAP bridge (and in demo mode the simulator) as child processes of the API,
 * so bridge and API each get a core. Children die with the parent.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { RunningApi } from './app.js';
import type { Config } from './config.js';
import type { Logger } from './log.js';

const require = createRequire(import.meta.url);
const bridgeDir = path.dirname(require.resolve('@askue/device-bridge/package.json'));
const tsRunner = import.meta.resolve('@swc-node/register/esm-register');

function spawnTs(entry: string, env: NodeJS.ProcessEnv, name: string, log: Logger): ChildProcess {
  const child = fork(path.join(bridgeDir, entry), [], {
    cwd: bridgeDir,
    env: { ...process.env, ...env },
    execArgv: ['--enable-source-maps', '--import', tsRunner],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGTERM') log.error({ code, signal }, `${name} exited`);
  });
  return child;
}

function whenReady(child: ChildProcess, name: string, timeoutMs = 20_000): Promise<{ port?: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${timeoutMs} ms`)), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code} while starting`));
    });
    child.on('message', (m: { type?: string; port?: number }) => {
      if (m?.type === 'ready') {
        clearTimeout(timer);
        resolve(m);
      }
    });
  });
}

export async function startEmbeddedDevices(config: Config, api: RunningApi, log: Logger) {
  const children: ChildProcess[] = [];
  const bridge = spawnTs(
    'src/main.ts',
    {
      COAP_HOST: config.bridge.coapHost,
      COAP_PORT: String(config.bridge.coapPort),
      API_URL: api.graphqlUrl,
      BRIDGE_SECRET: config.bridge.secret,
      LOG_LEVEL: config.logLevel,
    },
    'device bridge',
    log,
  );
  children.push(bridge);
  const close = async () => {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGTERM');
          }),
      ),
    );
  };
  process.once('exit', () => children.forEach((c) => c.kill('SIGKILL')));
  let coapPort = config.bridge.coapPort;
  try {
    // COAP_PORT=0 picks a free port: the bridge reports the one it got.
    coapPort = (await whenReady(bridge, 'device bridge')).port ?? coapPort;
    if (config.simulate) {
      const simulator = spawnTs(
        'src/simulator/main.ts',
        {
          COAP_URL: `coap://localhost:${coapPort}`,
          DEMO_FILE: path.join(config.dataDir, 'demo.json'),
          LOG_LEVEL: config.logLevel,
        },
        'simulator',
        log,
      );
      children.push(simulator);
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { coapPort, close };
}
