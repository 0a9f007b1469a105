/**
 * One HTTP server: GraphQL over HTTP and WebSocket (graphql-transport-ws) at /graphql, /healthz, /readyz and
 * /metrics, and the cabinet (a static SvelteKit build) everywhere else. Every response carries the security
 * headers and an X-Request-Id; every request is logged once, without secrets.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Request } from 'express';
import type { GraphQLSchema } from 'graphql';
import { authenticate, createContext, type AppDeps, type Context } from '../composition.js';
import { isStorageFailure } from '../db/storage-failure.js';
import { StorageUnavailableError } from '../errors/client-errors.js';
import { bearerFrom } from '../graphql/context.js';
import { maskError } from '../graphql/masking.js';
import { jitGateway } from '../graphql/jit-executor.js';
import { MAX_BODY_BYTES } from '../security/request-limits.js';
import { armor, PARSE_OPTIONS, refuseOperation } from '../graphql/limits.js';
import { CaptchaService } from '../security/captcha.service.js';
import { mountOps } from '../ops/http.js';
import { measureRequests } from '../ops/metrics.js';
import { mountAttachments } from './attachments.js';
import { mountSubmissionRoutes } from '../submissions/receipts.http.js';
import { requestLogger } from './request-log.js';
import { securityHeaders } from './security-headers.js';
import { mountExports } from './exports.js';
import { attachGraphqlWs, clientOf, cookieToken } from './websocket.js';
import { attachIngestChannel } from './ingest-channel.js';
import { serveWeb } from './web.js';

export interface HttpServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}


/**
 * The HTTP status of a request refused before execution (an answer without `data`), by its error's code. Apollo
 * gives its own parse and validation failures 400 but answers anything refused in a plugin — a write with a
 * read-only token, an operation over the cost limit — with 500, which tells a client "our fault, retry". The rule:
 * a request that is wrong in itself is 400, one this caller may not make is 403; errors raised while executing
 * stay 200 beside `data`, as GraphQL over HTTP has it for application/json.
 */
const REFUSAL_STATUS: Record<string, number> = {
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  BAD_USER_INPUT: 400,
  FORBIDDEN: 403,
};

function refusalStatus(result: { data?: unknown; errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }, status: number | undefined): number | null {
  // Nothing answered because the database is out of reach: 503, whether or not the operation got as far as running.
  if (result.data == null && result.errors?.length && result.errors.every((e) => e.extensions?.code === 'STORAGE_UNAVAILABLE')) return 503;
  if ('data' in result || (status !== undefined && status !== 500)) return null;
  return REFUSAL_STATUS[String(result.errors?.[0]?.extensions?.code)] ?? null;
}

/**
 * The session looked up before the operation runs: with the database out of reach, STORAGE_UNAVAILABLE with 503 and
 * Retry-After (Apollo answers an error thrown here itself, with the status its `extensions.http` names).
 */
async function authenticateOr503(deps: AppDeps, token: string | undefined) {
  try {
    return await authenticate(deps, token);
  } catch (err) {
    if (!isStorageFailure(err)) throw err;
    deps.log.warn({ err }, 'storage unavailable while authenticating a GraphQL request');
    const unavailable = new StorageUnavailableError();
    Object.assign(unavailable.extensions, { http: { status: 503, headers: new HeaderMap([['retry-after', String(unavailable.retryAfterS)]]) } });
    throw unavailable;
  }
}

export async function startHttpServer(deps: AppDeps, schema: GraphQLSchema): Promise<HttpServer> {
  const { config, log } = deps;
  const app = express();
  app.disable('x-powered-by');
  // req.ip and req.protocol follow the same rule as clientOf: exactly this many proxies are trusted.
  if (config.http.trustProxy) app.set('trust proxy', config.http.trustProxy);
  app.use(measureRequests(deps.metrics));
  app.use(requestLogger(log));
  securityHeaders(app, { hsts: config.session.secureCookie });
  const server = createServer(app);

  const wsServer = attachGraphqlWs(server, deps, schema);
  // The bridges' ingest channel beside it (http/ingest-channel.ts).
  const ingestChannel = attachIngestChannel(server, deps);

  // Queries compiled by graphql-jit, or interpreted by graphql-js (GRAPHQL_EXECUTOR; graphql/jit-executor.ts).
  const executor = config.graphql.executor === 'jit' ? { gateway: jitGateway(schema, () => deps.metrics.compiledDocuments.inc()) } : { schema };
  const apollo = new ApolloServer<Context>({
    ...executor,
    csrfPrevention: true,
    introspection: true,
    // Apollo sends the server's stack trace with every error unless NODE_ENV is production or test, and `pnpm start`
    // sets neither: file paths and internals would reach any client. The log has what operators need.
    includeStacktraceInErrorResponses: false,
    // main.ts owns shutdown (bridge, HTTP, WebSockets, database, in that order); Apollo's own signal handler
    // would race it and leave the process running.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => {
      const masked = maskError(formatted, error, log);
      deps.metrics.graphqlErrors.inc({ code: String(masked.extensions?.code ?? 'UNKNOWN') });
      return masked;
    },
    // GraphQL Armor: depth, aliases, cost, directives; no field suggestions; no batched requests. Tokens: graphql-js.
    validationRules: armor.validationRules,
    parseOptions: PARSE_OPTIONS,
    allowBatchedHttpRequests: false,
    plugins: [
      ...armor.plugins,
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      // Apollo installs cache-control hints by default, which wraps every field's resolver to compute a cache policy
      // nobody reads (every answer is private: willSendResponse below sends no-store); a daily report of a year with
      // cost spent a third of its HTTP time there (tests/bench/reports.ts).
      ApolloServerPluginCacheControlDisabled(),
      { async serverWillStart() { return { async drainServer() { await Promise.all([wsServer.dispose(), ingestChannel.dispose()]); } }; } },
      {
        async requestDidStart() {
          return {
            async didResolveOperation({ schema, document, operationName, request, contextValue }) {
              const refusal = refuseOperation({ schema, document, operationName, variables: request.variables }, contextValue);
              if (refusal) throw refusal;
            },
            async willSendResponse({ response }) {
              // What the cache-control plugin said of every answer (no hints are set): an account's data is never stored.
              response.http.headers.set('cache-control', 'no-store');
              if (response.body.kind !== 'single') return;
              const refusedWith = refusalStatus(response.body.singleResult, response.http.status);
              if (refusedWith) response.http.status = refusedWith;
              // RATE_LIMITED and STORAGE_UNAVAILABLE carry `retryAfter`: say it in HTTP too, for generic clients.
              const waits = (response.body.singleResult.errors ?? [])
                .map((e) => e.extensions?.retryAfter)
                .filter((s): s is number => typeof s === 'number');
              if (waits.length) response.http.headers.set('retry-after', String(Math.max(...waits)));
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  mountOps(app, { health: deps.health, metrics: deps.metrics, metricsToken: config.ops.metricsToken });
  // The ALTCHA widget fetches its challenge from a URL; the GraphQL query captchaChallenge serves apps.
  app.get('/captcha/challenge', async (_req, res, next) => {
    try {
      const challenge = await new CaptchaService(deps.orm.em.fork(), deps.keys.captcha, config.captcha.cost).challenge();
      res.set('Cache-Control', 'no-store').json(challenge);
    } catch (err) {
      next(err);
    }
  });
  mountExports(app, deps);
  mountAttachments(app, deps);
  mountSubmissionRoutes(app, deps, { devInbox: deps.config.demo && !config.production });
  const outbox = deps.channels.outbox;
  if (outbox) {
    // Development only (never in production): what would have gone out by SMS and email.
    app.get('/dev/outbox.json', async (_req, res) => {
      res.set('Cache-Control', 'no-store').json(await outbox.read());
    });
  }
  // GraphQL over HTTP is POST only, as the integrator guide says: a GET would carry the query and its variables —
  // passwords, codes, tokens — in a URL, which proxies, browser history and logs keep. (The WebSocket handshake is a
  // GET too, but it is an upgrade and never reaches Express.)
  app.use('/graphql', (req, res, next) => {
    if (req.method === 'POST') return next();
    res.status(405).set('Allow', 'POST').json({
      errors: [{ message: 'GraphQL принимается только POST-запросом (JSON в теле запроса)', extensions: { code: 'BAD_REQUEST' } }],
    });
  });
  app.use(
    '/graphql',
    express.json({ limit: MAX_BODY_BYTES }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const token = bearerFrom(req.headers.authorization, cookieToken(req, config.session.cookieName));
        return createContext(deps, await authenticateOr503(deps, token), clientOf(req as Request, config.http.trustProxy), { req, res });
      },
    }),
  );
  // A body that is too big or not JSON gets a GraphQL-shaped answer a client can read, not an HTML page.
  app.use('/graphql', ((err, _req, res, next) => {
    if (res.headersSent) return next(err);
    const tooLarge = err?.type === 'entity.too.large';
    res.status(tooLarge ? 413 : 400).json({
      errors: [
        {
          message: tooLarge ? `Запрос больше ${MAX_BODY_BYTES} байт` : 'Тело запроса — не JSON',
          extensions: { code: tooLarge ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST' },
        },
      ],
    });
  }) as express.ErrorRequestHandler);
  if (config.serveWeb) serveWeb(app, deps);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? 'localhost' : host}:${address.port}`;
  return {
    server,
    url,
    close: async () => {
      await apollo.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
