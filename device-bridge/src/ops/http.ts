/** The bridge's HTTP port: /healthz (the process answers), /readyz (it takes CoAP traffic), /metrics. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const equal = (a: string, b: string) => timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

function mayScrape(req: IncomingMessage, token: string | undefined): boolean {
  if (token) {
    const given = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    return !!given && equal(given, token);
  }
  return LOOPBACK.has(req.socket.remoteAddress ?? '') && !req.headers['x-forwarded-for'] && !req.headers.forwarded;
}

export interface OpsStatus {
  /** Not shutting down. */
  ready(): boolean;
  /** What /readyz reports besides readiness. */
  details(): Record<string, unknown>;
}

export async function startOpsServer(options: { host: string; port: number; metricsToken?: string; registry: Registry; status: OpsStatus }): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET') return json(405, { error: 'GET only' });
    if (path === '/healthz') return json(200, { status: 'ok' });
    if (path === '/readyz') {
      const ready = options.status.ready();
      return json(ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable', ...options.status.details() });
    }
    if (path === '/metrics') {
      if (!mayScrape(req, options.metricsToken)) return json(403, { error: 'metrics: from this machine or with METRICS_TOKEN' });
      void options.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': options.registry.contentType });
          res.end(text);
        },
        () => json(500, { error: 'metrics failed' }),
      );
      return;
    }
    json(404, { error: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
