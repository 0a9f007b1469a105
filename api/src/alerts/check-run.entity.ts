/**
 * Which process runs a periodic check for a period (the budget check for an hour, the abnormal-day check for a
 * day): every API process sweeps, and each used to price every meter's month itself. The first to insert the
 * (check, period) row runs it; the others find the row and skip. A run that fails gives its claim back, so
 * the next sweep of any process retries it; one killed mid-run leaves its claim, and the period's check waits
 * for the next period (the next hour's budget check, the next day's abnormal day).
 */
import { Entity, PrimaryKey, Property, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';

/** How long claims are kept: long enough to show what ran lately, short enough to stay a few hundred rows. */
const KEPT_MS = 7 * 24 * 3_600_000;

@Entity({ tableName: 'check_run' })
export class CheckRun {
  @PrimaryKey({ length: 40 })
  check: string;

  /** The period it is for, as the check names it: an hour's or a day's ISO start. */
  @PrimaryKey({ length: 40 })
  period: string;

  @Property()
  startedAt: Date;

  private constructor(check: string, period: string, at: Date) {
    this.check = check;
    this.period = period;
    this.startedAt = at;
  }

  /** True when this process is the one to run `check` for `period` (it inserted the claim); false when another did. */
  static async claim(em: EntityManager, check: string, period: string, at: Date): Promise<boolean> {
    const fork = em.fork();
    try {
      await fork.insert(CheckRun, new CheckRun(check, period, at));
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) return false;
      throw err;
    }
    await fork.nativeDelete(CheckRun, { startedAt: { $lt: new Date(at.getTime() - KEPT_MS) } });
    return true;
  }

  /** Gives a claim back after its run failed: the next sweep, here or elsewhere, claims and runs it again. */
  static async release(em: EntityManager, check: string, period: string): Promise<void> {
    await em.fork().nativeDelete(CheckRun, { check, period });
  }
}
