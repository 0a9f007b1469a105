/**
 * A child process kept running: started again, with a growing pause if it keeps dying, when it exits while it
 * is meant to run. Used for the embedded bridge and simulator (embedded.ts) and for `pnpm start:cluster`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Logger } from '../log.js';
import { childEnvironment } from './config.js';

const tsRunner = import.meta.resolve('@swc-node/register/esm-register');
/**
 * Compiled ahead of time (`pnpm start` runs dist/, see scripts/compile-if-stale.js): children run their
 * compiled entry too, without the TypeScript loader. From the sources (tests, development): the loader.
 */
const compiled = /\/dist\/launcher\/[^/]+$/.test(new URL(import.meta.url).pathname);

/** Restart pauses: 1 s, 2 s, 4 s … up to 30 s; back to 1 s once a child has run for a minute. */
const FIRST_PAUSE_MS = 1000;
const MAX_PAUSE_MS = 30_000;
const STABLE_MS = 60_000;

export interface ReadyMessage {
  type: 'ready';
  port?: number;
  httpPort?: number;
  /** An API process: the URL it serves. */
  url?: string;
}

/**
 * Node options of every process of the product (the root package's start scripts pass the same). A young
 * generation of up to 64 MiB lets the short-lived objects of live fan-out (events, frames, in flight for a few
 * hundred milliseconds under load) die young instead of filling the old generation: `pnpm bench fanout`, 20,000
 * subscribers, p99 1,085 → 767 ms.
 */
export const NODE_FLAGS = ['--enable-source-maps', '--max-semi-space-size=64'];

export class Supervised {
  private child: ChildProcess | null = null;
  private stopping = false;
  private pause = FIRST_PAUSE_MS;
  private restartTimer: NodeJS.Timeout | undefined;
  restarts = 0;

  constructor(
    readonly name: string,
    /** The package folder (the child's working directory) and the TypeScript entry inside it. */
    private readonly dir: string,
    private readonly entry: string,
    private env: NodeJS.ProcessEnv,
    private readonly log: Logger,
    private readonly onReady: (m: ReadyMessage) => void = () => {},
  ) {}

  /** Starts the child; resolves with its ready message (or at once for a child that sends none). */
  start(waitForReady: boolean, timeoutMs = 20_000): Promise<ReadyMessage> {
    const entry = compiled ? this.entry.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js') : this.entry;
    const child = fork(path.join(this.dir, entry), [], {
      cwd: this.dir,
      env: childEnvironment(this.env),
      execArgv: [...NODE_FLAGS, ...(compiled ? [] : ['--import', tsRunner])],
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

