/**
 * The single-machine setup: the CoAP bridge (and in demo mode the simulator) as child processes of the API,
 * so bridge and API each get a core. A child that dies is started again, with a growing pause if it keeps
 * dying; children die with the parent.
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

/** Restart pauses: 1 s, 2 s, 4 s … up to 30 s; back to 1 s once a child has run for a minute. */
const FIRST_PAUSE_MS = 1000;
const MAX_PAUSE_MS = 30_000;
const STABLE_MS = 60_000;

interface ReadyMessage {
  type: 'ready';
  port?: number;
  httpPort?: number;
}

/** A child process kept running: started again when it exits while it is meant to run. */
export class Supervised {
  private child: ChildProcess | null = null;
  private stopping = false;
  private pause = FIRST_PAUSE_MS;
  private restartTimer: NodeJS.Timeout | undefined;
  restarts = 0;

  constructor(
    private readonly name: string,
    private readonly entry: string,
    private env: NodeJS.ProcessEnv,
    private readonly log: Logger,
    private readonly onReady: (m: ReadyMessage) => void = () => {},
  ) {}

  /** Starts the child; resolves with its ready message (or at once for a child that sends none). */
  start(waitForReady: boolean, timeoutMs = 20_000): Promise<ReadyMessage> {
    const child = fork(path.join(bridgeDir, this.entry), [], {
      cwd: bridgeDir,
      env: { ...process.env, ...this.env },
      execArgv: ['--enable-source-maps', '--import', tsRunner],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child = child;
    const startedAt = Date.now();
    child.on('message', (m: ReadyMessage) => {
      if (m?.type === 'ready') this.onReady(m);
    });
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = null;
      if (this.stopping) return;
      if (Date.now() - startedAt > STABLE_MS) this.pause = FIRST_PAUSE_MS;
      this.log.error({ code, signal, restartInMs: this.pause }, `${this.name} exited: starting it again`);
      this.restartTimer = setTimeout(() => {
        this.restarts++;
        this.start(false).catch((err) => this.log.error({ err }, `${this.name} did not start again`));
      }, this.pause);
      this.pause = Math.min(this.pause * 2, MAX_PAUSE_MS);
    });
    if (!waitForReady) return Promise.resolve({ type: 'ready' });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name} did not start within ${timeoutMs} ms`)), timeoutMs);
      const onExit = (code: number | null) => {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited with code ${code} while starting`));
      };
      child.once('exit', onExit);
      child.on('message', (m: ReadyMessage) => {
        if (m?.type !== 'ready') return;
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(m);
      });
    });
  }

  /** Settings for the next start (the bridge keeps the ports it got the first time). */
  update(env: NodeJS.ProcessEnv): void {
    this.env = { ...this.env, ...env };
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** SIGTERM and wait: the bridge answers its modems 5.03 and commits what it holds before it exits. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  kill(): void {
    this.stopping = true;
    this.child?.kill('SIGKILL');
  }
}

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
        'src/simulator/main.ts',
        {
          COAP_URL: `coap://localhost:${coapPort}`,
          DEMO_FILE: path.join(config.dataDir, 'demo.json'),
          DATA_DIR: config.dataDir,
          LOG_LEVEL: config.logLevel,
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
