import type { Orm } from '../db/orm.js';
import type { Logger } from '../log.js';
import { RollupService } from './rollups.service.js';

/**
 * Share of the process's time the job may take: after a run of d ms, the next starts no sooner than
 * d × (1 − share) / share ms later. Reports never wait for the job (a report first recomputes its own meter),
 * so under heavy ingest the job just runs less often — each run then covers more readings per range for about
 * the same work — instead of taking the CPU that ingest and live delivery need. Measured: with 1,000 modems
 * reporting every ~130 ms the job ran flat out, one transaction per meter every 2 s.
 */
export const ROLLUP_SHARE = 0.1;

/**
 * Every `intervalMs` (default 2 s) — or less often, to stay within ROLLUP_SHARE of the time — recompute what
 * ingest marked; one run at a time per process.
 */
export function startRollupJob(orm: Orm, log: Logger, zone: string, intervalMs = 2000): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  const run = async () => {
    const started = performance.now();
    try {
      // Keep going while there is a full batch: a backfill is caught up within one run.
      while (!stopped && (await new RollupService(orm.em.fork(), zone).process()) === 200);
    } catch (err) {
      log.warn({ err: { message: (err as Error).message } }, 'rollup job: will retry');
    }
    const took = performance.now() - started;
    schedule(Math.max(intervalMs, (took * (1 - ROLLUP_SHARE)) / ROLLUP_SHARE));
  };
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = run().finally(() => (running = null));
    }, ms);
    timer.unref();
  };
  schedule(intervalMs);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
