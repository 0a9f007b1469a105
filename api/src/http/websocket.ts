/**
 * GraphQL over WebSocket (graphql-transport-ws) at /graphql. Authenticated once per connection (a bearer token
 * in connection_init, else the session cookie on the upgrade request); the same request limits as HTTP; a
 * socket closes (4401) as soon as its session or access token is revoked, on whichever API process.
 */
import type { IncomingMessage, Server } from 'node:http';
import { parse as parseCookies } from 'cookie';
import { parse, specifiedRules, validate, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Principal } from '../accounts/session.service.js';
import { authenticate, bearerFrom, createContext, type AppDeps } from '../graphql/context.js';
import { assertOperationAllowed, armor, LIMITS } from '../graphql/limits.js';
import { maskError } from '../graphql/masking.js';

/** Largest WebSocket message: subscriptions are small; the `ws` default of 100 MiB invites abuse. */
export const MAX_WS_MESSAGE_BYTES = 64 * 1024;
/** graphql-ws close code for a connection whose credentials stopped being valid. */
const CLOSE_UNAUTHORIZED = 4401;

export function cookieToken(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  return header ? parseCookies(header)[name] : undefined;
}

export function clientOf(req: IncomingMessage) {
  const ua = req.headers['user-agent'];
  return { ip: req.socket.remoteAddress ?? null, userAgent: typeof ua === 'string' ? ua : null };
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

/** Who opened the socket: a signed-in account, or a device bridge with the service credential (for deviceConfigChanged). */
type Extra = { principal: Principal; isBridge?: boolean };

export function attachGraphqlWs(server: Server, deps: AppDeps, schema: GraphQLSchema) {
  const { config, log } = deps;
  const wss = new WebSocketServer({
    server,
    path: '/graphql',
    maxPayload: MAX_WS_MESSAGE_BYTES,
    verifyClient: ({ req }: { req: IncomingMessage }) => originAllowed(req, config.allowedOrigins),
  });

  // Which sockets belong to which session, so that revoking a session closes them.
  const bySession = new Map<number, Set<WebSocket>>();
  const track = (sessionId: number, socket: WebSocket) => {
    let set = bySession.get(sessionId);
    if (!set) bySession.set(sessionId, (set = new Set()));
    set.add(socket);
    socket.once('close', () => {
      set!.delete(socket);
      if (!set!.size) bySession.delete(sessionId);
    });
  };
  const revocations = deps.pubSub.subscribe('sessionsRevoked', 0);
  void (async () => {
    for await (const event of revocations) {
      for (const id of event.sessionIds) {
        for (const socket of bySession.get(id) ?? []) socket.close(CLOSE_UNAUTHORIZED, 'Session revoked');
      }
    }
  })();

  const rules = [...specifiedRules, ...armor.validationRules];
  const disposable = useServer<Record<string, unknown>, Extra>(
    {
      schema,
      onConnect: async (ctx) => {
        const token = bearerFrom(ctx.connectionParams?.authorization, cookieToken(ctx.extra.request, config.session.cookieName));
        const auth = await authenticate(deps, token);
        if (auth.isBridge) {
          (ctx.extra as Partial<Extra>).isBridge = true;
          return true;
        }
        if (!auth.principal) return false; // graphql-ws closes with 4403 Forbidden
        (ctx.extra as Partial<Extra>).principal = auth.principal;
        track(auth.principal.session.id, ctx.extra.socket);
        return true;
      },
      // The same limits as over HTTP: a token budget while parsing, then Armor's validation rules.
      onSubscribe: (ctx, _id, payload) => {
        let document;
        try {
          document = parse(payload.query, { maxTokens: LIMITS.maxTokens });
        } catch (err) {
          return [err as never];
        }
        const errors = validate(schema, document, rules);
        if (errors.length) return errors;
        const context = createContext(deps, { principal: ctx.extra.principal ?? null, isBridge: ctx.extra.isBridge === true }, clientOf(ctx.extra.request), null);
        assertOperationAllowed(document, payload.operationName, context);
        return { schema, document, variableValues: payload.variables, operationName: payload.operationName, contextValue: context };
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => maskError(e.toJSON(), e, log)),
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((e) => maskError(e.toJSON(), e, log)) } : undefined,
    },
    wss,
  );
  return {
    dispose: async () => {
      await revocations[Symbol.asyncIterator]().return?.();
      await disposable.dispose();
    },
  };
}
