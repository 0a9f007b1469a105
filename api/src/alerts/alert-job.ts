/**
 * When warnings are evaluated. On ingest: the meters of a committed batch, collected for `delayMs` (a modem's
 * backlog of 96 readings is one evaluation, not 96) and evaluated off the request — the device's 2.04 never waits
 * for it. Periodically (every `tickMs`): the sweep for what is about absence. One evaluation at a time per process;
 * on several processes the database keeps each episode single (alert.entity.ts).
 *
 * Ingest-time evaluation takes at most EVALUATION_SHARE of the process's time: after a run of d ms the next starts
 * no sooner than d × (1 − share) / share ms later, and covers every meter that reported meanwhile. Under light load
 * that is a few milliseconds and nothing changes; under heavy load warnings come a few seconds later instead of
 * the evaluation taking the event loop that ingest and live delivery need (`pnpm bench fanout`: 200 bound meters
 * reporting every second had taken it whole — p99 1,824 ms).
 */
import type { Orm } from '../db/orm.js';
import type { Logger } from '../log.js';
import { ZoneClock } from '../readings/zone-clock.js';
import { AlertsService, type AlertsDeps } from './alerts.service.js';
import { CheckRun } from './check-run.entity.js';
import { HOUR_MS } from './rules.js';

export const EVALUATION_SHARE = 0.2;

export class AlertJob {
  private pending = new Set<number>();
  /** performance.now() before which the next ingest-time evaluation does not start; Infinity while one runs. */
  private notBefore = 0;
  private timer: NodeJS.Timeout | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly orm: Orm,
    /** What every AlertsService of this process is made with (composition.ts hands them on). */
    readonly deps: AlertsDeps & { log: Logger },
    private readonly options: { delayMs: number; tickMs: number; now?: () => number },
  ) {}

  /** Meters with new readings (called after their commit). */
  stored(meterIds: number[]): void {
    if (this.stopped) return;
    for (const id of meterIds) this.pending.add(id);
    this.schedule();
  }

  /** A timer for what is pending: `delayMs` from now, or later if the last evaluation's share says so. */
  private schedule(): void {
    if (this.timer || this.stopped || !this.pending.size || this.notBefore === Infinity) return;
    const wait = Math.max(this.options.delayMs, this.notBefore - performance.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.evaluateShared();
    }, wait);
    this.timer.unref();
  }

  private evaluateShared(): Promise<void> {
    const ids = [...this.pending];
    this.pending.clear();
    this.notBefore = Infinity;
    return this.queue('evaluation failed, next readings retry it', async (alerts, now) => {
      const started = performance.now();
      try {
        await alerts.evaluateMeters(ids, now);
      } finally {
        const took = performance.now() - started;
        this.notBefore = performance.now() + (took * (1 - EVALUATION_SHARE)) / EVALUATION_SHARE;
        this.schedule();
      }
    });
  }

  /** Evaluates what is pending now (tests and shutdown); resolves when done. */
  evaluatePending(): Promise<void> {
    const ids = [...this.pending];
    this.pending.clear();
    if (!ids.length) return this.running;
    return this.queue('evaluation failed, next readings retry it', (alerts, now) => alerts.evaluateMeters(ids, now));
  }

  /** A submission changed status (submissions/engine.ts): opens or resolves SUBMISSION_FAILED, off the caller's path. */
  submissionStatus(c: { accountId: number; meterId: number; supplierId: number; status: string; reason: string | null }): Promise<void> {
    return this.queue('submission warning failed', (alerts, now) => alerts.submissionStatus(c.accountId, c.meterId, c.status, c.supplierId, c.reason, now));
  }

  /** The local day (of the rollups' zone) whose abnormal-day check this process has done. */
  private checkedDay: string | null = null;
  /** The hour whose budget check this process has done (a forecast moves by the day, the cost so far by the hour). */
  private checkedHour: number | null = null;

  /**
   * The sweep, then the hour's budget check and the day's abnormal-day check, each on its own: one failing does not
   * hold up the others. Of several API processes, one runs an hour's budget check and a day's abnormal-day check
   * (CheckRun); the sweep is each process's, and cheap.
   */
  sweep(): Promise<void> {
    void this.queue('sweep failed, will retry', (alerts, now) => alerts.sweep(now));
    void this.queue('budget check failed, will retry', async (alerts, now) => {
      const hour = Math.floor(now / HOUR_MS);
      if (hour === this.checkedHour) return;
      await this.once('budgets', new Date(hour * HOUR_MS).toISOString(), () => alerts.budgets(now));
      this.checkedHour = hour;
    });
    return this.queue('abnormal-day check failed, will retry', async (alerts, now) => {
      const day = new Date(ZoneClock.of(this.deps.reportTimeZone).startOfDay(now)).toISOString();
      if (day === this.checkedDay) return;
      await this.once('abnormal-days', day, () => alerts.abnormalDays(now));
      this.checkedDay = day;
    });
  }

  /** Runs `check` for `period` unless another process claimed it; a failed run gives the claim back and throws. */
  private async once(check: string, period: string, run: () => Promise<void>): Promise<void> {
    if (!(await CheckRun.claim(this.orm.em, check, period, new Date(this.now())))) return;
    try {
      await run();
    } catch (err) {
      await CheckRun.release(this.orm.em, check, period).catch(() => {});
      throw err;
    }
  }

  /** Runs `work` after what is queued (one evaluation at a time per process); a failure is logged, never thrown. */
  private queue(failure: string, work: (alerts: AlertsService, now: number) => Promise<unknown>): Promise<void> {
    this.running = this.running.then(() =>
      work(new AlertsService(this.orm.em.fork(), this.deps), this.now()).then(
        () => undefined,
        (err) => this.deps.log.warn({ err: { message: (err as Error).message } }, `alerts: ${failure}`),
      ),
    );
    return this.running;
  }

  start(): void {
    if (!this.options.tickMs) return;
    const tick = () => {
      this.sweeper = setTimeout(() => void this.sweep().finally(() => !this.stopped && tick()), this.options.tickMs);
      this.sweeper.unref();
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.sweeper);
    await this.running;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
