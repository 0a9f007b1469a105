/**
 * A Redis server of our own (never the shared one): a test may kill it and start it again on the same port
 * to stage an outage. No persistence: a restarted server is empty, as after a crash of a cache node.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { freeTcpPort } from './os.js';

export interface OwnRedis {
  port: number;
  url: string;
  /** Starts the server (again) on `port`; resolves when it accepts connections. */
  start(): Promise<void>;
  /** Kills it (SIGKILL by default: a crash, not a shutdown). */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function ownRedis(port?: number): Promise<OwnRedis> {
  const p = port ?? (await freeTcpPort());
  let child: ChildProcess | null = null;
  return {
    port: p,
    url: `redis://127.0.0.1:${p}`,
    start() {
      return new Promise((resolve, reject) => {
        const c = spawn('redis-server', ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child = c;
        let out = '';
        const timer = setTimeout(() => reject(new Error(`redis-server did not start on ${p}:\n${out}`)), 10_000);
        const onData = (d: Buffer) => {
          out += d;
          if (/Ready to accept connections/.test(out)) {
            clearTimeout(timer);
            resolve();
          }
        };
        c.stdout!.on('data', onData);
        c.stderr!.on('data', onData);
        c.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`redis-server exited (${code}):\n${out}`));
        });
      });
    },
    kill(signal = 'SIGKILL') {
      return new Promise((resolve) => {
        const c = child;
        child = null;
        if (!c || c.exitCode !== null || c.signalCode !== null) return resolve();
        c.once('exit', () => resolve());
        c.kill(signal);
      });
    },
  };
}
