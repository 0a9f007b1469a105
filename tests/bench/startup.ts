/**
 * Start-up and first load (pnpm bench startup [--rounds R]): target P5, `pnpm start` serving within 5 s and the
 * cabinet's first-load JavaScript within 100 KB gzip.
 *
 * Time to serve: the README's `pnpm start`, run from the repository root as a newcomer runs it (with the cabinet
 * already built, as after the first start), timed from the spawn until it prints its banner (API, bridge and demo
 * data ready) and GET / answers the cabinet and a GraphQL query answers. Twice per round: on an empty DATA_DIR (migrations, demo accounts and devices are created) and
 * again on the same DATA_DIR. Baseline in the same run: a bare `node` HTTP server started the same way — the
 * floor any Node product pays.
 *
 * First load: the JavaScript Chromium fetches to show the sign-in page and, signed in, the meters page, each
 * body gzip-compressed (level 6, as a server or proxy would send it). Baseline: SvelteKit's own runtime (the
 * `entry/start` and `entry/app` files with what they import statically).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { freeTcpPort, freeUdpPort, sleep } from '../support/os.js';
import { median, table, testsDir } from './support.js';

export interface StartupOptions {
  rounds: number;
}

const root = path.dirname(testsDir);

interface Started {
  child: ChildProcess;
  ms: number;
}

/** Spawns `command` in its own process group and waits until `ready` resolves true; the time it took. */
async function timeToServe(command: string, args: string[], env: Record<string, string>, ready: (stdout: string) => Promise<boolean>): Promise<Started> {
  const t0 = performance.now();
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${command} ${args.join(' ')} exited with ${child.exitCode}: ${stderr.slice(-2000)}`);
    if (await ready(stdout).catch(() => false)) return { child, ms: performance.now() - t0 };
    if (performance.now() - t0 > 120_000) throw new Error(`${command} did not serve within 120 s: ${stderr.slice(-2000)}`);
    await sleep(20);
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      resolve();
    }
  });
}

async function serves(base: string): Promise<boolean> {
  const page = await fetch(`${base}/`, { signal: AbortSignal.timeout(2000) });
  if (page.status !== 200 || !(await page.text()).includes('/_app/immutable/')) return false;
  const q = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
    signal: AbortSignal.timeout(2000),
  });
  return q.status === 200;
}

async function productStart(dataDir: string): Promise<Started & { base: string }> {
  const port = await freeTcpPort();
  const base = `http://127.0.0.1:${port}`;
  const started = await timeToServe(
    'pnpm',
    ['--silent', 'start'],
    { PORT: String(port), HOST: '127.0.0.1', COAP_PORT: String(await freeUdpPort()), HTTP_PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    // Up when it prints its banner — the bridge and the demo data are ready then, not only the HTTP server.
    async (stdout) => /CoAP:/.test(stdout) && (await serves(base)),
  );
  return { ...started, base };
}

async function bareNodeStart(): Promise<Started> {
  const port = await freeTcpPort();
  const script = `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`;
  return timeToServe(process.execPath, ['-e', script], {}, async () => (await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) })).status === 200);
}

interface Load {
  files: Map<string, number>;
}

/** The JavaScript a fresh browser fetches for `paths` (after signing in with `demo` for the later ones). */
async function firstLoad(base: string, demo: { phone: string; password: string }): Promise<{ signIn: Load; meters: Load }> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const context = await browser.newContext({ serviceWorkers: 'block', locale: 'ru-RU' });
    const page = await context.newPage();
    let current: Load = { files: new Map() };
    page.on('response', async (res) => {
      const url = new URL(res.url());
      if (!url.pathname.endsWith('.js') || url.pathname.endsWith('service-worker.js')) return;
      const load = current;
      try {
        load.files.set(url.pathname, gzipSync(await res.body(), { level: 6 }).length);
      } catch {
        // A response without a body (a redirect): nothing to count.
      }
    });
    const signIn = current;
    await page.goto(`${base}/login`, { waitUntil: 'networkidle' });
    await page.getByLabel('Номер телефона').fill(demo.phone);
    await page.getByLabel('Пароль', { exact: true }).fill(demo.password);
    // What signing in and the meters page add, in a browser that already has the sign-in page's files.
    current = { files: new Map() };
    const meters = current;
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.waitForURL(/\/meters/);
    await page.waitForLoadState('networkidle');
    return { signIn, meters };
  } finally {
    await browser.close();
  }
}

/** SvelteKit's runtime: the entry files and every chunk they import statically, gzip sizes. */
async function frameworkRuntime(): Promise<number> {
  const build = path.join(root, 'web', 'build');
  const html = await readFile(path.join(build, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/import\("(\/_app\/immutable\/entry\/[^"]+)"\)/g)].map((m) => m[1]);
  const seen = new Set<string>();
  const visit = async (p: string) => {
    if (seen.has(p)) return;
    seen.add(p);
    const code = await readFile(path.join(build, p), 'utf8');
    for (const m of code.matchAll(/(?:from|import)\s*"(\.{1,2}\/[^"]+\.js)"/g)) await visit(path.posix.join(path.posix.dirname(p), m[1]));
  };
  for (const e of entries) await visit(e);
  let total = 0;
  for (const p of seen) total += gzipSync(await readFile(path.join(build, p)), { level: 6 }).length;
  return total;
}

const kb = (bytes: number) => bytes / 1024;

export async function benchStartup(o: StartupOptions): Promise<void> {
  // The cabinet is built once first, as the first `pnpm start` does, so that rounds time the start alone.
  const build = spawn('node', ['web/scripts/build-if-stale.js'], { cwd: root, stdio: 'inherit' });
  await new Promise((resolve) => build.once('exit', resolve));

  const bare: number[] = [];
  const cold: number[] = [];
  const warm: number[] = [];
  let load: Awaited<ReturnType<typeof firstLoad>> | undefined;
  for (let round = 1; round <= o.rounds; round++) {
    const b = await bareNodeStart();
    bare.push(b.ms);
    await stop(b.child);

    const dataDir = await mkdtemp(path.join(tmpdir(), 'askue-startup-'));
    try {
      const first = await productStart(dataDir);
      cold.push(first.ms);
      await stop(first.child);
      const again = await productStart(dataDir);
      warm.push(again.ms);
      if (!load) load = await firstLoad(again.base, JSON.parse(await readFile(path.join(dataDir, 'demo.json'), 'utf8')));
      await stop(again.child);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
    console.log(`round ${round}/${o.rounds}: bare node ${bare.at(-1)!.toFixed(0)} ms, pnpm start ${cold.at(-1)!.toFixed(0)} ms on an empty DATA_DIR, ${warm.at(-1)!.toFixed(0)} ms again`);
  }

  console.log(`\nStart-up, ${o.rounds} rounds, medians (time from the spawn until / and /graphql answer 200):\n`);
  console.log(
    table([
      { what: 'bare node http server (baseline)', ms: median(bare), 'ratio to baseline': 1 },
      { what: 'pnpm start, empty DATA_DIR', ms: median(cold), 'ratio to baseline': median(cold) / median(bare) },
      { what: 'pnpm start, existing DATA_DIR', ms: median(warm), 'ratio to baseline': median(warm) / median(bare) },
    ]),
  );
  const sum = (l: Load) => [...l.files.values()].reduce((a, b) => a + b, 0);
  const runtime = await frameworkRuntime();
  const signIn = sum(load!.signIn);
  const meters = sum(load!.meters);
  console.log('\nFirst-load JavaScript, gzip level 6 (target: at most 100 KB):\n');
  console.log(
    table([
      { what: 'SvelteKit runtime (baseline)', files: '', KB: kb(runtime), 'ratio to baseline': 1 },
      { what: 'sign-in page, fresh browser', files: load!.signIn.files.size, KB: kb(signIn), 'ratio to baseline': signIn / runtime },
      { what: '+ signing in and the meters page', files: load!.meters.files.size, KB: kb(meters), 'ratio to baseline': meters / runtime },
      { what: 'sign-in then meters, in all', files: load!.signIn.files.size + load!.meters.files.size, KB: kb(signIn + meters), 'ratio to baseline': (signIn + meters) / runtime },
    ]),
  );
}
