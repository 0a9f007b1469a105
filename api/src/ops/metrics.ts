/**
 * Prometheus metrics (prom-client, the de-facto Node client: default process metrics, histograms and the text
 * format come for free). One registry per API instance, so tests running several APIs in one process do not mix.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface MetricsSources {
  /** Live pub/sub counters (Redis only). */
  pubsub?: () => { published: number; publishFailures: number; outages: number; available: boolean };
}

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'askue_api_' });
  const registers = [registry];
  const metrics = {
    registry,
    http: new Histogram({
      name: 'askue_api_http_request_duration_seconds',
      help: 'HTTP requests by route group, method and status',
      labelNames: ['route', 'method', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    graphqlErrors: new Counter({
      name: 'askue_api_graphql_errors_total',
      help: 'Errors returned to GraphQL clients, by code',
      labelNames: ['code'] as const,
      registers,
    }),
    compiledDocuments: new Counter({
      name: 'askue_api_graphql_compiled_documents_total',
      help: 'Query documents compiled by graphql-jit: one per distinct query and process, more if its cache of 500 overflows',
      registers,
    }),
    readings: new Counter({
      name: 'askue_api_readings_total',
      help: 'Readings received from device bridges: stored, or duplicates of stored ones',
      labelNames: ['outcome'] as const,
      registers,
    }),
    webSockets: new Gauge({ name: 'askue_api_websockets', help: 'Open GraphQL WebSocket connections', registers }),
    webSocketsRefused: new Counter({
      name: 'askue_api_websockets_refused_total',
      help: 'WebSocket connections refused by the per-address or per-account limit',
      labelNames: ['limit'] as const,
      registers,
    }),
    /** Set by the WebSocket server: how many subscriptions are running now. */
    setSubscriptionCount(count: () => number) {
      new Gauge({
        name: 'askue_api_subscriptions',
        help: 'GraphQL subscriptions running on this process',
        registers,
        collect() {
          this.set(count());
        },
      });
    },
    /** Set once the live pub/sub exists (it is created after the metrics). */
    setSources(sources: MetricsSources) {
      const pubsub = sources.pubsub;
      if (!pubsub) return;
      new Gauge({
        name: 'askue_api_pubsub_up',
        help: '1 while the Redis pub/sub connection is up',
        registers,
        collect() {
          this.set(pubsub().available ? 1 : 0);
        },
      });
      new Gauge({
        name: 'askue_api_pubsub_publish_failures',
        help: 'Live events that could not be published (Redis unreachable) since start',
        registers,
        collect() {
          this.set(pubsub().publishFailures);
        },
      });
    },
  };
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;

/** A bounded label for a request path: route groups, never raw paths (ids and tokens would explode the series). */
export function routeGroup(path: string): string {
  if (path === '/graphql') return 'graphql';
  if (path.startsWith('/export/')) return 'export';
  if (path.startsWith('/support/attachments')) return 'attachments';
  if (path.startsWith('/captcha/')) return 'captcha';
  if (path === '/healthz' || path === '/readyz' || path === '/metrics') return 'ops';
  if (path.startsWith('/dev/')) return 'dev';
  return 'web';
}

/** Express-style middleware timing every request into `askue_api_http_request_duration_seconds`. */
export function measureRequests(metrics: Metrics) {
  return (req: { method: string; path: string }, res: { statusCode: number; once(event: 'finish', cb: () => void): void }, next: () => void) => {
    const end = metrics.http.startTimer({ route: routeGroup(req.path), method: req.method });
    res.once('finish', () => end({ status: String(res.statusCode) }));
    next();
  };
}
