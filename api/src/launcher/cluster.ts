/**
 * `pnpm start:cluster`: the product as it runs past one machine, on this one — several API processes on one
 * PostgreSQL database sharing live data through Redis, several CoAP bridges, each forwarding to one API
 * (round robin), and rollup workers doing the rollups for all of them (worker.ts). Every process is supervised
 * (restarted if it dies) and stopped gracefully on Ctrl+C.
 *
 * Environment (all optional):
 *   CLUSTER_APIS (2), CLUSTER_BRIDGES (2), CLUSTER_WORKERS (1; 0: the APIs run the rollup job themselves)
 *   DATABASE_URL (postgres://postgres@127.0.0.1:5432/askue_cluster — created when missing)
 *   REDIS_URL (redis://127.0.0.1:6379), REDIS_PREFIX (askue)
 *   PORT — the first API's HTTP port (3001; the others follow; 0: any free port)
 *   COAP_PORT — the first bridge's UDP port (5683; the others follow; 0: any free port)
 *   DATA_DIR (./data/cluster): the shared secrets and the demo access
 *   DEMO (1): demo data on an empty database, and SIMULATE (1): the simulator feeding it through the first bridge
 * Any other variable (LOG_LEVEL, SMTP_URL, …) reaches every process as it is.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createLogger } from '../log.js';
import { loadClusterConfig } from './config.js';
import { Supervised } from './supervise.js';

const require = createRequire(import.meta.url);
const apiDir = path.dirname(require.resolve('@askue/api/package.json'));
const bridgeDir = path.dirname(require.resolve('@askue/device-bridge/package.json'));

const { apis, bridges, workers, firstPort, firstCoapPort, dataDir, databaseUrl, databaseGiven, redisUrl, demo, simulate, secretOverrides, logLevel } =
  loadClusterConfig();
const nth = (first: number, i: number) => (first === 0 ? 0 : first + i);
const log = createLogger(logLevel, 'cluster');

/** The secrets every process must share, kept in DATA_DIR so that sessions survive a restart of the cluster. */
async function sharedSecrets(): Promise<{ SECRET_KEY: string; BRIDGE_SECRET: string }> {
  const file = path.join(dataDir, 'cluster-secrets.json');
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    const secrets = { SECRET_KEY: randomBytes(32).toString('base64url'), BRIDGE_SECRET: randomBytes(32).toString('base64url') };
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, JSON.stringify(secrets), { mode: 0o600 });
    return secrets;
  }
}

/** Creates the database when it does not exist yet (the default one, on a fresh machine). */
async function ensureDatabase(url: string): Promise<void> {
  const { default: pg } = await import('pg');
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

const secrets = { ...(await sharedSecrets()), ...secretOverrides };
if (!databaseGiven) await ensureDatabase(databaseUrl);

const processes: Supervised[] = [];
let stopping = false;
async function stop(code = 0): Promise<never> {
  if (!stopping) {
    stopping = true;
    // Bridges and the simulator first (the bridges hand what they hold to the APIs), then the APIs and workers.
    const last = (p: Supervised) => p.name === 'api' || p.name === 'worker';
    await Promise.all(processes.filter((p) => !last(p)).map((p) => p.stop()));
    await Promise.all(processes.filter(last).map((p) => p.stop()));
  }
  process.exit(code);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
process.once('exit', () => processes.forEach((p) => p.kill()));

try {
  // The APIs start together: migrations take a PostgreSQL advisory lock, so exactly one of them migrates.
  const apiUrls = await Promise.all(
    Array.from({ length: apis }, async (_, i) => {
      const api = new Supervised('api', apiDir, 'src/launcher/main.ts', {
        ...secrets,
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        BRIDGE: '0',
        PORT: String(nth(firstPort, i)),
        DATA_DIR: i === 0 ? dataDir : path.join(dataDir, `api-${i + 1}`),
        // One process seeds the demo (on an empty database only); two at once would race for it.
        DEMO: demo && i === 0 ? '1' : '0',
        // The workers do the rollups, so the APIs keep their time for ingest, live delivery and reports.
        ROLLUP_JOB: workers ? '0' : '1',
      }, log, (m) => m.url && api.update({ PORT: new URL(m.url).port }));
      processes.push(api);
      const ready = await api.start(true, 60_000);
      return ready.url!;
    }),
  );
  const coapPorts = await Promise.all(
    Array.from({ length: bridges }, async (_, i) => {
      const bridge = new Supervised('bridge', bridgeDir, 'src/main.ts', {
        BRIDGE_SECRET: secrets.BRIDGE_SECRET,
        API_URL: `${apiUrls[i % apis]}/graphql`,
        COAP_PORT: String(nth(firstCoapPort, i)),
        HTTP_PORT: '0',
      }, log, (m) => bridge.update({ COAP_PORT: String(m.port), HTTP_PORT: String(m.httpPort) }));
      processes.push(bridge);
      const ready = await bridge.start(true);
      return { port: ready.port!, httpPort: ready.httpPort!, api: apiUrls[i % apis] };
    }),
  );
  // After the APIs: they have migrated the database.
  await Promise.all(
    Array.from({ length: workers }, async () => {
      const worker = new Supervised('worker', apiDir, 'src/launcher/worker.ts', { ...secrets, DATABASE_URL: databaseUrl, BRIDGE: '0' }, log);
      processes.push(worker);
      await worker.start(true);
    }),
  );
  const demoFile = path.join(dataDir, 'demo.json');
  const hasDemo = demo && (await readFile(demoFile).then(() => true, () => false));
  if (hasDemo && simulate) {
    const simulator = new Supervised('simulator', bridgeDir, 'src/simulator/main.ts', {
      COAP_URL: `coap://localhost:${coapPorts[0]!.port}`,
      DEMO_FILE: demoFile,
      DATA_DIR: dataDir,
    }, log);
    processes.push(simulator);
    await simulator.start(false);
  }
  console.log(
    [
      '',
      ...apiUrls.map((url, i) => `  API ${i + 1}:          ${url} (кабинет, /graphql, /readyz, /metrics)`),
      ...coapPorts.map((b, i) => `  Шлюз ${i + 1}:         coap://localhost:${b.port} → ${b.api}; http://localhost:${b.httpPort}/metrics`),
      `  Агрегаты:       ${workers ? `${workers} ${workers === 1 ? 'процесс' : workers < 5 ? 'процесса' : 'процессов'} pnpm start:worker` : 'в процессах API'}`,
      `  Хранилище:      PostgreSQL ${new URL(databaseUrl).host}${new URL(databaseUrl).pathname}`,
      `  Pub/sub:        Redis ${new URL(redisUrl).host}`,
      hasDemo ? `  Демо-доступ:    ${demoFile}` : '',
      '',
    ]
      .filter((l, i, all) => l !== '' || i === 0 || i === all.length - 1)
      .join('\n'),
  );
  process.send?.({ type: 'ready', apis: apiUrls, bridges: coapPorts });
} catch (err) {
  log.error({ err }, 'the cluster did not start');
  await stop(1);
}
