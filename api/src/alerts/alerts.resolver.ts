/** Warnings in GraphQL: the viewer's alerts, acknowledging and muting, away mode, expected flow, the live change. */
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Account } from '../accounts/account.entity.js';
import { requireOperator, requireViewer } from '../accounts/guards.js';
import { Viewer } from '../accounts/viewer.resolver.js';
import type { Context } from '../composition.js';
import { ForbiddenError, UserInputError, because } from '../errors/client-errors.js';
import { liveValue, surfaceOutages, type Outage } from '../live/outages.js';
import { OPERATORS, type AlertEvent } from '../pubsub/pubsub.js';
import { AlertRule, type Alert } from './alert.entity.js';
import { alertLine } from './messages.js';
import { Meter } from '../devices/meter.entity.js';
import { selects } from '../schema/connection.js';
import { money } from '../tariffs/money.js';
import { AlertSettings } from './alert.entity.js';
import { BASELOAD_W, meterRules, WATER_DEFAULTS } from './rules.js';
import { AlertChange, AlertChangeKind, AlertConnection, OperatorAlertChange, OperatorAlertConnection, OperatorAlertView, AlertSettingsInput, AlertThresholds, AlertView, AwayMode, MeterAlertSettings, QuietHours } from './alerts.types.js';

const MAX_PAGE = 100;
const cursorOf = (id: number) => Buffer.from(`alert:${id}`).toString('base64url');
function idOf(cursor: string): number {
  const m = /^alert:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new UserInputError(because('CURSOR_INVALID'), 'after');
  return Number(m[1]);
}

/** Edges and page info of `first` of `items` (the service fetched one more: whether there is a next page). */
function pageOf<T>(items: Alert[], first: number, after: string | null, node: (a: Alert) => T) {
  const shown = items.slice(0, first);
  return {
    edges: shown.map((a) => ({ node: node(a), cursor: cursorOf(a.id) })),
    pageInfo: { hasNextPage: items.length > first, hasPreviousPage: !!after, startCursor: shown.length ? cursorOf(shown[0]!.id) : null, endCursor: shown.length ? cursorOf(shown[shown.length - 1]!.id) : null },
  };
}

/** An operator's view: with the customer it went to, worded in the operator's language and zone. */
function operatorAlertView(a: Alert, operator: Pick<Account, 'timeZone' | 'language'>): OperatorAlertView {
  return { ...alertView(a, operator), customer: a.account as Account };
}

/** `account`: whose zone and language the message is written in. */
export function alertView(a: Alert, account: Pick<Account, 'timeZone' | 'language'>): AlertView {
  const subject = a.meter?.serial ?? a.controller?.serial ?? '';
  return {
    id: String(a.id),
    rule: a.rule,
    severity: a.severity,
    stage: a.stage,
    message: alertLine(a, subject, account.timeZone, account.language),
    facts: Object.entries(a.facts).map(([name, value]) => ({ name, value: String(value) })),
    meter: a.meter ?? null,
    controllerSerial: a.controller?.serial ?? null,
    openedAt: a.openedAt,
    seenAt: a.seenAt,
    resolvedAt: a.resolvedAt,
    endedBy: a.endedBy,
    acknowledgedAt: a.acknowledgedAt,
    mutedUntil: a.mutedUntil,
  };
}

@Resolver(() => Viewer)
export class ViewerAlertsResolver {
  @FieldResolver(() => AlertConnection, { description: 'Warnings, newest first; `open` narrows to open (true) or resolved (false) ones.' })
  async alerts(
    @Root() viewer: Viewer,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('open', () => Boolean, { nullable: true }) open: boolean | null,
    @Ctx() ctx: Context,
  ): Promise<AlertConnection> {
    if (first < 1 || first > MAX_PAGE) throw new UserInputError(because('PAGE_SIZE_RANGE', { max: MAX_PAGE }), 'first');
    const page = await ctx.services.alerts.list(viewer.account.id, { open, first: first + 1, after: after ? idOf(after) : null });
    return { ...pageOf(page.items, first, after, (a) => alertView(a, viewer.account)), totalCount: page.total, unreadCount: page.unread };
  }

  @FieldResolver(() => QuietHours, { nullable: true, description: 'Quiet hours for warnings that can wait; null when none.' })
  quietHours(@Root() viewer: Viewer, @Ctx() ctx: Context): Promise<QuietHours | null> {
    return ctx.services.alerts.quietHoursOf(viewer.account.id);
  }

  @FieldResolver(() => AwayMode, { nullable: true, description: 'The current or next away period; null when none.' })
  async awayMode(@Root() viewer: Viewer, @Ctx() ctx: Context): Promise<AwayMode | null> {
    return ctx.services.alerts.awayOf(viewer.account.id);
  }
}

const DEFAULTS: AlertThresholds = { leakHours: WATER_DEFAULTS.leakHours, nightLeakHours: WATER_DEFAULTS.nightLeakHours, minLitresPerHour: WATER_DEFAULTS.minLitresPerHour, burstLitres: WATER_DEFAULTS.burstLitres, baseloadW: BASELOAD_W };

function settingsView(meter: Meter, s: AlertSettings): MeterAlertSettings {
  return {
    thresholds: {
      leakHours: s.leakHours ?? DEFAULTS.leakHours,
      nightLeakHours: s.nightLeakHours ?? DEFAULTS.nightLeakHours,
      minLitresPerHour: s.minLitresPerHour ?? DEFAULTS.minLitresPerHour,
      burstLitres: s.burstLitres ?? DEFAULTS.burstLitres,
      baseloadW: s.baseloadW ?? DEFAULTS.baseloadW,
    },
    defaults: DEFAULTS,
    rules: meterRules(meter.kind),
    disabledRules: s.disabledRules,
    continuousFlowUntil: s.continuousFlowUntil,
    monthBudget: money(s.monthBudgetKopecks),
    version: s.version,
  };
}

@Resolver(() => Meter)
export class MeterAlertsResolver {
  @FieldResolver(() => MeterAlertSettings, { description: 'Your warning settings for this meter: thresholds, rules switched off, expected flow.' })
  async alertSettings(@Root() meter: Meter, @Ctx() ctx: Context): Promise<MeterAlertSettings> {
    const principal = requireViewer(ctx);
    await ctx.services.access.forViewer(principal, meter);
    return settingsView(meter, await ctx.services.alerts.settingsOf(principal.account.id, meter));
  }
}

const TOTAL_COUNT = new Set(['totalCount']);

@Resolver()
export class AlertsResolver {
  @Mutation(() => MeterAlertSettings, { description: 'A meter’s warning thresholds and the rules switched off for it; takes effect at once (a rule switched off resolves its open warning).' })
  async setAlertSettings(@Arg('meterId', () => ID) meterId: string, @Arg('input', () => AlertSettingsInput) input: AlertSettingsInput, @Ctx() ctx: Context): Promise<MeterAlertSettings> {
    const principal = requireViewer(ctx);
    const access = await ctx.services.access.accessTo(principal.account, Number(meterId));
    if (!access) throw new ForbiddenError(because('METER_FORBIDDEN'));
    return settingsView(access.meter, await ctx.services.alerts.configure(principal.account.id, access.meter, input));
  }

  @Query(() => OperatorAlertConnection, {
    description:
      'Operators: every customer’s warnings, newest first, with the customer; `open` narrows to open (true) or resolved (false) ones, `rule` to one rule. Messages are worded in the operator’s language and zone. `totalCount` counts every matching warning: ask for it with the first page only (it is counted only when selected).',
  })
  async operatorAlerts(
    @Arg('first', () => Int, { defaultValue: 30 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('open', () => Boolean, { nullable: true }) open: boolean | null,
    @Arg('rule', () => AlertRule, { nullable: true }) rule: AlertRule | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<OperatorAlertConnection> {
    const operator = requireOperator(ctx);
    if (first < 1 || first > MAX_PAGE) throw new UserInputError(because('PAGE_SIZE_RANGE', { max: MAX_PAGE }), 'first');
    const page = await ctx.services.alerts.listAll({ open, rule, first: first + 1, after: after ? idOf(after) : null, count: selects(info, TOTAL_COUNT) });
    // Not counted only when not selected: the 0 is never served.
    return { ...pageOf(page.items, first, after, (a) => operatorAlertView(a, operator.account)), totalCount: page.total ?? 0 };
  }

  @Query(() => String, { description: 'Web Push: the application server key (VAPID public key, base64url) to pass to PushManager.subscribe.' })
  webPushPublicKey(@Ctx() ctx: Context): string {
    return ctx.deps.alerts.deps.push.publicKey;
  }

  @Mutation(() => Boolean, { description: 'Web Push: this browser receives the viewer’s warnings (the PushSubscription’s endpoint and keys).' })
  async subscribePush(@Arg('endpoint', () => String) endpoint: string, @Arg('p256dh', () => String) p256dh: string, @Arg('auth', () => String) auth: string, @Ctx() ctx: Context): Promise<boolean> {
    const principal = requireViewer(ctx);
    await ctx.services.alerts.subscribePush(principal.account.id, endpoint, { p256dh, auth });
    return true;
  }

  @Mutation(() => Boolean, { description: 'Web Push: this browser stops receiving warnings; false when it was not subscribed.' })
  async unsubscribePush(@Arg('endpoint', () => String) endpoint: string, @Ctx() ctx: Context): Promise<boolean> {
    const principal = requireViewer(ctx);
    return ctx.services.alerts.unsubscribePush(principal.account.id, endpoint);
  }

  @Mutation(() => AlertView, { description: 'Marks a warning as read (the bell’s count goes down); it stays open until its condition ends.' })
  async acknowledgeAlert(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<AlertView> {
    const principal = requireViewer(ctx);
    return alertView(await ctx.services.alerts.acknowledge(principal.account.id, Number(id)), principal.account);
  }

  @Mutation(() => Int, { description: 'Marks every warning not read yet as read, open or ended (the bell goes to zero); returns how many.' })
  acknowledgeAllAlerts(@Ctx() ctx: Context): Promise<number> {
    return ctx.services.alerts.acknowledgeAll(requireViewer(ctx).account.id);
  }

  @Mutation(() => AlertView, { description: 'No email, SMS or push about this warning for `hours` (0 unmutes; at most 720).' })
  async muteAlert(@Arg('id', () => ID) id: string, @Arg('hours', () => Int) hours: number, @Ctx() ctx: Context): Promise<AlertView> {
    const principal = requireViewer(ctx);
    return alertView(await ctx.services.alerts.mute(principal.account.id, Number(id), hours), principal.account);
  }

  @Mutation(() => QuietHours, { nullable: true, description: 'Quiet hours (local whole hours 0–23; from 23 to 7 spans midnight); both null turns them off.' })
  async setQuietHours(@Arg('from', () => Int, { nullable: true }) from: number | null, @Arg('to', () => Int, { nullable: true }) to: number | null, @Ctx() ctx: Context): Promise<QuietHours | null> {
    const principal = requireViewer(ctx);
    return ctx.services.alerts.setQuietHours(principal.account.id, from, to);
  }

  @Mutation(() => AwayMode, { nullable: true, description: '«Я в отъезде» from `from` to `to` (replaces the current one); `to` null ends it now.' })
  async setAwayMode(@Arg('from', () => Date) from: Date, @Arg('to', () => Date, { nullable: true }) to: Date | null, @Ctx() ctx: Context): Promise<AwayMode | null> {
    const principal = requireViewer(ctx);
    const p = await ctx.services.alerts.setAway(principal.account.id, from, to);
    return p && { from: p.from, to: p.to };
  }

  @Mutation(() => Date, { nullable: true, description: 'Water meters: continuous flow expected until `until` (no leak warnings; at most 31 days); null: from now on warn again.' })
  async expectContinuousFlow(@Arg('meterId', () => ID) meterId: string, @Arg('until', () => Date, { nullable: true }) until: Date | null, @Ctx() ctx: Context): Promise<Date | null> {
    const principal = requireViewer(ctx);
    const access = await ctx.services.access.accessTo(principal.account, Number(meterId));
    if (!access) throw new ForbiddenError(because('METER_FORBIDDEN'));
    return (await ctx.services.alerts.expectContinuousFlow(principal.account.id, access.meter, until)).continuousFlowUntil;
  }

  @Subscription(() => AlertChange, {
    description: 'The viewer’s warnings as they open, escalate, resolve, or are acknowledged or muted (from any device).',
    subscribe: async ({ context }) => {
      const ctx = context as Context;
      const principal = requireViewer(ctx);
      return surfaceOutages(ctx.deps.pubSub.subscribe('alert', principal.account.id));
    },
  })
  async alertChanged(@Root() root: AlertEvent | Outage, @Ctx() ctx: Context): Promise<AlertChange> {
    const e = liveValue(root);
    const principal = requireViewer(ctx);
    const alert = await ctx.services.alerts.get(principal.account.id, e.alertId);
    return { change: e.change as AlertChangeKind, alert: alertView(alert, principal.account) };
  }

  @Subscription(() => OperatorAlertChange, {
    description: 'Operators: every customer’s warnings as they open, escalate, resolve, or are acknowledged or muted, with the customer.',
    subscribe: async ({ context }) => {
      const ctx = context as Context;
      requireOperator(ctx);
      return surfaceOutages(ctx.deps.pubSub.subscribe('alert', OPERATORS));
    },
  })
  async operatorAlertChanged(@Root() root: AlertEvent | Outage, @Ctx() ctx: Context): Promise<OperatorAlertChange> {
    const e = liveValue(root);
    const operator = requireOperator(ctx);
    const alert = await ctx.services.alerts.getAny(e.alertId);
    return { change: e.change as AlertChangeKind, alert: operatorAlertView(alert, operator.account) };
  }
}
