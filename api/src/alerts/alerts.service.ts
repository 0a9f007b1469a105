/**
 * Warnings: the rules (rules.ts) evaluated on ingest for what must be fast (leak, burst, use while away) and by a
 * periodic sweep for what is about absence (a silent modem, a verification date, an away period that ended), turned
 * into one alert per episode (alert.entity.ts) and told to the customer: the cabinet live (the `alert` topic), email,
 * and SMS for what cannot wait — rate-limited per account, never while muted. Delivery failures are logged and never
 * undo an alert: the cabinet always has it.
 */
import { UniqueConstraintViolationException, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { Account } from '../accounts/account.entity.js';
import { Controller } from '../devices/controller.entity.js';
import { SILENCE_FACTOR } from '../devices/device-status.js';
import { MeterKind } from '../devices/meter-kind.js';
import { Meter } from '../devices/meter.entity.js';
import { Supplier } from '../suppliers/supplier.entity.js';
import { ZoneClock } from '../readings/zone-clock.js';
import { registersOf, ReportService } from '../reports/reports.service.js';
import { AccessService } from '../devices/access.service.js';
import { CostService } from '../tariffs/cost.service.js';
import { parseRoubles, roubles } from '../tariffs/money.js';
import { TariffsService } from '../tariffs/tariffs.service.js';
import { RollupService } from '../reports/rollups.service.js';
import type { Channels } from '../delivery/channels.js';
import type { OperatorName } from '../delivery/messages.js';
import { selectRows } from '../db/raw.js';
import { againOnConflict, lockedFor } from '../db/conflicts.js';
import type { Logger } from '../log.js';
import { OPERATORS, type LivePubSub } from '../pubsub/pubsub.js';
import { RateLimitedError, type RateLimits } from '../security/rate-limits.js';
import { NotFoundError, UserInputError, because } from '../errors/client-errors.js';
import { Alert, AlertEnd, AlertPreferences, AlertRule, AlertSettings, AlertSeverity, AwayPeriod } from './alert.entity.js';
import { alertLine, alertText, alertTitle } from './messages.js';
import { PushSubscriptionRecord } from './push/push-subscription.entity.js';
import type { PushSender } from './push/web-push.sender.js';
import type { WebhookEngine } from '../webhooks/webhook-engine.js';
import { abnormalDay, awayUse, BASELOAD_W, burst, HOUR_MS, leak, meterRules, SETTING_RANGES, verificationStage, voltageOut, WATER_DEFAULTS, type Series, type SettingName, type WaterThresholds } from './rules.js';

export interface AlertsDeps {
  pubSub: LivePubSub;
  channels: Channels;
  limits: RateLimits;
  log: Logger;
  operatorName: OperatorName;
  publicUrl: () => string;
  /** Web Push to the account's browsers and installed apps (alerts/push/). */
  push: PushSender;
  /** The zone of the daily rollups (the abnormal-day rule reads them). */
  reportTimeZone: string;
  /** Integrators' webhooks: every change of an alert is POSTed, signed, to the account's webhooks (webhooks/). */
  webhooks: Pick<WebhookEngine, 'enqueue'>;
}

/** What changed, as the `alert` topic carries it to the account's live streams. */
export type AlertChange = 'OPENED' | 'ESCALATED' | 'RESOLVED' | 'ACKNOWLEDGED' | 'MUTED';

/** Battery and signal thresholds, with a margin before an episode resolves (no flapping at the edge). */
const LOW_BATTERY = { open: 15, resolve: 25 };
const WEAK_SIGNAL = { open: -110, resolve: -100 };

const toMs = (v: Date | number | string) => new Date(v).getTime();

/** The local date (YYYY-MM-DD) of instant t in `zone`. */
const localDate = (t: number, zone: string) => new Date(ZoneClock.of(zone).wall(t)).toISOString().slice(0, 10);

type Target = { meter: Meter } | { controller: Controller };
/** What a rule found: the facts while its condition holds, null when it does not; or that as a function of whether an episode is open. */
type Facts = object | null | ((open: boolean) => object | null);

/**
 * The open episodes of some subjects or rules, read in one query, with the EntityManager they belong to: one
 * evaluation settles several rules, and asking for each rule's open episode alone was a query per rule per subject.
 */
class Episodes {
  private constructor(
    readonly em: EntityManager,
    private readonly open: Map<string, Alert>,
  ) {}

  static async of(em: EntityManager, where: FilterQuery<Alert>): Promise<Episodes> {
    const fork = em.fork();
    const open = await fork.find(Alert, { $and: [where, { resolvedAt: null }] });
    return new Episodes(fork, new Map(open.map((a) => [`${a.subject}|${a.rule}`, a])));
  }

  get(subject: string, rule: AlertRule): Alert | null {
    return this.open.get(`${subject}|${rule}`) ?? null;
  }

  ofRule(rule: AlertRule): Alert[] {
    return [...this.open.values()].filter((a) => a.rule === rule);
  }

  closed(alert: Alert): void {
    this.open.delete(`${alert.subject}|${alert.rule}`);
  }
}

/** Ends the open alerts `where` finds, as `why`, in `em`; returns them for announcing once committed. */
async function endIn(em: EntityManager, where: FilterQuery<Alert>, why: AlertEnd, now: number): Promise<Alert[]> {
  const open = await em.find(Alert, { $and: [where, { resolvedAt: null }] });
  for (const alert of open) alert.resolve(new Date(now), why);
  await em.flush();
  return open;
}

/** Open alerts (true), resolved ones (false) or all (null), as a filter. */
const openOrResolved = (open: boolean | null | undefined): { resolvedAt?: null | { $ne: null } } =>
  open === true ? { resolvedAt: null } : open === false ? { resolvedAt: { $ne: null } } : {};

export class AlertsService {
  constructor(
    private readonly em: EntityManager,
    private readonly deps: AlertsDeps,
  ) {}

  // ——— evaluation ———

  /** Evaluates the ingest-time rules for these meters as of `now` (after their readings were committed). */
  async evaluateMeters(meterIds: number[], now = Date.now()): Promise<void> {
    const owners = await this.ownersOf(meterIds);
    // Most batches come from meters nobody has bound: nothing more to ask the database.
    if (!owners.size) return;
    const accounts = new Map((await this.em.fork().find(Account, { id: { $in: [...new Set([...owners.values()].map((o) => o.accountId))] } })).map((a) => [a.id, a]));
    for (const [id, { accountId, since }] of owners) {
      const owner = accounts.get(accountId);
      if (!owner) continue;
      const meter = await this.em.fork().findOne(Meter, id, { populate: ['controller'] });
      if (!meter) continue;
      const episodes = await Episodes.of(this.em, { subject: { $in: [`meter:${id}`, ...(meter.controller ? [`controller:${meter.controller.id}`] : [])] } });
      const settle = (target: Target, rule: AlertRule, facts: Facts) => this.settle(episodes, owner, target, rule, facts, now);
      const settings = await this.em.fork().findOne(AlertSettings, { meter: id, account: owner.id });
      const intervalMs = (meter.controller?.reportingIntervalS ?? 900) * 1000;
      const away = await this.awayAt(owner.id, now);
      if (meter.kind === MeterKind.ELECTRICITY) {
        if (away && (settings?.ruleOn(AlertRule.AWAY_USE) ?? true)) {
          const energy = await this.series(id, 'energy', Math.max(since, now - 2 * HOUR_MS));
          const use = awayUse('electricity', energy, { from: away.from.getTime(), to: away.to.getTime() }, { minLitresPerHour: 0, baseloadW: settings?.baseloadW ?? BASELOAD_W });
          await settle({ meter }, AlertRule.AWAY_USE, use && { ...use, awayTo: away.to.toISOString() });
        } else await settle({ meter }, AlertRule.AWAY_USE, null);
        if (settings?.ruleOn(AlertRule.VOLTAGE) ?? true) {
          const phases = [];
          for (let p = 1; p <= Math.max(1, Math.min(3, meter.phases)); p++) phases.push({ phase: p, series: await this.series(id, `voltage_l${p}`, Math.max(since, now - HOUR_MS)) });
          await settle({ meter }, AlertRule.VOLTAGE, voltageOut(phases));
        }
        if (meter.controller) await settle({ controller: meter.controller }, AlertRule.MODEM_SILENT, null);
        continue;
      }
      const t = thresholds(settings);
      const volume = await this.series(id, 'volume', Math.max(since, now - (t.leakHours + 2) * HOUR_MS));
      const expected = settings?.continuousFlowUntil && settings.continuousFlowUntil.getTime() > now;
      const found = expected || !(settings?.ruleOn(AlertRule.LEAK) ?? true) ? null : leak(volume, t, owner.timeZone, 2.5 * intervalMs);
      await settle({ meter }, AlertRule.LEAK, found && { litres: found.litres, hours: Math.round(found.hours * 10) / 10, since: new Date(found.since!).toISOString() });
      await settle({ meter }, AlertRule.BURST, settings?.ruleOn(AlertRule.BURST) ?? true ? burst(volume, t) : null);
      const use = away && (settings?.ruleOn(AlertRule.AWAY_USE) ?? true) ? awayUse('water', volume, { from: away.from.getTime(), to: away.to.getTime() }, { minLitresPerHour: t.minLitresPerHour, baseloadW: 0 }) : null;
      await settle({ meter }, AlertRule.AWAY_USE, use && { ...use, awayTo: away!.to.toISOString() });
      if (meter.controller) await settle({ controller: meter.controller }, AlertRule.MODEM_SILENT, null);
    }
  }

  /**
   * What is about absence, for every bound device: modems silent for 2.5 reporting intervals (and back), battery and
   * signal, verification dates, away periods that ended. Returns how many alerts opened.
   */
  async sweep(now = Date.now()): Promise<number> {
    let opened = 0;
    const episodes = await Episodes.of(this.em, { rule: { $in: [AlertRule.MODEM_SILENT, AlertRule.LOW_BATTERY, AlertRule.WEAK_SIGNAL, AlertRule.VERIFICATION_DUE, AlertRule.AWAY_USE] } });
    const controllers = await selectRows<{ id: number; account_id: number; last_seen_at: Date | number | null; reporting_interval_s: number; battery_pct: number | null; signal_dbm: number | null; revoked_at: unknown }>(
      this.em,
      `select c.id, b.account_id, c.last_seen_at, c.reporting_interval_s, c.battery_pct, c.signal_dbm, c.revoked_at from controller c join binding b on b.controller_id = c.id and b.unbound_at is null`,
      [],
    );
    for (const c of controllers) {
      const owner = this.em.getReference(Account, Number(c.account_id));
      const controller = this.em.getReference(Controller, Number(c.id));
      if (c.revoked_at) {
        // Taken out of service (and `retired` did not get to it): its warnings end as such, not as «back».
        for (const rule of [AlertRule.MODEM_SILENT, AlertRule.LOW_BATTERY, AlertRule.WEAK_SIGNAL]) {
          const open = episodes.get(`controller:${c.id}`, rule);
          if (!open) continue;
          open.resolve(new Date(now), AlertEnd.RETIRED);
          await episodes.em.flush();
          episodes.closed(open);
          await this.publish(open, 'RESOLVED');
        }
        continue;
      }
      const seen = c.last_seen_at === null ? null : toMs(c.last_seen_at);
      const silent = seen !== null && now - seen > SILENCE_FACTOR * Number(c.reporting_interval_s) * 1000;
      opened += await this.settle(episodes, owner, { controller }, AlertRule.MODEM_SILENT, silent ? { lastSeenAt: new Date(seen!).toISOString() } : null, now);
      opened += await this.settle(episodes, owner, { controller }, AlertRule.LOW_BATTERY, (open) => (level(c.battery_pct, LOW_BATTERY, open) ? { batteryPct: Number(c.battery_pct) } : null), now);
      opened += await this.settle(episodes, owner, { controller }, AlertRule.WEAK_SIGNAL, (open) => (level(c.signal_dbm, WEAK_SIGNAL, open) ? { signalDbm: Number(c.signal_dbm) } : null), now);
    }
    const off = await this.switchedOff();
    for (const m of await this.boundMeters()) opened += await this.verification(episodes, m, off, now);
    // Use while away ends with the away period.
    for (const a of episodes.ofRule(AlertRule.AWAY_USE)) if (!(await this.awayAt(a.account.id, now))) await this.settle(episodes, a.account, { meter: a.meter! }, AlertRule.AWAY_USE, null, now);
    return opened;
  }

  /**
   * Yesterday (in the rollups' zone) against the meter's own normal, for every bound meter (abnormalDay in rules.ts);
   * run once a day. Rollups are brought up to date first, so the day is judged on every reading it got.
   */
  async abnormalDays(now = Date.now()): Promise<void> {
    const zone = this.deps.reportTimeZone;
    const clock = ZoneClock.of(zone);
    const today = clock.startOfDay(now);
    const yesterday = clock.startOfDay(today - HOUR_MS);
    const from = clock.startOfDay(yesterday - 28 * 24 * HOUR_MS - HOUR_MS);
    const episodes = await Episodes.of(this.em, { rule: AlertRule.ABNORMAL_DAY });
    const off = await this.switchedOff();
    await this.eachMeter('abnormal-day check', await this.boundMeters(), (m) => Number(m.id), async (m) => {
      if (off.get(`${m.account_id}:${m.id}`)?.includes(AlertRule.ABNORMAL_DAY)) {
        await this.settle(episodes, { id: Number(m.account_id) }, { meter: this.em.getReference(Meter, Number(m.id)) }, AlertRule.ABNORMAL_DAY, null, now);
        return;
      }
      const em = this.em.fork();
      const reports = new ReportService(em, new RollupService(em, zone));
      await reports.refreshRollups(Number(m.id));
      const regs = registersOf(m.kind as MeterKind, 1);
      const rows = (await reports.days(Number(m.id), [regs.total], from, today)).get(regs.total) ?? new Map();
      const days = new Map<number, number | null>();
      for (const [day, r] of rows) days.set(day, r.consumption !== null && r.completeHours === r.hours && !r.discontinuity ? r.consumption * regs.scale : null);
      const electricity = m.kind === MeterKind.ELECTRICITY;
      const found = abnormalDay(days, yesterday, { factor: 2, minExcess: electricity ? 3 : 0.1 });
      const round = (v: number) => Math.round(v * (electricity ? 10 : 1000)) / (electricity ? 10 : 1000);
      const facts = found && { day: localDate(yesterday, zone), consumption: round(found.consumption), median: round(found.median), unit: electricity ? 'кВт·ч' : 'м³' };
      await this.settle(episodes, { id: Number(m.account_id) }, { meter: this.em.getReference(Meter, Number(m.id)) }, AlertRule.ABNORMAL_DAY, facts, now);
    });
  }

  /**
   * BUDGET for every bound meter whose owner set a monthly budget (or the one `meterId`): the month's cost so far and
   * forecast (tariffs/cost.service.ts, in the tariff's zone) against it. Stage SPENT when the cost so far is over it,
   * FORECAST when only the forecast is; a meter without a tariff or a forecast has none. An episode of last month
   * ends when the month does: the new month's warning is a new one, told again.
   */
  async budgets(now = Date.now(), meterId?: number): Promise<void> {
    const episodes = await Episodes.of(this.em, meterId === undefined ? { rule: AlertRule.BUDGET } : { subject: `meter:${meterId}`, rule: AlertRule.BUDGET });
    const owners = new Map((await this.boundMeters(meterId)).map((m) => [Number(m.id), Number(m.account_id)]));
    // The budgets of bound meters that their present owner set.
    const owned = (await this.em.fork().find(AlertSettings, { monthBudgetKopecks: { $ne: null }, ...(meterId === undefined ? {} : { meter: meterId }) }))
      .filter((s) => owners.get(s.meter.id) === s.account.id)
      .map((s) => ({ accountId: s.account.id, id: s.meter.id, budget: s.monthBudgetKopecks! }));
    const budgeted = new Set(owned.map((b) => b.id));
    // Budgets of meters no longer bound, or an owner who let the budget go: their open warnings end.
    for (const open of episodes.ofRule(AlertRule.BUDGET)) {
      if (!budgeted.has(open.meter!.id)) await this.settle(episodes, open.account, { meter: open.meter! }, AlertRule.BUDGET, null, now);
    }
    await this.eachMeter('budget check', owned, (b) => b.id, async ({ accountId, id, budget }) => {
      const em = this.em.fork();
      const reports = new ReportService(em, new RollupService(em, this.deps.reportTimeZone));
      const cost = new CostService(em, reports, new TariffsService(em), () => now);
      const access = await new AccessService(em).accessTo({ id: accountId }, id);
      const tariff = access && (await cost.tariffOf(access.meter, accountId));
      let facts: Record<string, string> | null = null;
      let stage: string | null = null;
      if (access && tariff) {
        await reports.refreshRollups(id);
        const o = await cost.overview(access, tariff);
        const spent = o.monthToDate.pricedKopecks ?? 0;
        const forecast = o.forecastKopecks;
        stage = spent > budget ? 'SPENT' : forecast !== null && forecast > budget ? 'FORECAST' : null;
        const month = new Date(ZoneClock.of(tariff.timeZone).wall(o.monthStart)).toISOString().slice(0, 7);
        if (stage) facts = { month, budget: roubles(budget), spent: roubles(spent), ...(forecast === null ? {} : { forecast: roubles(forecast) }) };
        const open = episodes.get(`meter:${id}`, AlertRule.BUDGET);
        if (open && open.facts.month !== month) {
          // Last month's: it ended with its month.
          await this.settle(episodes, { id: accountId }, { meter: em.getReference(Meter, id) }, AlertRule.BUDGET, null, now);
        }
      }
      await this.settle(episodes, { id: accountId }, { meter: em.getReference(Meter, id) }, AlertRule.BUDGET, facts, now, stage);
    });
  }

  /**
   * `check` for each of the meters in turn. One that fails (its data cannot be priced or judged) is passed over and
   * the rest are still checked; the failures are logged once, with the meters', and the next run tries them again.
   * A failure of every meter (the database out of reach) is thrown, so that the caller retries the whole run.
   */
  private async eachMeter<T>(what: string, items: readonly T[], idOf: (item: T) => number, check: (item: T) => Promise<void>): Promise<void> {
    const failed: number[] = [];
    let first: Error | undefined;
    for (const item of items) {
      try {
        await check(item);
      } catch (err) {
        failed.push(idOf(item));
        first ??= err as Error;
      }
    }
    if (!first) return;
    if (failed.length === items.length && items.length > 1) throw first;
    this.deps.log.warn(
      { meterIds: failed.slice(0, 20), err: { message: first.message } },
      `alerts: ${what} passed over ${failed.length} ${failed.length === 1 ? 'meter' : 'meters'} (the next check tries again)`,
    );
  }

  /** VERIFICATION_DUE of one bound meter: opens, moves to the next stage, or ends (a date far off, or switched off). */
  private verification(episodes: Episodes, m: { id: number; verification_due: string | null; account_id: number; time_zone: string }, off: Map<string, AlertRule[]>, now: number): Promise<number> {
    const on = !off.get(`${m.account_id}:${m.id}`)?.includes(AlertRule.VERIFICATION_DUE);
    const stage = on ? verificationStage(m.verification_due, localDate(now, m.time_zone)) : null;
    return this.settle(episodes, { id: Number(m.account_id) }, { meter: this.em.getReference(Meter, Number(m.id)) }, AlertRule.VERIFICATION_DUE, stage && { due: m.verification_due, days: stage.days }, now, stage?.stage ?? null);
  }

  /** A meter's verification date changed (verified: the next date entered): its warning settles now, not at the next sweep. */
  async verificationChanged(meterId: number, now = Date.now()): Promise<void> {
    const episodes = await Episodes.of(this.em, { subject: `meter:${meterId}`, rule: AlertRule.VERIFICATION_DUE });
    const off = await this.switchedOff();
    for (const m of await this.boundMeters(meterId)) await this.verification(episodes, m, off, now);
  }

  /** Rules customers switched off, by "accountId:meterId" (one query for the sweep). */
  private async switchedOff(): Promise<Map<string, AlertRule[]>> {
    const rows = await this.em.fork().find(AlertSettings, { disabled: { $ne: '' } });
    return new Map(rows.map((r) => [`${r.account.id}:${r.meter.id}`, r.disabledRules]));
  }

  /**
   * The bound meters (or the one `meterId`) with their owner (a binding of the meter itself wins over its
   * controller's) and owner's zone.
   */
  private boundMeters(meterId?: number) {
    return selectRows<{ id: number; kind: string; verification_due: string | null; account_id: number; time_zone: string }>(
      this.em,
      `select m.id, m.kind, m.verification_due, a.id as account_id, a.time_zone from meter m
         join binding b on b.unbound_at is null and (b.meter_id = m.id or (b.controller_id = m.controller_id and not exists (select 1 from binding o where o.meter_id = m.id and o.unbound_at is null)))
         join account a on a.id = b.account_id${meterId === undefined ? '' : ' where m.id = ?'}`,
      meterId === undefined ? [] : [meterId],
    );
  }

  /**
   * The one place an episode opens, holds or ends: `facts` non-null means the condition holds now (a function of
   * whether an episode is open, for rules that resolve at another level than they open). Returns 1 when this call
   * opened an episode (and told the customer), else 0.
   */
  private async settle(episodes: Episodes, owner: Account | { id: number }, target: Target, rule: AlertRule, facts: Facts, now: number, stage: string | null = null): Promise<number> {
    const subject = 'meter' in target ? `meter:${target.meter.id}` : `controller:${target.controller.id}`;
    const em = episodes.em;
    let open = episodes.get(subject, rule);
    const at = new Date(now);
    if (open && open.account.id !== owner.id) {
      // The subject changed hands while the episode was open: it was the previous owner's and ends for them; what
      // holds now is the new owner's own (never their water reported to the previous tenant).
      open.resolve(at, AlertEnd.RELEASED);
      await em.flush();
      episodes.closed(open);
      await this.publish(open, 'RESOLVED');
      open = null;
    }
    if (typeof facts === 'function') facts = facts(open !== null);
    if (!facts) {
      if (!open) return 0;
      open.resolve(at);
      await em.flush();
      episodes.closed(open);
      await this.publish(open, 'RESOLVED');
      return 0;
    }
    if (open) {
      const escalated = open.holds(facts, at, stage);
      await em.flush();
      if (escalated) await this.notify(open, 'ESCALATED', now);
      return 0;
    }
    // Inserted on an EntityManager of its own: a refused insert must not stay in the shared unit of work.
    const insert = this.em.fork();
    const alert = new Alert(insert.getReference(Account, owner.id), 'meter' in target ? { meter: insert.getReference(Meter, target.meter.id) } : { controller: insert.getReference(Controller, target.controller.id) }, rule, facts, at, stage);
    try {
      await insert.persistAndFlush(alert);
    } catch (err) {
      // Another process opened this episode a moment ago: it tells the customer, not us.
      if (err instanceof UniqueConstraintViolationException) return 0;
      throw err;
    }
    await this.notify(alert, 'OPENED', now);
    return 1;
  }

  /**
   * A submission of the meter's readings changed status. Failed or rejected opens SUBMISSION_FAILED, and so does
   * "readings could not be taken this month" (AWAITING_VALUES: the meter sent nothing fresh before the cut-off, the
   * customer must enter them) — the engine has emailed the customer already: the warning adds the cabinet and push.
   * `stage` says which (a later failure of the same month escalates it). Accepted or delivered resolves it, and so does
   * a waiting submission that got its values (SCHEDULED) when that was all the warning was about.
   */
  async submissionStatus(accountId: number, meterId: number, status: string, supplierId: number, reason: string | null, now = Date.now()): Promise<void> {
    const failed = status === 'FAILED' || status === 'REJECTED' || status === 'AWAITING_VALUES';
    if (!failed && status !== 'ACCEPTED' && status !== 'DELIVERED' && status !== 'SCHEDULED') return;
    const episodes = await Episodes.of(this.em, { subject: `meter:${meterId}`, rule: AlertRule.SUBMISSION_FAILED });
    if (status === 'SCHEDULED' && episodes.get(`meter:${meterId}`, AlertRule.SUBMISSION_FAILED)?.stage !== 'AWAITING_VALUES') return;
    const supplier = failed ? ((await this.em.fork().findOne(Supplier, supplierId))?.name ?? '') : '';
    const facts = failed ? { supplier, status, ...(reason ? { reason } : {}) } : null;
    await this.settle(episodes, { id: accountId }, { meter: this.em.getReference(Meter, meterId) }, AlertRule.SUBMISSION_FAILED, facts, now, failed ? status : null);
  }

  /** Live to the account's streams and the operators', and to its webhooks (a failure to queue those is logged: the alert stands). */
  private async publish(alert: Alert, change: AlertChange): Promise<void> {
    const event = { alertId: alert.id, accountId: alert.account.id, change };
    this.deps.pubSub.publish('alert', alert.account.id, event);
    this.deps.pubSub.publish('alert', OPERATORS, event);
    await this.deps.webhooks
      .enqueue(alert.account.id, `alert.${change.toLowerCase()}`, () => this.webhookData(alert))
      .catch((err: Error) => this.deps.log.error({ err: { message: err.message }, alertId: alert.id }, 'alerts: webhook messages not queued'));
  }

  /** What a webhook message says of an alert: the fields `alertChanged` gives, facts as an object. */
  private async webhookData(alert: Alert): Promise<Record<string, unknown>> {
    const em = this.em.fork();
    const [account, meter, controller] = await Promise.all([
      em.findOne(Account, alert.account.id),
      alert.meter ? em.findOne(Meter, alert.meter.id) : null,
      alert.controller ? em.findOne(Controller, alert.controller.id) : null,
    ]);
    return {
      alert: {
        id: String(alert.id),
        rule: alert.rule,
        severity: alert.severity,
        stage: alert.stage,
        message: alertLine(alert, meter?.serial ?? controller?.serial ?? '', account?.timeZone ?? this.deps.reportTimeZone, account?.language),
        facts: alert.facts,
        meter: meter && { id: String(meter.id), serial: meter.serial, kind: meter.kind },
        controllerSerial: controller?.serial ?? null,
        openedAt: alert.openedAt.toISOString(),
        seenAt: alert.seenAt.toISOString(),
        resolvedAt: alert.resolvedAt?.toISOString() ?? null,
        endedBy: alert.endedBy,
        acknowledgedAt: alert.acknowledgedAt?.toISOString() ?? null,
        mutedUntil: alert.mutedUntil?.toISOString() ?? null,
      },
    };
  }

  /** The cabinet at once; email and, for what cannot wait, SMS — unless muted or over the account's hourly allowance. */
  private async notify(alert: Alert, change: 'OPENED' | 'ESCALATED', now: number): Promise<void> {
    await this.publish(alert, change);
    if (alert.mutedAt(new Date(now))) return;
    const account = await this.em.fork().findOne(Account, alert.account.id);
    if (!account) return;
    // Quiet hours: what can wait is in the cabinet only (the bell); CRITICAL goes out whatever the hour.
    const prefs = await this.em.fork().findOne(AlertPreferences, { account: account.id });
    if (alert.severity !== AlertSeverity.CRITICAL && prefs?.quietAt(ZoneClock.of(account.timeZone).hourOfDay(now))) return;
    const subjectName = alert.meter ? ((await this.em.fork().findOne(Meter, alert.meter.id))?.serial ?? '') : ((await this.em.fork().findOne(Controller, alert.controller!.id))?.serial ?? '');
    const text = alertText(this.deps.operatorName, alert, subjectName, account.timeZone, `${this.deps.publicUrl()}/alerts`, account.language);
    const send = async (limit: 'alertEmails' | 'alertSms', deliver: () => Promise<void>) => {
      try {
        await this.deps.limits.consume(limit, String(account.id));
        await deliver();
      } catch (err) {
        if (err instanceof RateLimitedError) this.deps.log.warn({ accountId: account.id, limit }, 'alerts: hourly allowance spent, message not sent');
        else this.deps.log.error({ err: { message: (err as Error).message }, alertId: alert.id }, 'alerts: delivery failed');
      }
    };
    // A failed submission was emailed by the submission engine itself (submissions/engine.ts `tell`).
    if (account.email && account.emailConfirmedAt && alert.rule !== AlertRule.SUBMISSION_FAILED) await send('alertEmails', () => this.deps.channels.email({ to: account.email!, subject: text.subject, text: text.body }));
    if (alert.severity === AlertSeverity.CRITICAL) await send('alertSms', () => this.deps.channels.sms(account.phone, text.sms));
    await this.pushTo(account.id, alert, alertTitle(alert.rule, account.language), alertLine(alert, subjectName, account.timeZone, account.language), now);
  }

  /**
   * The phone shows it with the app closed: every browser the account subscribed gets the warning (urgent ones with
   * Urgency: high). A subscription the push service says is gone is removed; other failures are logged (the cabinet,
   * email and SMS have it anyway).
   */
  private async pushTo(accountId: number, alert: Alert, title: string, line: string, now: number): Promise<void> {
    const em = this.em.fork();
    const subscriptions = await em.find(PushSubscriptionRecord, { account: accountId });
    for (const s of subscriptions) {
      const outcome = await this.deps.push
        .send(
          { endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } },
          { title, body: line, url: '/alerts', tag: `alert-${alert.id}`, alertId: String(alert.id) },
          { urgency: alert.severity === AlertSeverity.CRITICAL ? 'high' : 'normal', ttlS: 24 * 3600 },
        )
        .catch((err: Error) => ({ status: 'FAILED' as const, retryable: false, error: err.message }));
      if (outcome.status === 'SENT') s.sent(new Date(now));
      else if (outcome.status === 'GONE') em.remove(s);
      else this.deps.log.warn({ alertId: alert.id, error: outcome.error, retryable: outcome.retryable }, 'alerts: push not delivered');
    }
    await em.flush();
  }

  /** The account's quiet hours, or null when it has none. */
  async quietHoursOf(accountId: number): Promise<{ from: number; to: number } | null> {
    const p = await this.em.findOne(AlertPreferences, { account: accountId });
    return p && p.quietFrom !== null && p.quietTo !== null ? { from: p.quietFrom, to: p.quietTo } : null;
  }

  /** Quiet from `from` to `to` (local whole hours); both null turns quiet hours off. */
  async setQuietHours(accountId: number, from: number | null, to: number | null): Promise<{ from: number; to: number } | null> {
    // The account's first preferences saved twice at once: the unique key lets one in, the other then changes it.
    await againOnConflict(this.em, async (em) => {
      const p = (await em.findOne(AlertPreferences, { account: accountId })) ?? new AlertPreferences(em.getReference(Account, accountId));
      try {
        p.setQuietHours(from, to);
      } catch {
        throw new UserInputError(because('QUIET_HOURS_RANGE'), from === null || (Number.isInteger(from) && from >= 0 && from <= 23) ? 'to' : 'from');
      }
      em.persist(p);
      await em.flush();
    });
    return this.quietHoursOf(accountId);
  }

  // ——— Web Push subscriptions ———

  /** The browser's subscription (from PushManager.subscribe) for the account; the same endpoint again replaces it. */
  async subscribePush(accountId: number, endpoint: string, keys: { p256dh: string; auth: string }, now = Date.now()): Promise<void> {
    const valid = (() => {
      try {
        const u = new URL(endpoint);
        return endpoint.length <= 1000 && (u.protocol === 'https:' || (u.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(u.hostname)));
      } catch {
        return false;
      }
    })();
    if (!valid) throw new UserInputError(because('PUSH_ENDPOINT_INVALID'), 'endpoint');
    if (!/^[A-Za-z0-9_-]{80,100}$/.test(keys.p256dh) || !/^[A-Za-z0-9_-]{16,32}$/.test(keys.auth)) throw new UserInputError(because('PUSH_KEYS_INVALID'), 'keys');
    // A browser subscribing twice at once (the page and its service worker): the unique endpoint lets one in, the other renews it.
    await againOnConflict(this.em, async (em) => {
      const existing = await em.findOne(PushSubscriptionRecord, { endpoint });
      const account = em.getReference(Account, accountId);
      if (existing) existing.renew(account, keys, new Date(now));
      else em.persist(new PushSubscriptionRecord(account, endpoint, keys, new Date(now)));
      await em.flush();
    });
  }

  /** Turns push off for that browser; false when it was not subscribed for this account. */
  async unsubscribePush(accountId: number, endpoint: string): Promise<boolean> {
    const existing = await this.em.findOne(PushSubscriptionRecord, { endpoint, account: accountId });
    if (!existing) return false;
    this.em.remove(existing);
    await this.em.flush();
    return true;
  }

  // ——— reading ———

  /**
   * Who owns each of these meters now (a binding of the meter itself, else of its controller) and since when, in one
   * query per 500; unbound meters are left out — only bound ones have warnings to evaluate. Without it, a batch from a
   * thousand unbound modems cost two ORM lookups each on the API's event loop — about a second in which live delivery
   * waited (issue 18's latency bench found it). Only what was measured since the binding concerns its owner: a
   * previous owner's water is not a new owner's leak.
   */
  private async ownersOf(meterIds: number[]): Promise<Map<number, { accountId: number; since: number; own: boolean }>> {
    const found = new Map<number, { accountId: number; since: number; own: boolean }>();
    for (let i = 0; i < meterIds.length; i += 500) {
      const chunk = meterIds.slice(i, i + 500);
      const rows = await selectRows<{ id: number; account_id: number; bound_at: Date | number | string; own: number | boolean }>(
        this.em,
        `select m.id, b.account_id, b.bound_at, b.meter_id is not null as own from meter m
           join binding b on b.unbound_at is null and (b.meter_id = m.id or b.controller_id = m.controller_id)
           where m.id in (${chunk.map(() => '?').join(',')})`,
        chunk,
      );
      for (const r of rows) {
        const id = Number(r.id);
        const own = Boolean(Number(r.own));
        const known = found.get(id);
        if (!known || (own && !known.own)) found.set(id, { accountId: Number(r.account_id), since: toMs(r.bound_at), own });
      }
    }
    return found;
  }

  /** The register's readings from `from` on (a modem's clock a little ahead of ours included: ingest accepts that). */
  private async series(meterId: number, quantity: string, from: number): Promise<Series> {
    const platform = this.em.getPlatform();
    const rows = await selectRows<{ time: Date | number; value: number }>(
      this.em,
      'select time, value from reading where meter_id = ? and quantity = ? and time >= ? order by time',
      [meterId, quantity, platform.processDateProperty(new Date(from))],
    );
    return rows.map((r) => [toMs(r.time), Number(r.value)] as const);
  }

  async awayAt(accountId: number, now: number): Promise<AwayPeriod | null> {
    return this.em.fork().findOne(AwayPeriod, { account: accountId, from: { $lte: new Date(now) }, to: { $gt: new Date(now) } }, { orderBy: { id: 'desc' } });
  }

  // ——— the customer's side ———

  async list(accountId: number, opts: { open?: boolean | null; first: number; after?: number | null }): Promise<{ items: Alert[]; total: number; unread: number }> {
    const where = { account: accountId, ...openOrResolved(opts.open) };
    const [items, total] = await this.em.findAndCount(Alert, { ...where, ...(opts.after ? { id: { $lt: opts.after } } : {}) }, { orderBy: { id: 'desc' }, limit: opts.first, populate: ['meter', 'controller'] });
    const unread = await this.em.count(Alert, { account: accountId, acknowledgedAt: null });
    return { items, total: opts.after ? await this.em.count(Alert, where) : total, unread };
  }

  // ——— the operators' side ———

  /**
   * A page of every customer's alerts, newest first: open (true), resolved (false) or all; of one rule when given.
   * `count: false` skips counting the matches (`total` is then null): over a year's resolved alerts the count is a
   * scan of the table (≈ 120–180 ms at 1.5 million rows on PostgreSQL), while the page reads a few index entries.
   */
  async listAll(opts: { open?: boolean | null; rule?: AlertRule | null; first: number; after?: number | null; count?: boolean }): Promise<{ items: Alert[]; total: number | null }> {
    const where: FilterQuery<Alert> = {
      ...openOrResolved(opts.open),
      ...(opts.rule ? { rule: opts.rule } : {}),
    };
    const [items, total] = await Promise.all([
      this.em.find(Alert, { ...where, ...(opts.after ? { id: { $lt: opts.after } } : {}) }, { orderBy: { id: 'desc' }, limit: opts.first, populate: ['meter', 'controller', 'account'] }),
      opts.count === false ? null : this.em.count(Alert, where),
    ]);
    return { items, total };
  }

  /** Operators: any customer's alert, with the customer; ALERT_NOT_FOUND when there is none. */
  async getAny(id: number): Promise<Alert> {
    const alert = Number.isSafeInteger(id) ? await this.em.findOne(Alert, id, { populate: ['meter', 'controller', 'account'] }) : null;
    if (!alert) throw new NotFoundError(because('ALERT_NOT_FOUND'));
    return alert;
  }

  /** One of the account's alerts; ALERT_NOT_FOUND for another's (as for one that does not exist). */
  get(accountId: number, id: number): Promise<Alert> {
    return this.own(accountId, id);
  }

  async awayOf(accountId: number, now = Date.now()): Promise<{ from: Date; to: Date } | null> {
    const p = await this.em.findOne(AwayPeriod, { account: accountId, to: { $gt: new Date(now) } }, { orderBy: { from: 'asc' } });
    return p && { from: p.from, to: p.to };
  }

  private async own(accountId: number, id: number): Promise<Alert> {
    const alert = Number.isSafeInteger(id) ? await this.em.findOne(Alert, { id, account: accountId }, { populate: ['meter', 'controller'] }) : null;
    if (!alert) throw new NotFoundError(because('ALERT_NOT_FOUND'));
    return alert;
  }

  /**
   * The account no longer has these subjects (`meter:<id>`, `controller:<id>`: unbound on moving out): its open
   * warnings on them end now, as RELEASED — neither its bell nor the operators keep a leak in a flat it left. In the
   * caller's transaction `em` (the unbinding's own); returns them for `announceResolved` once it has committed.
   */
  releaseIn(em: EntityManager, accountId: number, subjects: string[], now = Date.now()): Promise<Alert[]> {
    return subjects.length ? endIn(em, { account: accountId, subject: { $in: subjects } }, AlertEnd.RELEASED, now) : Promise.resolve([]);
  }

  /** Tells the cabinet, the operators and webhooks of warnings that ended (after their transaction committed). */
  async announceResolved(alerts: Alert[]): Promise<void> {
    for (const alert of alerts) await this.publish(alert, 'RESOLVED');
  }

  /**
   * The operator took these modems out of service: their open warnings (silent, battery, signal) end now as RETIRED
   * — a modem that will never report again is neither «back» nor still «low on battery». The sweep does the same for
   * one revoked while this call could not run.
   */
  async retired(controllerIds: number[], now = Date.now()): Promise<void> {
    if (!controllerIds.length) return;
    await this.announceResolved(await endIn(this.em, { subject: { $in: controllerIds.map((id) => `controller:${id}`) } }, AlertEnd.RETIRED, now));
  }

  async acknowledge(accountId: number, id: number, now = Date.now()): Promise<Alert> {
    const alert = await this.own(accountId, id);
    alert.acknowledge(new Date(now));
    await this.em.flush();
    await this.publish(alert, 'ACKNOWLEDGED');
    return alert;
  }

  /**
   * Every warning of the account not read yet marked read — open ones and those that ended before anybody looked
   * (a night's leak fixed by morning): the bell goes to zero. Each one is announced as acknowledged (the cabinet on
   * every device, webhooks). Returns how many were marked.
   */
  async acknowledgeAll(accountId: number, now = Date.now()): Promise<number> {
    const unread = await this.em.find(Alert, { account: accountId, acknowledgedAt: null }, { orderBy: { id: 'asc' } });
    for (const alert of unread) alert.acknowledge(new Date(now));
    await this.em.flush();
    for (const alert of unread) await this.publish(alert, 'ACKNOWLEDGED');
    return unread.length;
  }

  async mute(accountId: number, id: number, hours: number, now = Date.now()): Promise<Alert> {
    if (!Number.isInteger(hours) || hours < 0 || hours > 24 * 30) throw new UserInputError(because('MUTE_HOURS_RANGE', { max: 24 * 30 }), 'hours');
    const alert = await this.own(accountId, id);
    alert.mute(hours ? new Date(now + hours * HOUR_MS) : null);
    await this.em.flush();
    await this.publish(alert, 'MUTED');
    return alert;
  }

  /** Away from `from` to `to` (replaces a current or planned period); ends the current one when `to` is null. */
  async setAway(accountId: number, from: Date, to: Date | null, now = Date.now()): Promise<AwayPeriod | null> {
    if (to) {
      if (!(to.getTime() > from.getTime())) throw new UserInputError(because('PERIOD_END_BEFORE_START'), 'to');
      if (to.getTime() - from.getTime() > 366 * 24 * HOUR_MS) throw new UserInputError(because('AWAY_TOO_LONG'), 'to');
      if (to.getTime() <= now) throw new UserInputError(because('AWAY_IN_THE_PAST'), 'to');
    }
    // Ended and replaced with the account's row locked: saves at once take turns, and each ends the one before it.
    const period = await lockedFor(this.em, Account, accountId, async (em) => {
      const current = await em.find(AwayPeriod, { account: accountId, to: { $gt: new Date(now) } });
      for (const p of current) p.endAt(new Date(now));
      if (!to) return null;
      const next = new AwayPeriod(em.getReference(Account, accountId), from, to, new Date(now));
      em.persist(next);
      return next;
    });
    // Home again (or the period starts later): use-while-away warnings end now, not at the next sweep.
    if (!(await this.awayAt(accountId, now))) {
      const episodes = await Episodes.of(this.em, { account: accountId, rule: AlertRule.AWAY_USE });
      for (const a of episodes.ofRule(AlertRule.AWAY_USE)) await this.settle(episodes, a.account, { meter: a.meter! }, AlertRule.AWAY_USE, null, now);
    }
    return period;
  }

  async settingsOf(accountId: number, meter: Meter): Promise<AlertSettings> {
    return (await this.em.findOne(AlertSettings, { account: accountId, meter })) ?? new AlertSettings(this.em.getReference(Account, accountId), meter);
  }

  /**
   * A meter's thresholds (null: the default) and the rules switched off for it. Takes effect at once: the meter is
   * evaluated again, and the open warnings of a rule switched off resolve. With `version` (the one the customer's
   * form was filled from), a save made elsewhere since is refused (ALERT_SETTINGS_CHANGED), never overwritten — also
   * when two saves race: the version moves by compare-and-set, and a second first row breaks the unique key.
   */
  async configure(accountId: number, meter: Meter, input: Record<SettingName, number | null> & { disabledRules: AlertRule[]; version?: number | null; monthBudget?: string | null }, now = Date.now()): Promise<AlertSettings> {
    for (const [name, range] of Object.entries(SETTING_RANGES) as Array<[SettingName, { min: number; max: number }]>) {
      const v = input[name];
      if (v !== null && !(Number.isInteger(v) && v >= range.min && v <= range.max)) throw new UserInputError(because('ALERT_SETTING_RANGE', range), name);
    }
    const rules = meterRules(meter.kind);
    const foreign = input.disabledRules.find((r) => !rules.includes(r));
    if (foreign) throw new UserInputError(because('ALERT_RULE_NOT_FOR_METER', { rule: foreign }), 'disabledRules');
    // Left out: the budget stays as it is; null or nothing typed: no budget.
    const budget = input.monthBudget === undefined ? undefined : input.monthBudget === null || !input.monthBudget.trim() ? null : parseRoubles(input.monthBudget, 'monthBudget');
    const s = await this.settingsOf(accountId, meter);
    const was = s.version;
    s.configure({ ...input, monthBudgetKopecks: budget }, input.disabledRules, input.version ?? null);
    const changed = () => new UserInputError(because('ALERT_SETTINGS_CHANGED'), 'version');
    if (s.id !== undefined && (await this.em.nativeUpdate(AlertSettings, { id: s.id, version: was }, { version: s.version })) === 0) {
      await this.em.refresh(s);
      throw changed();
    }
    this.em.persist(s);
    try {
      await this.em.flush();
    } catch (err) {
      if (!(err instanceof UniqueConstraintViolationException)) throw err;
      this.em.clear();
      throw changed();
    }
    const episodes = await Episodes.of(this.em, { subject: `meter:${meter.id}`, rule: { $in: input.disabledRules } });
    for (const rule of input.disabledRules) await this.settle(episodes, { id: accountId }, { meter }, rule, null, now);
    await this.evaluateMeters([meter.id], now);
    if (budget !== undefined) await this.budgets(now, meter.id);
    return s;
  }

  async expectContinuousFlow(accountId: number, meter: Meter, until: Date | null, now = Date.now()): Promise<AlertSettings> {
    if (until && (until.getTime() <= now || until.getTime() - now > 31 * 24 * HOUR_MS)) throw new UserInputError(because('CONTINUOUS_FLOW_RANGE'), 'until');
    // A meter's first settings saved twice at once: the unique key lets one in, the other then changes it.
    return againOnConflict(this.em, async (em) => {
      const s = (await em.findOne(AlertSettings, { account: accountId, meter: meter.id })) ?? new AlertSettings(em.getReference(Account, accountId), em.getReference(Meter, meter.id));
      s.expectFlowUntil(until);
      em.persist(s);
      await em.flush();
      return s;
    });
  }
}

function thresholds(s: AlertSettings | null): WaterThresholds {
  return {
    ...WATER_DEFAULTS,
    ...(s?.leakHours ? { leakHours: s.leakHours } : {}),
    ...(s?.nightLeakHours ? { nightLeakHours: s.nightLeakHours } : {}),
    ...(s?.minLitresPerHour ? { minLitresPerHour: s.minLitresPerHour } : {}),
    ...(s?.burstLitres ? { burstLitres: s.burstLitres } : {}),
  };
}

/** Below `open` opens; an open episode holds until the value reaches `resolve` (higher: battery %, dBm). */
function level(value: number | null, t: { open: number; resolve: number }, isOpen: boolean): boolean {
  if (value === null) return false;
  return isOpen ? Number(value) < t.resolve : Number(value) < t.open;
}
