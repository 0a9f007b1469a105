import type { Orm } from '../db/orm.js';
import type { Logger } from '../log.js';
import { RollupService } from './rollups.service.js';

/**
 * Share of an API process's time the job may take, kept transaction by transaction: after a transaction that
 * took d ms the job pauses d × (1 − share) / share ms before the next. Reports never wait for the job (a report
 * first recomputes its own meter), so under heavy ingest the job just falls behind — each range then covers more
 * readings for about the same work — instead of taking the CPU that ingest and live delivery need.
 *
 * Why per transaction and not per run: a run that catches up a backlog (200 ranges a claim, as many claims as
 * there are) used to go flat out and then rest; while it went, half the API's main thread was the job's queries
 * for seconds at a time, ingest batches queued behind them and a live reading took 100–150 ms to reach its
 * subscriber (`pnpm bench latency`, tests/bench/SCALING.md). Paced, the job never holds the loop for longer
 * than one transaction (a few milliseconds) and never more than `share` of it.
 * A rollup worker (`pnpm start:worker`) has nothing else to do and runs with a share of 1.
 */
export const ROLLUP_SHARE = 0.1;

export interface RollupJobStats {
  /** Dirty ranges recomputed by this process since it started. */
  ranges: number;
  /** Milliseconds spent in its transactions (pauses not counted). */
  busyMs: number;
}

/**
 * Every `intervalMs` (default 2 s), recompute what ingest marked and has settled for `settleMs` (RollupService),
 * pausing after each transaction to stay within `share` of the time; one run at a time per process. Any number of processes may run it: each claims its own ranges.
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
  const pace = async (busyMs: number) => {
    stats.busyMs += busyMs;
    const rest = share >= 1 ? 0 : (busyMs * (1 - share)) / share;
    await new Promise<void>((r) => (rest ? setTimeout(r, rest) : setImmediate(r)));
  };
  const run = async () => {
    try {
      // Keep going while there is a full batch: a backlog is caught up within one run, at the pace above.
      for (let done = 200; !stopped && done === 200; ) {
        done = await new RollupService(orm.em.fork(), zone, settleMs).process(undefined, 200, pace);
        stats.ranges += done;
      }
    } catch (err) {
      log.warn({ err: { message: (err as Error).message } }, 'rollup job: will retry');
    }
    schedule(intervalMs);
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
