/** GET /healthz, /readyz and /metrics on the API's own port. */
import type { Express, Request } from 'express';
import { secretsEqual } from '../security/tokens.js';
import type { Health } from './health.js';
import type { Metrics } from './metrics.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** With METRICS_TOKEN: that bearer token, from anywhere. Without: a direct request from this machine only. */
function mayScrape(req: Request, token: string | undefined): boolean {
  if (token) {
    const given = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    return !!given && secretsEqual(given, token);
  }
  return LOOPBACK.has(req.socket.remoteAddress ?? '') && !req.headers['x-forwarded-for'] && !req.headers.forwarded;
}

export function mountOps(app: Express, deps: { health: Health; metrics: Metrics; metricsToken?: string }): void {
  app.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const readiness = await deps.health.readiness();
    res.set('Cache-Control', 'no-store').status(readiness.ready ? 200 : 503).json({ status: readiness.ready ? 'ready' : 'unavailable', ...readiness.checks });
  });
  app.get('/metrics', async (req, res) => {
    if (!mayScrape(req, deps.metricsToken)) {
      res.status(403).json({ error: { message: 'Метрики доступны с этой машины или с METRICS_TOKEN', code: 'FORBIDDEN' } });
      return;
    }
    res.set('Content-Type', deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
}
