/**
 * GraphQL over WebSocket (graphql-transport-ws) at /graphql. Authenticated once per connection (a bearer token
 * in connection_init, else the session cookie on the upgrade request); the same request limits as HTTP; a
 * socket closes (4401) as soon as its session or access token is revoked, on whichever API process.
 */
import type { IncomingMessage, Server } from 'node:http';
import { parse as parseCookies } from 'cookie';
import { specifiedRules, type GraphQLError, type GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Principal } from '../accounts/session.service.js';
import { authenticate, createContext, type AppDeps, type Context } from '../composition.js';
import { bearerFrom } from '../graphql/context.js';
import { armor, PARSE_OPTIONS, refuseOperation } from '../graphql/limits.js';
import { maskError } from '../graphql/masking.js';
import { variableErrors } from '../graphql/variables.js';
import { MAX_WS_MESSAGE_BYTES } from '../security/request-limits.js';
import { DocumentCache, sharedResultKey, subscribeShared } from '../graphql/shared-execution.js';
import { routeUpgrades } from './upgrades.js';
import { isStorageFailure } from '../db/storage-failure.js';
import { StorageUnavailableError } from '../errors/client-errors.js';

/** For a connection whose credentials stopped being valid: graphql-ws's own code. */
const CLOSE_UNAUTHORIZED = CloseCode.Unauthorized;
/**
 * For a connection beyond the per-account limit. graphql-ws has no code for it, and its 4429 means «too many
 * initialisation requests» on one socket; 4430 is the first code after graphql-ws's 44xx ones that none of its
 * `CloseCode` values uses. The web client does not reconnect on it (graphql-ws's client would, as for any code it
 * does not know), as it did not on 4429.
 */
export const CLOSE_TOO_MANY_CONNECTIONS = 4430;
/**
 * For a connection that could not be authenticated because the database is out of reach: the WebSocket standard's
 * 1013 «Try Again Later» (RFC 6455 registry), which graphql-ws's client retries, where its 4500 «internal server
 * error» — what a throw in onConnect becomes — is fatal to it: an integrator's subscription would not come back.
 */
export const CLOSE_TRY_AGAIN_LATER = 1013;

/** Counts of open sockets by key (address, account). */
class Counts {
  private readonly counts = new Map<string | number, number>();
  get(key: string | number): number {
    return this.counts.get(key) ?? 0;
  }
  add(key: string | number, socket: WebSocket): void {
    this.counts.set(key, this.get(key) + 1);
    socket.once('close', () => {
      const n = this.get(key) - 1;
      if (n > 0) this.counts.set(key, n);
      else this.counts.delete(key);
    });
  }
}

export function cookieToken(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  return header ? parseCookies(header)[name] : undefined;
}

/**
 * The client's address: the socket's peer, or — behind `trustProxy` reverse proxies — the entry that many places
 * from the right of X-Forwarded-For (what the outermost trusted proxy saw). Entries further left are the
 * client's own claims and are ignored.
 */
export function clientIp(req: IncomingMessage, trustProxy = 0): string | null {
  const peer = req.socket.remoteAddress ?? null;
  if (!trustProxy) return peer;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer ?? ''];
  return chain[Math.max(0, chain.length - 1 - trustProxy)] || peer;
}

export function clientOf(req: IncomingMessage, trustProxy = 0) {
  const ua = req.headers['user-agent'];
  return { ip: clientIp(req, trustProxy), userAgent: typeof ua === 'string' ? ua : null };
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
  const { metrics } = deps;
  const perIp = new Counts();
  const perAccount = new Counts();
  const wss = new WebSocketServer({
    noServer: true,
    path: '/graphql',
    maxPayload: MAX_WS_MESSAGE_BYTES,
    verifyClient: ({ req }: { req: IncomingMessage }, done: (ok: boolean, status?: number, message?: string, headers?: Record<string, string>) => void) => {
      if (!originAllowed(req, config.allowedOrigins)) return done(false, 403, 'Origin not allowed');
      if (perIp.get(clientIp(req, config.http.trustProxy) ?? '') >= config.limits.wsPerIp) {
        metrics.webSocketsRefused.inc({ limit: 'address' });
        return done(false, 429, 'Too many connections from this address', { 'Retry-After': '30' });
      }
      done(true);
    },
  });
  routeUpgrades(server, '/graphql', wss);
  // Every connected graphql-ws context, for the subscriptions gauge.
  const contexts = new Set<{ subscriptions: Record<string, unknown> }>();
  metrics.setSubscriptionCount(() => {
    let n = 0;
    for (const c of contexts) n += Object.keys(c.subscriptions).length;
    return n;
  });
  wss.on('connection', (socket, req) => {
    perIp.add(clientIp(req, config.http.trustProxy) ?? '', socket);
    metrics.webSockets.inc();
    socket.once('close', () => metrics.webSockets.dec());
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
  // Listen for revocations for as long as the server runs, across pub/sub outages: a revoked session's sockets
  // must close on every process.
  let listening = true;
  let revocations: AsyncIterator<{ sessionIds: number[] }> | null = null;
  void (async () => {
    while (listening) {
      revocations = deps.pubSub.subscribe('sessionsRevoked', 0)[Symbol.asyncIterator]();
      try {
        for (let next = await revocations.next(); !next.done; next = await revocations.next()) {
          for (const id of next.value.sessionIds) {
            for (const socket of bySession.get(id) ?? []) socket.close(CLOSE_UNAUTHORIZED, 'Session revoked');
          }
        }
      } catch {
        // Pub/sub unavailable: try again shortly.
      }
      if (listening) await new Promise((r) => setTimeout(r, 1000).unref());
    }
  })();

  const documents = new DocumentCache(schema, [...specifiedRules, ...armor.validationRules], PARSE_OPTIONS);
  const mask = (e: GraphQLError) => {
    const masked = maskError(e.toJSON(), e, log);
    metrics.graphqlErrors.inc({ code: String(masked.extensions?.code ?? 'UNKNOWN') });
    return masked;
  };
  const disposable = useServer<Record<string, unknown>, Extra>(
    {
      schema,
      onConnect: async (ctx) => {
        const token = bearerFrom(ctx.connectionParams?.authorization, cookieToken(ctx.extra.request, config.session.cookieName));
        let auth: Awaited<ReturnType<typeof authenticate>>;
        try {
          auth = await authenticate(deps, token);
        } catch (err) {
          if (!isStorageFailure(err)) throw err;
          ctx.extra.socket.close(CLOSE_TRY_AGAIN_LATER, `Storage unavailable, retry in ${new StorageUnavailableError().retryAfterS} s`);
          return false;
        }
        if (auth.isBridge) {
          (ctx.extra as Partial<Extra>).isBridge = true;
          contexts.add(ctx);
          ctx.extra.socket.once('close', () => contexts.delete(ctx));
          return true;
        }
        if (!auth.principal) return false; // graphql-ws closes with 4403 Forbidden
        const accountId = auth.principal.account.id;
        if (perAccount.get(accountId) >= config.limits.wsPerAccount) {
          metrics.webSocketsRefused.inc({ limit: 'account' });
          ctx.extra.socket.close(CLOSE_TOO_MANY_CONNECTIONS, 'Too many connections for this account');
          return false;
        }
        perAccount.add(accountId, ctx.extra.socket);
        contexts.add(ctx);
        ctx.extra.socket.once('close', () => contexts.delete(ctx));
        (ctx.extra as Partial<Extra>).principal = auth.principal;
        track(auth.principal.session.id, ctx.extra.socket);
        return true;
      },
      // The same limits as over HTTP: a token budget while parsing, then Armor's validation rules — once per
      // distinct query text (thousands of subscribers send the same one). Every refusal is returned as errors, so
      // that graphql-ws answers with an `error` message for this operation alone; a throw would close the socket.
      onSubscribe: (ctx, id, payload) => {
        const parsed = documents.get(payload.query);
        if ('errors' in parsed) return [...parsed.errors];
        const { document } = parsed;
        const context = createContext(deps, { principal: ctx.extra.principal ?? null, isBridge: ctx.extra.isBridge === true }, clientOf(ctx.extra.request, config.http.trustProxy), null);
        const key = sharedResultKey(document, payload.operationName, payload.query, payload.variables);
        if (key) context.sharedDelivery = { key, id, socket: ctx.extra.socket };
        const refusal = refuseOperation({ schema, document, operationName: payload.operationName, variables: payload.variables }, context);
        if (refusal) return [refusal];
        const refused = variableErrors(schema, document, payload.operationName, payload.variables);
        if (refused) return refused;
        return { schema, document, variableValues: payload.variables, operationName: payload.operationName, contextValue: context };
      },
      subscribe: (args) => subscribeShared(args, (args.contextValue as Context).sharedDelivery),
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => mask(e)),
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: result.errors.map((e) => mask(e)) } : undefined),
    },
    wss,
  );
  return {
    dispose: async () => {
      listening = false;
      await revocations?.return?.();
      await disposable.dispose();
    },
  };
}
