/**
 * What the operating system knows about the product's processes and ports: free ports to pin a restart to,
 * a process's children (the bridge the API forks), its memory, its file-descriptor limit.
 */
import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Ports to pin across a restart are taken below the kernel's ephemeral range (32768–60999 here), so that no
 * socket opened meanwhile with port 0 — a client's, a modem's — can be given the port while the product is down.
 */
const PINNED_RANGE = [20_000, 32_000] as const;

function tcpFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

function udpFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(port, host, () => socket.close(() => resolve(true)));
  });
}

async function pinnedPort(free: (port: number, host: string) => Promise<boolean>, host: string): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = PINNED_RANGE[0] + Math.floor(Math.random() * (PINNED_RANGE[1] - PINNED_RANGE[0]));
    if (await free(port, host)) return port;
  }
  throw new Error('no free port found');
}

/** A TCP port nobody listens on right now (for PORT, fixed across a restart). */
export const freeTcpPort = (host = '127.0.0.1') => pinnedPort(tcpFree, host);

/** A UDP port nobody is bound to right now (for COAP_PORT, fixed across a restart). */
export const freeUdpPort = (host = '127.0.0.1') => pinnedPort(udpFree, host);

/** Direct children of `pid` with their command lines (`ps --ppid`). */
export async function childrenOf(pid: number): Promise<Array<{ pid: number; args: string }>> {
  try {
    const { stdout } = await run('ps', ['--ppid', String(pid), '-o', 'pid=,args=']);
    return stdout
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => {
        const [p, ...args] = l.split(/\s+/);
        return { pid: Number(p), args: args.join(' ') };
      });
  } catch {
    return []; // ps exits 1 when there are none
  }
}

/** The device bridge the API forked (embedded mode), if it runs. */
export async function bridgeChildOf(apiPid: number): Promise<number | undefined> {
  // From sources (src/main.ts) or compiled ahead of time (dist/main.js), as the API was started.
  return (await childrenOf(apiPid)).find((c) => /device-bridge\/(src\/main\.ts|dist\/main\.js)/.test(c.args))?.pid;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resident memory of a process from /proc: now (VmRSS) and its peak (VmHWM), bytes. */
export async function memoryOf(pid: number): Promise<{ rss: number; peak: number } | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) a process itself has used (not its children), from /proc/<pid>/stat. */
export async function cpuSecondsOf(pid: number): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) in parentheses: utime is the 14th field, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Processes whose command line matches `re` (all users), from /proc. */
export async function processesMatching(re: RegExp): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).replace(/\0/g, ' ').trim();
      if (re.test(cmdline)) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

/** The open-files limit of a process (soft, hard) from /proc/<pid>/limits. */
export async function fileLimitOf(pid: number | 'self'): Promise<{ soft: number; hard: number }> {
  const limits = await readFile(`/proc/${pid}/limits`, 'utf8');
  const m = /^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/m.exec(limits);
  const n = (v: string | undefined) => (v === undefined || v === 'unlimited' ? Infinity : Number(v));
  return { soft: n(m?.[1]), hard: n(m?.[2]) };
}

/** Raises a process's open-files limit as far as its hard limit allows (prlimit); returns the soft limit in force. */
export async function raiseFileLimit(pid: number, wanted: number): Promise<number> {
  const { soft, hard } = await fileLimitOf(pid);
  const target = Math.min(wanted, hard);
  if (target > soft) {
    try {
      await run('prlimit', ['--pid', String(pid), `--nofile=${target}:${hard === Infinity ? 'unlimited' : hard}`]);
    } catch {
      /* prlimit missing or not permitted: the current limit stays */
    }
  }
  return (await fileLimitOf(pid)).soft;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `check` every `everyMs` until it returns a value other than undefined/false, or `timeoutMs` passes (then undefined). */
export async function poll<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs: number, everyMs = 100): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() >= deadline) return undefined;
    await sleep(everyMs);
  }
}
