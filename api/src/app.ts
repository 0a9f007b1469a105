/** The API as a whole: storage, pub/sub, schema and the HTTP server, started and stopped together. */
import 'reflect-metadata';
import type { Config } from './config.js';
import { openDatabase, type Orm } from './db/orm.js';
import { seedDemo, type DemoData } from './demo/demo.js';
import type { AppDeps } from './graphql/context.js';
import { buildApiSchema } from './graphql/schema.js';
import { startHttpServer } from './http/server.js';
import { createLogger, type Logger } from './log.js';
import { createLivePubSub } from './pubsub/pubsub.js';

export interface RunningApi {
  url: string;
  graphqlUrl: string;
  orm: Orm;
  log: Logger;
  demo: DemoData | null;
  close(): Promise<void>;
}

export async function startApi(config: Config, log: Logger = createLogger(config.logLevel)): Promise<RunningApi> {
  const orm = await openDatabase(config.database);
  const pubSub = createLivePubSub(config.redis);
  const deps: AppDeps = { config, orm, pubSub, log };
  try {
    const demo = config.demo ? await seedDemo(orm.em.fork(), config.dataDir) : null;
    const schema = await buildApiSchema();
    const http = await startHttpServer(deps, schema);
    return {
      url: http.url,
      graphqlUrl: `${http.url}/graphql`,
      orm,
      log,
      demo,
      close: async () => {
        await http.close();
        await pubSub.close();
        await orm.close();
      },
    };
  } catch (err) {
    await pubSub.close();
    await orm.close();
    throw err;
  }
}
