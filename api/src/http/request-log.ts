/**
 * One log line per HTTP request (pino-http: the request logger made for pino, with request ids and timing),
 * and a request id that ties it to everything else: taken from X-Request-Id when a caller (a device bridge,
 * a proxy) sends a sane one, made up otherwise, and echoed back in the response.
 *
 * What is never logged: headers (cookies, Authorization), bodies (passwords, codes, captcha solutions travel in
 * GraphQL variables), the query string of the GraphQL endpoint (a GET there is refused, but a refused request is
 * logged too, and its URL would hold the query and its variables: passwords, codes, tokens), and elsewhere the values
 * of secret-looking query parameters — the email links /confirm-email?token=… and /recovery/reset?token=… are page
 * requests like any other.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../log.js';
import { routeGroup } from '../ops/metrics.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
/** Parameter names that may carry a secret: `token`, `smsCode`, `access_token`, `password`, `claimCode`, … */
const SECRET_PARAM = /token|code|pass|secret|key|captcha|altcha|claim|signature|auth|session|otp/i;
/** Every path Express routes to the GraphQL endpoint: its routing ignores case and a trailing slash, and it is mounted with `use`. */
const GRAPHQL_PATH = /^\/graphql(\/|$)/i;

/** The URL as logged: the GraphQL endpoint's path alone; elsewhere the value of every secret-looking query parameter replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const path = url.slice(0, q);
  if (GRAPHQL_PATH.test(path)) return path;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // keep the raw name
      }
      return eq >= 0 && SECRET_PARAM.test(decoded) ? `${name}=[скрыто]` : pair;
    });
  return `${path}?${params.join('&')}`;
}

export function requestLogger(log: Logger) {
  return pinoHttp({
    logger: log,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    // Probes and scrapes would drown everything else.
    autoLogging: { ignore: (req) => routeGroup(req.url?.split('?')[0] ?? '') === 'ops' },
    // The cabinet's pages and assets only at debug: one page load is a dozen files.
    customLogLevel: (req, res, err) =>
      err || res.statusCode >= 500
        ? 'error'
        : res.statusCode >= 400
          ? 'warn'
          : routeGroup(req.url?.split('?')[0] ?? '') === 'web'
            ? 'debug'
            : 'info',
    serializers: {
      req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
        id: req.id,
        method: req.method,
        url: redactUrl(req.url),
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}
