/** Prometheus metrics of a bridge (prom-client, as in the API): requests by resource and answer, forwarding, observers. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** "2.04", "4.29": a CoAP code as people write it. */
export const codeName = (code: number) => `${code >> 5}.${String(code & 0x1f).padStart(2, '0')}`;

/** Read at each scrape; set by the bridge once its parts exist. */
export interface MetricsSources {
  queued: () => number;
  observers: () => number;
}

export function createMetrics(sources: MetricsSources = { queued: () => 0, observers: () => 0 }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'askue_bridge_' });
  const registers = [registry];
  return {
    registry,
    requests: new Histogram({
      name: 'askue_bridge_request_duration_seconds',
      help: 'CoAP requests by resource and response code, until the answer was ready',
      labelNames: ['resource', 'code'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    forwarded: new Counter({ name: 'askue_bridge_readings_forwarded_total', help: 'Readings handed to the API and committed', registers }),
    batches: new Histogram({
      name: 'askue_bridge_forward_batch_seconds',
      help: 'Round trip of one ingest batch to the API',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers,
    }),
    sources,
    batchSizes: new Histogram({
      name: 'askue_bridge_forward_batch_readings',
      help: 'Readings per ingest batch (group commit grows batches under load)',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 4000],
      registers,
    }),
    queued: new Gauge({
      name: 'askue_bridge_readings_queued',
      help: 'Readings waiting for a batch to the API',
      registers,
      collect() {
        this.set(sources.queued());
      },
    }),
    observers: new Gauge({
      name: 'askue_bridge_config_observers',
      help: 'Modems observing /config',
      registers,
      collect() {
        this.set(sources.observers());
      },
    }),
  };
}

export type BridgeMetrics = ReturnType<typeof createMetrics>;
