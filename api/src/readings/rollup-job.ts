import type { Orm } from '../db/orm.js';
import type { Logger } from '../log.js';
import { RollupService } from './rollups.service.js';

/** Every `intervalMs` (default 2 s), recompute what ingest marked; one run at a time per process. */
export function startRollupJob(orm: Orm, log: Logger, zone: string, intervalMs = 2000): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let stopped = false;
  const run = async () => {
    try {
      // Keep going while there is a full batch: a backfill is caught up within one tick.
      while (!stopped && (await new RollupService(orm.em.fork(), zone).process()) === 200);
    } catch (err) {
      log.warn({ err: { message: (err as Error).message } }, 'rollup job: will retry');
    }
  };
  const timer = setInterval(() => {
    if (!running) running = run().finally(() => (running = null));
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
