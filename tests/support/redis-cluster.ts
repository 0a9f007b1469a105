/**
 * A real Redis Cluster of three masters on the loopback, for tests of the product on sharded pub/sub
 * (REDIS_CLUSTER=1): redis-server (7+) in cluster mode on the given ports, in a temporary directory, joined with
 * `redis-cli --cluster create` and ready once every node says cluster_state:ok. Stopped and removed by `stop`.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const cli = async (port: number, ...args: string[]) => (await run('redis-cli', ['-p', String(port), ...args])).stdout.trim();

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface RedisCluster {
  url: string;
  /** The channels subscribed on every node: sharded (SSUBSCRIBE) and classic (SUBSCRIBE). */
  channels(): Promise<{ sharded: string[]; plain: string[] }>;
  stop(): Promise<void>;
}

export async function startRedisCluster(ports: [number, number, number]): Promise<RedisCluster> {
  const dir = await mkdtemp(path.join(tmpdir(), 'askue-redis-cluster-'));
  const servers: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(
      servers.map((s) => (s.exitCode !== null ? undefined : new Promise((resolve) => (s.once('exit', resolve), s.kill('SIGKILL'))))),
    );
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) {
      const server = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', path.join(dir, `nodes-${port}.conf`), '--dir', dir, '--save', '', '--appendonly', 'no'],
        { stdio: 'ignore' },
      );
      servers.push(server);
      await until(async () => {
        if (server.exitCode !== null) throw new Error(`redis-server on ${port} exited (${server.exitCode}): is the port taken?`);
        return (await cli(port, 'ping')) === 'PONG';
      }, 5000, `redis-server on ${port}`);
    }
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes']);
    await until(async () => (await Promise.all(ports.map((p) => cli(p, 'cluster', 'info')))).every((i) => i.includes('cluster_state:ok')), 10_000, 'cluster_state:ok');
    const list = async (command: string) => (await Promise.all(ports.map((p) => cli(p, 'pubsub', command, '*')))).flatMap((out) => out.split('\n').filter(Boolean));
    return { url: `redis://127.0.0.1:${ports[0]}`, channels: async () => ({ sharded: await list('shardchannels'), plain: await list('channels') }), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
