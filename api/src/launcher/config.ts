/**
 * The launcher's own settings: the only module of the launcher that reads `process.env`. The API's settings are
 * read by ../config.ts in the API process itself; the launcher reads only what decides which processes to start,
 * and hands its environment on to them (children inherit it, as a shell would pass it).
 */
import path from 'node:path';

/** A child's environment: the launcher's own, with the child's settings over it. */
export function childEnvironment(own: NodeJS.ProcessEnv, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, ...own };
}

/** `pnpm start:cluster` (cluster.ts documents every variable). */
export function loadClusterConfig(env: NodeJS.ProcessEnv = process.env) {
  const count = (name: string, fallback: number, min = 1) => {
    const n = Number(env[name] ?? fallback);
    if (!Number.isInteger(n) || n < min || n > 16) throw new Error(`${name}: expected ${min}…16 (got ${env[name]})`);
    return n;
  };
  return {
    apis: count('CLUSTER_APIS', 2),
    bridges: count('CLUSTER_BRIDGES', 2),
    /** Rollup workers; with none, the APIs run the rollup job themselves. */
    workers: count('CLUSTER_WORKERS', 1, 0),
    firstPort: Number(env.PORT ?? 3001),
    firstCoapPort: Number(env.COAP_PORT ?? 5683),
    // INIT_CWD: where `pnpm` was run (pnpm runs the script in api/), so a relative DATA_DIR means what the user meant.
    dataDir: path.resolve(env.INIT_CWD ?? process.cwd(), env.DATA_DIR ?? 'data/cluster'),
    databaseUrl: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/askue_cluster',
    /** Given by the user: used as it is. The default database is created when missing. */
    databaseGiven: Boolean(env.DATABASE_URL),
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    demo: env.DEMO !== '0',
    simulate: env.SIMULATE !== '0',
    /** Secrets given in the environment win over the ones kept in DATA_DIR. */
    secretOverrides: {
      ...(env.SECRET_KEY ? { SECRET_KEY: env.SECRET_KEY } : {}),
      ...(env.BRIDGE_SECRET ? { BRIDGE_SECRET: env.BRIDGE_SECRET } : {}),
    },
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
