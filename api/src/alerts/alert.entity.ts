/**
 * Alerts: one row per episode of a rule on a subject (a meter or a modem) — opened when the condition starts,
 * resolved when it ends, never one per reading. At most one episode of a rule per subject is open at a time, and
 * the database says so (the partial unique index `alert_open`, see the migration): two API processes evaluating
 * the same readings race on the insert, one wins, the other finds the episode open and sends nothing.
 */
import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';
import { Account } from '../accounts/account.entity.js';
import { Controller } from '../devices/controller.entity.js';
import { Meter } from '../devices/meter.entity.js';
import { UserInputError, because } from '../errors/client-errors.js';
import { graphqlEnum, type EnumValue } from '../schema/enum.js';

export const AlertRule = graphqlEnum('AlertRule', 'What a warning watches.', {
  LEAK: 'Water flowing in every interval for a long stretch (24 h, or 2 h at night).',
  BURST: 'More water than a threshold within a short time.',
  AWAY_USE: 'Water used, or electricity above the baseload, while the account is away.',
  MODEM_SILENT: 'No reading for 2.5 reporting intervals; resolves when the modem reports again.',
  LOW_BATTERY: 'The modem’s battery below 15 % (resolves at 25 %).',
  WEAK_SIGNAL: 'The modem’s signal below −110 dBm (resolves at −100 dBm).',
  VERIFICATION_DUE: 'The meter’s verification (поверка) due within 30 days, 7 days, or overdue (`stage`).',
  VOLTAGE: 'Voltage on a phase out of the ±10 % band for longer than 10 minutes (an interruption too); resolves when it is back.',
  SUBMISSION_FAILED: 'A submission of the meter’s readings to its supplier failed or was rejected, or this month’s readings could not be taken (stage AWAITING_VALUES); resolves when one is accepted or the values arrive.',
  ABNORMAL_DAY: 'Yesterday’s consumption above twice the median of the same weekday over the last 4 weeks (learned after 3 complete weeks); resolves after a normal day.',
  BUDGET: 'The meter’s cost this month forecast above the monthly budget the customer set (`stage` FORECAST), or above it already (SPENT). Checked every hour and when the budget is saved; resolves when the forecast is back under it (a raised or removed budget, a cheaper week); a new month starts a new warning.',
});
export type AlertRule = EnumValue<typeof AlertRule>;

export const AlertSeverity = graphqlEnum('AlertSeverity', 'CRITICAL also goes by SMS.', {
  CRITICAL: 'Costs money or floods the home now: email, SMS and push, also in quiet hours.',
  WARNING: 'Needs attention soon: email and push, held back in quiet hours.',
  INFO: 'Worth knowing: email and push, held back in quiet hours.',
});
export type AlertSeverity = EnumValue<typeof AlertSeverity>;

export const AlertEnd = graphqlEnum('AlertEnd', 'How a warning ended.', {
  CLEARED: 'Its condition ended (the water stopped, the modem reported again, the reading was accepted…).',
  RELEASED: 'The account let go of the meter or modem (unbound on moving out, or bound by its next owner): the warning is closed, not cleared.',
  RETIRED: 'The operator took the modem out of service: nothing more is heard from it.',
});
export type AlertEnd = EnumValue<typeof AlertEnd>;

export const SEVERITY: Record<AlertRule, AlertSeverity> = {
  LEAK: AlertSeverity.CRITICAL,
  BURST: AlertSeverity.CRITICAL,
  AWAY_USE: AlertSeverity.CRITICAL,
  MODEM_SILENT: AlertSeverity.WARNING,
  LOW_BATTERY: AlertSeverity.WARNING,
  WEAK_SIGNAL: AlertSeverity.INFO,
  VERIFICATION_DUE: AlertSeverity.WARNING,
  VOLTAGE: AlertSeverity.WARNING,
  SUBMISSION_FAILED: AlertSeverity.WARNING,
  ABNORMAL_DAY: AlertSeverity.WARNING,
  BUDGET: AlertSeverity.WARNING,
};

/** A monthly budget the customer may set for a meter, in kopecks: from 1 ₽ to 10 million ₽. */
export const BUDGET_RANGE = { min: 100, max: 1_000_000_000 } as const;

@Entity({ tableName: 'alert' })
@Index({ name: 'alert_by_account', properties: ['account', 'openedAt'] })
@Index({ name: 'alert_open', expression: 'create unique index "alert_open" on "alert" ("subject", "rule") where "resolved_at" is null' })
export class Alert {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  /** Whom it concerns: the subject's owner when it opened. */
  @ManyToOne({ entity: () => Account, deleteRule: 'cascade' })
  account: Rel<Account>;

  @ManyToOne({ entity: () => Meter, nullable: true })
  meter: Rel<Meter> | null = null;

  @ManyToOne({ entity: () => Controller, nullable: true })
  controller: Rel<Controller> | null = null;

  /** `meter:<id>` or `controller:<id>`: with `rule`, what an episode is unique by while open. */
  @Property({ type: 'string', length: 40 })
  subject: string;

  @Property({ type: 'string', length: 24 })
  rule: AlertRule;

  @Property({ type: 'string', length: 16 })
  severity: AlertSeverity;

  /** A rule's escalation step (verification: DAYS_30 → DAYS_7 → OVERDUE); a new step notifies again. */
  @Property({ type: 'string', length: 16, nullable: true })
  stage: string | null = null;

  /** The facts the message names, as JSON (litres, hours since, watts, the due date…). */
  @Property({ type: 'text' })
  details: string;

  @Property({ type: 'datetime' })
  openedAt: Date;

  /** When the condition was last seen to hold. */
  @Property({ type: 'datetime' })
  seenAt: Date;

  @Property({ type: 'datetime', nullable: true })
  resolvedAt: Date | null = null;

  /** Why it ended (null while open, and for episodes that ended before this was kept). */
  @Property({ type: 'string', length: 16, nullable: true })
  endedBy: AlertEnd | null = null;

  @Property({ type: 'datetime', nullable: true })
  acknowledgedAt: Date | null = null;

  /** No messages about it until then (the cabinet still shows it). */
  @Property({ type: 'datetime', nullable: true })
  mutedUntil: Date | null = null;

  constructor(account: Account | Rel<Account>, target: { meter: Meter | Rel<Meter> } | { controller: Controller | Rel<Controller> }, rule: AlertRule, details: object, at: Date, stage: string | null = null) {
    this.account = account as Rel<Account>;
    if ('meter' in target) {
      this.meter = target.meter as Rel<Meter>;
      this.subject = `meter:${target.meter.id}`;
    } else {
      this.controller = target.controller as Rel<Controller>;
      this.subject = `controller:${target.controller.id}`;
    }
    this.rule = rule;
    this.severity = SEVERITY[rule];
    this.details = JSON.stringify(details);
    this.stage = stage;
    this.openedAt = at;
    this.seenAt = at;
  }

  get open(): boolean {
    return this.resolvedAt === null;
  }

  get facts(): Record<string, unknown> {
    return JSON.parse(this.details) as Record<string, unknown>;
  }

  /** The condition still holds: fresher facts; true when it moved to a new stage (which notifies again). */
  holds(details: object, at: Date, stage: string | null = this.stage): boolean {
    this.details = JSON.stringify(details);
    this.seenAt = at;
    if (stage === this.stage) return false;
    this.stage = stage;
    this.acknowledgedAt = null;
    return true;
  }

  /** Ends it (once: a second end keeps the first time and reason). */
  resolve(at: Date, why: AlertEnd = AlertEnd.CLEARED): void {
    if (this.resolvedAt) return;
    this.resolvedAt = at;
    this.endedBy = why;
  }

  acknowledge(at: Date): void {
    this.acknowledgedAt ??= at;
  }

  /** Muted until `until`; a time in the past unmutes. */
  mute(until: Date | null): void {
    this.mutedUntil = until;
  }

  mutedAt(at: Date): boolean {
    return this.mutedUntil !== null && this.mutedUntil.getTime() > at.getTime();
  }
}

/** «Я в отъезде»: from–to, any water use and electricity above the baseload is a warning. */
@Entity({ tableName: 'away_period' })
@Index({ name: 'away_period_by_account', properties: ['account', 'to'] })
export class AwayPeriod {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => Account, deleteRule: 'cascade' })
  account: Rel<Account>;

  @Property({ type: 'datetime' })
  from: Date;

  @Property({ type: 'datetime' })
  to: Date;

  @Property({ type: 'datetime' })
  createdAt: Date;

  constructor(account: Account | Rel<Account>, from: Date, to: Date, at: Date) {
    if (!(to.getTime() > from.getTime())) throw new RangeError('away period ends before it starts');
    this.account = account as Rel<Account>;
    this.from = from;
    this.to = to;
    this.createdAt = at;
  }

  /** Ends it at `at` (coming home early); a period not started yet is cut to nothing. */
  endAt(at: Date): void {
    if (at.getTime() < this.to.getTime()) this.to = new Date(Math.max(at.getTime(), this.from.getTime()));
  }
}

/** A customer's thresholds for one meter's warnings; a meter without a row uses the defaults (rules.ts). */
@Entity({ tableName: 'alert_settings' })
@Unique({ name: 'alert_settings_by_meter', properties: ['meter', 'account'] })
export class AlertSettings {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => Account, deleteRule: 'cascade' })
  account: Rel<Account>;

  @ManyToOne({ entity: () => Meter })
  meter: Rel<Meter>;

  /** "Continuous flow expected" (filling a pool, a garden hose) until then: no leak warnings. */
  @Property({ type: 'datetime', nullable: true })
  continuousFlowUntil: Date | null = null;

  @Property({ type: 'integer', nullable: true })
  leakHours: number | null = null;

  @Property({ type: 'integer', nullable: true })
  nightLeakHours: number | null = null;

  @Property({ type: 'integer', nullable: true })
  minLitresPerHour: number | null = null;

  @Property({ type: 'integer', nullable: true })
  burstLitres: number | null = null;

  @Property({ type: 'integer', nullable: true })
  baseloadW: number | null = null;

  /** What this meter may cost a month, in kopecks (null: no budget, no BUDGET warning). */
  @Property({ type: 'integer', nullable: true })
  monthBudgetKopecks: number | null = null;

  /** Rules switched off for this meter, comma-separated. */
  @Property({ type: 'string', length: 200 })
  disabled = '';

  /**
   * How many times the thresholds and rules were saved: a form sends back the version it was filled from, and a
   * save made elsewhere in between is refused rather than overwritten (`configure`). "Continuous flow" is not
   * counted: no form of thresholds carries it.
   */
  @Property({ type: 'integer', default: 0 })
  version = 0;

  constructor(account: Account | Rel<Account>, meter: Meter | Rel<Meter>) {
    this.account = account as Rel<Account>;
    this.meter = meter as Rel<Meter>;
  }

  /** Continuous flow expected until `until` (null: no longer). */
  expectFlowUntil(until: Date | null): void {
    this.continuousFlowUntil = until;
  }

  ruleOn(rule: AlertRule): boolean {
    return !this.disabledRules.includes(rule);
  }

  get disabledRules(): AlertRule[] {
    return this.disabled ? (this.disabled.split(',') as AlertRule[]) : [];
  }

  /**
   * The customer's thresholds (null: the default) and the rules they switched off for this meter. `expected` is the
   * version the customer's form was filled from (null: overwrite whatever is there); another one refuses the change.
   * `monthBudgetKopecks` left out keeps the budget (a client that does not know of budgets does not remove one).
   */
  configure(t: { leakHours: number | null; nightLeakHours: number | null; minLitresPerHour: number | null; burstLitres: number | null; baseloadW: number | null; monthBudgetKopecks?: number | null }, disabled: AlertRule[], expected: number | null = null): void {
    if (expected !== null && expected !== this.version) throw new UserInputError(because('ALERT_SETTINGS_CHANGED'), 'version');
    const budget = t.monthBudgetKopecks;
    if (budget !== undefined && budget !== null && !(Number.isSafeInteger(budget) && budget >= BUDGET_RANGE.min && budget <= BUDGET_RANGE.max)) throw new UserInputError(because('BUDGET_RANGE', { min: BUDGET_RANGE.min / 100, max: BUDGET_RANGE.max / 100 }), 'monthBudget');
    this.version += 1;
    if (budget !== undefined) this.monthBudgetKopecks = budget;
    this.leakHours = t.leakHours;
    this.nightLeakHours = t.nightLeakHours;
    this.minLitresPerHour = t.minLitresPerHour;
    this.burstLitres = t.burstLitres;
    this.baseloadW = t.baseloadW;
    this.disabled = [...new Set(disabled)].sort().join(',');
  }
}

/**
 * An account's quiet hours: from `quietFrom` to `quietTo` (local hours of the account's zone, wrapping midnight when
 * from > to) warnings that can wait send no email and no push — the cabinet still shows them at once. CRITICAL ones
 * (a leak, a burst, use while away) are sent whatever the hour.
 */
@Entity({ tableName: 'alert_preferences' })
export class AlertPreferences {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => Account, deleteRule: 'cascade', unique: true })
  account: Rel<Account>;

  @Property({ type: 'integer', nullable: true })
  quietFrom: number | null = null;

  @Property({ type: 'integer', nullable: true })
  quietTo: number | null = null;

  constructor(account: Account | Rel<Account>) {
    this.account = account as Rel<Account>;
  }

  /** Quiet from `from` to `to` (whole local hours 0–23, different); both null: no quiet hours. */
  setQuietHours(from: number | null, to: number | null): void {
    if ((from === null) !== (to === null)) throw new RangeError('quiet hours need a start and an end');
    if (from !== null && to !== null && (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || from > 23 || to < 0 || to > 23 || from === to)) throw new RangeError('quiet hours are whole hours 0–23, start and end different');
    this.quietFrom = from;
    this.quietTo = to;
  }

  /** Whether local hour `hour` falls in the quiet hours. */
  quietAt(hour: number): boolean {
    if (this.quietFrom === null || this.quietTo === null) return false;
    return this.quietFrom < this.quietTo ? hour >= this.quietFrom && hour < this.quietTo : hour >= this.quietFrom || hour < this.quietTo;
  }
}
