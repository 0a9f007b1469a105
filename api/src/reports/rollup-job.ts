import type { Orm } from '../db/orm.js';
import type { Logger } from '../log.js';
import { RollupService } from './rollups.service.js';

/**
 * Share of an API process's time the job may take: after a run of d ms, the next starts no sooner than
 * d × (1 − share) / share ms later. Reports never wait for the job (a report first recomputes its own meter),
 * so under heavy ingest the job just runs less often — each run then covers more readings per range for about
 * the same work — instead of taking the CPU that ingest and live delivery need. Measured: with 1,000 modems
 * reporting every ~130 ms the job ran flat out, one transaction per meter every 2 s.
 * A rollup worker (`pnpm start:worker`) has nothing else to do and runs with a share of 1.
 */
export const ROLLUP_SHARE = 0.1;

export interface RollupJobStats {
  /** Dirty ranges recomputed by this process since it started. */
  ranges: number;
  /** Milliseconds spent in runs. */
  busyMs: number;
}

/**
 * Every `intervalMs` (default 2 s) — or less often, to stay within `share` of the time — recompute what ingest
 * marked and has settled for `settleMs` (RollupService); one run at a time per process. Any number of processes may run it: each claims its own ranges.
 */
export function startRollupJob(
  orm: Orm,
  log: Logger,
  zone: string,
  { intervalMs = 2000, share = ROLLUP_SHARE, settleMs = 0 }: { intervalMs?: number; share?: number; settleMs?: number } = {},
): { stop(): Promise<void>; stats: RollupJobStats } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  const stats: RollupJobStats = { ranges: 0, busyMs: 0 };
  const run = async () => {
    const started = performance.now();
    try {
      // Keep going while there is a full batch: a backfill is caught up within one run.
      for (let done = 200; !stopped && done === 200; ) {
        done = await new RollupService(orm.em.fork(), zone, settleMs).process();
        stats.ranges += done;
      }
    } catch (err) {
      log.warn({ err: { message: (err as Error).message } }, 'rollup job: will retry');
    }
    const took = performance.now() - started;
    stats.busyMs += took;
    schedule(Math.max(intervalMs, (took * (1 - share)) / share));
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
    stats,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
