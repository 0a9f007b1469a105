/** Real processes of the product (`node api/src/launcher/main.ts`), as an operator would run them. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const apiDir = path.dirname(require.resolve('@askue/api/package.json'));
const bridgeDir = path.dirname(require.resolve('@askue/device-bridge/package.json'));
// Resolved by Node from the package folder (the cwd), as the packages' own start scripts do.
const tsRunner = '@swc-node/register/esm-register';
/** As the product's start scripts pass them (api/src/launcher/supervise.ts). */
const NODE_FLAGS = ['--enable-source-maps', '--max-semi-space-size=64'];

export interface Proc {
  child: ChildProcess;
  output: string[];
  /** First capture group of the first output line matching `re`, waiting up to `timeoutMs`. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<string>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

function start(dir: string, entry: string, env: Record<string, string>, compiled = false): Proc {
  const loader = compiled ? [] : ['--import', tsRunner];
  // PRODUCT_NODE_ARGS: extra Node options for the product's processes only, e.g. to profile one under a benchmark
  // (`PRODUCT_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" pnpm bench fanout`); NODE_OPTIONS refuses --cpu-prof.
  const extra = (process.env.PRODUCT_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...NODE_FLAGS, ...extra, ...loader, entry], {
    cwd: dir,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output: string[] = [];
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output.push(...chunk.toString().split('\n').filter(Boolean));
    waiters.forEach((w) => w());
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  child.on('exit', () => waiters.forEach((w) => w()));
  return {
    child,
    output,
    waitFor(re, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          for (const line of output) {
            const m = re.exec(line);
            if (m) {
              cleanup();
              return resolve(m[1] ?? m[0]);
            }
          }
          if (child.exitCode !== null) {
            cleanup();
            reject(new Error(`process exited (${child.exitCode}) before ${re}:\n${output.join('\n')}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${re}:\n${output.join('\n')}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    stop(signal = 'SIGTERM') {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        try {
          process.kill(-child.pid!, signal); // the whole group: children of the API too
        } catch {
          resolve(child.exitCode);
        }
      });
    },
  };
}

export const startApiProcess = (env: Record<string, string>) => start(apiDir, 'src/launcher/main.ts', env);
// HTTP_PORT 0: several bridges run side by side in the tests; each reports the port it got.
export const startBridgeProcess = (env: Record<string, string>) => start(bridgeDir, 'src/main.ts', { HTTP_PORT: '0', ...env });
/**
 * `pnpm start:cluster` as the root script runs it: the API and the bridge compiled ahead of time (dist/), no
 * TypeScript loader — so this path is tested too.
 */
export function startClusterProcess(env: Record<string, string>): Proc {
  compile();
  return start(apiDir, 'dist/launcher/cluster.js', env, true);
}

/** `pnpm start:worker` as the root script runs it: a rollup worker, compiled ahead of time. */
export function startWorkerProcess(env: Record<string, string>): Proc {
  compile();
  return start(apiDir, 'dist/launcher/worker.js', env, true);
}

/** `pnpm start` as the root script runs it: the API (with its bridge) compiled ahead of time. */
export function startCompiledApiProcess(env: Record<string, string>): Proc {
  compile();
  return start(apiDir, 'dist/launcher/main.js', env, true);
}

function compile(): void {
  const result = spawnSync(process.execPath, [path.join(apiDir, 'scripts', 'compile-if-stale.js')], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`compile-if-stale failed: ${result.stdout}${result.stderr}`);
}
