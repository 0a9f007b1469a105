/**
 * One HTTP server: GraphQL over HTTP and WebSocket (graphql-transport-ws) at /graphql, health at /healthz,
 * and the cabinet (a static SvelteKit build) everywhere else.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { parse as parseCookies } from 'cookie';
import express, { type Request } from 'express';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Principal } from '../accounts/session.service.js';
import { authenticate, bearerFrom, createContext, type AppDeps, type Context } from '../graphql/context.js';
import { maskError } from '../graphql/masking.js';
import { serveWeb } from './web.js';

export interface HttpServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Largest GraphQL request body over HTTP; a bridge keeps its batches well below it. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Largest WebSocket message: subscriptions are small; the `ws` default of 100 MiB invites abuse. */
export const MAX_WS_MESSAGE_BYTES = 64 * 1024;

function clientOf(req: IncomingMessage) {
  const ua = req.headers['user-agent'];
  return { ip: req.socket.remoteAddress ?? null, userAgent: typeof ua === 'string' ? ua : null };
}

function cookieToken(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  return header ? parseCookies(header)[name] : undefined;
}

/** Browsers send Origin on a WebSocket handshake; a foreign page must not ride on the user's cookie. */
function originAllowed(req: IncomingMessage, allowed: string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true; // not a browser: it authenticates with a token in connection_init
  try {
    const o = new URL(origin);
    if (o.host === req.headers.host) return true;
    return allowed.includes(o.origin);
  } catch {
    return false;
  }
}

export async function startHttpServer(deps: AppDeps, schema: GraphQLSchema): Promise<HttpServer> {
  const { config, log } = deps;
  const app = express();
  app.disable('x-powered-by');
  if (config.http.trustProxy) app.set('trust proxy', true);
  const server = createServer(app);

  const wss = new WebSocketServer({
    server,
    path: '/graphql',
    maxPayload: MAX_WS_MESSAGE_BYTES,
    verifyClient: ({ req }: { req: IncomingMessage }) => originAllowed(req, config.allowedOrigins),
  });
  const wsServer = useServer<Record<string, unknown>, { principal: Principal }>(
    {
      schema,
      // Authenticate once per connection: a bearer token in connection_init, else the session cookie.
      onConnect: async (ctx) => {
        const token = bearerFrom(ctx.connectionParams?.authorization, cookieToken(ctx.extra.request, config.session.cookieName));
        const auth = await authenticate(deps, token);
        if (!auth.principal) return false; // graphql-ws closes with 4403 Forbidden
        (ctx.extra as { principal?: Principal }).principal = auth.principal;
        return true;
      },
      context: (ctx) =>
        createContext(deps, { principal: ctx.extra.principal ?? null, isBridge: false }, clientOf(ctx.extra.request), null),
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => maskError(e.toJSON(), e, log)),
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((e) => maskError(e.toJSON(), e, log)) } : undefined,
    },
    wss,
  );

  const apollo = new ApolloServer<Context>({
    schema,
    csrfPrevention: true,
    introspection: true,
    // main.ts owns shutdown (bridge, HTTP, WebSockets, database, in that order); Apollo's own signal handler
    // would race it and leave the process running.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => maskError(formatted, error, log),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      { async serverWillStart() { return { async drainServer() { await wsServer.dispose(); } }; } },
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(
    '/graphql',
    express.json({ limit: MAX_BODY_BYTES }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const token = bearerFrom(req.headers.authorization, cookieToken(req, config.session.cookieName));
        return createContext(deps, await authenticate(deps, token), clientOf(req as Request), { req, res });
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
