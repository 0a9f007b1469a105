/** The GraphQL shape of warnings (api/docs/alerts.md): alerts as a connection, the live change, away mode. */
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Account } from '../accounts/account.entity.js';
import { Meter } from '../devices/meter.entity.js';
import { Connection } from '../schema/connection.js';
import { PageInfo } from '../reports/report.types.js';
import { Money } from '../tariffs/money.js';
import { graphqlEnum, type EnumValue } from '../schema/enum.js';
import { AlertEnd, AlertRule, AlertSeverity } from './alert.entity.js';

export const AlertChangeKind = graphqlEnum('AlertChangeKind', undefined, ['OPENED', 'ESCALATED', 'RESOLVED', 'ACKNOWLEDGED', 'MUTED']);
export type AlertChangeKind = EnumValue<typeof AlertChangeKind>;

@ObjectType({ description: 'A fact a warning names: litres, hours, since, watts, due, days, batteryPct, signalDbm, lastSeenAt…' })
export class AlertFact {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  value!: string;
}

@ObjectType({ description: 'One episode of a warning: opened when its condition started, resolved when it ended.' })
export class AlertView {
  @Field(() => ID)
  id!: string;

  @Field(() => AlertRule)
  rule!: AlertRule;

  @Field(() => AlertSeverity)
  severity!: AlertSeverity;

  @Field(() => String, { nullable: true, description: 'VERIFICATION_DUE: DAYS_30, DAYS_7 or OVERDUE; SUBMISSION_FAILED: AWAITING_VALUES (no fresh readings this month: enter them), REJECTED or FAILED.' })
  stage!: string | null;

  @Field(() => String, { description: 'What the operator says of it, in the account’s `language` (the cabinet words it from `rule` and `facts`).' })
  message!: string;

  @Field(() => [AlertFact])
  facts!: AlertFact[];

  @Field(() => Meter, { nullable: true, description: 'The meter, for meter warnings.' })
  meter!: Meter | null;

  @Field(() => String, { nullable: true, description: 'The modem’s serial, for modem warnings.' })
  controllerSerial!: string | null;

  @Field(() => Date)
  openedAt!: Date;

  @Field(() => Date, { description: 'When the condition was last seen to hold.' })
  seenAt!: Date;

  @Field(() => Date, { nullable: true })
  resolvedAt!: Date | null;

  @Field(() => AlertEnd, { nullable: true, description: 'How it ended: null while open (and for warnings that ended before this was recorded, which the cabinet shows as CLEARED).' })
  endedBy!: AlertEnd | null;

  @Field(() => Date, { nullable: true })
  acknowledgedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'No email, SMS or push about it until then.' })
  mutedUntil!: Date | null;
}

@ObjectType()
export class AlertEdge {
  @Field(() => AlertView)
  node!: AlertView;

  @Field(() => String)
  cursor!: string;
}

@ObjectType({ description: 'Warnings, newest first.' })
export class AlertConnection {
  @Field(() => [AlertEdge])
  edges!: AlertEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;

  @Field(() => Int, { description: 'Warnings not acknowledged yet (the bell’s count).' })
  unreadCount!: number;
}

@ObjectType({ description: 'A warning as operators see it: what it says, and whose it is.' })
export class OperatorAlertView extends AlertView {
  @Field(() => Account, { description: 'The customer it went to.' })
  customer!: Account;
}

@ObjectType({ description: 'Every customer’s warnings, newest first (operators).' })
export class OperatorAlertConnection extends Connection('OperatorAlert', OperatorAlertView) {
  @Field(() => Int)
  totalCount!: number;
}

@ObjectType()
export class AlertChange {
  @Field(() => AlertChangeKind)
  change!: AlertChangeKind;

  @Field(() => AlertView)
  alert!: AlertView;
}

@ObjectType()
export class OperatorAlertChange {
  @Field(() => AlertChangeKind)
  change!: AlertChangeKind;

  @Field(() => OperatorAlertView)
  alert!: OperatorAlertView;
}

@ObjectType({ description: '«Я в отъезде»: any water use and electricity above the baseload is a warning.' })
export class AwayMode {
  @Field(() => Date)
  from!: Date;

  @Field(() => Date)
  to!: Date;
}

@ObjectType({ description: 'Local hours (the account’s zone) when warnings that can wait send no email or push; CRITICAL ones still go.' })
export class QuietHours {
  @Field(() => Int, { description: 'Start, 0–23.' })
  from!: number;

  @Field(() => Int, { description: 'End, 0–23 (before the start: across midnight).' })
  to!: number;
}

@ObjectType({ description: 'A meter’s warning thresholds (integers).' })
export class AlertThresholds {
  @Field(() => Int, { description: 'Continuous flow this many hours at any time is a leak (water).' })
  leakHours!: number;

  @Field(() => Int, { description: 'Continuous flow covering this many hours of one night (00:00–06:00 local) is a leak (water).' })
  nightLeakHours!: number;

  @Field(() => Int, { description: 'An interval with less flow than this (litres an hour) counts as none: a drip is not a leak (water).' })
  minLitresPerHour!: number;

  @Field(() => Int, { description: 'More than this many litres within 30 minutes is a burst (water).' })
  burstLitres!: number;

  @Field(() => Int, { description: 'Average power (W) above which electricity counts as use while away.' })
  baseloadW!: number;
}

@ObjectType({ description: 'The signed-in customer’s warning settings for one meter.' })
export class MeterAlertSettings {
  @Field(() => AlertThresholds, { description: 'The thresholds in force.' })
  thresholds!: AlertThresholds;

  @Field(() => AlertThresholds, { description: 'The product’s defaults (what a null in `setAlertSettings` restores).' })
  defaults!: AlertThresholds;

  @Field(() => [AlertRule], { description: 'The rules that watch this meter (and can be switched off for it).' })
  rules!: AlertRule[];

  @Field(() => [AlertRule], { description: 'The rules switched off for this meter.' })
  disabledRules!: AlertRule[];

  @Field(() => Date, { nullable: true, description: 'Continuous flow expected until then: no leak warnings (water).' })
  continuousFlowUntil!: Date | null;

  @Field(() => Money, { nullable: true, description: 'What this meter may cost a month: above it (forecast or spent) is a BUDGET warning. Null: no budget.' })
  monthBudget!: Money | null;

  @Field(() => Int, { description: 'Moves with every save of the thresholds and rules (0: never saved). Send it back as `AlertSettingsInput.version`: a save made elsewhere in between is then refused, not overwritten.' })
  version!: number;
}

@InputType({ description: 'A meter’s warning settings; a null threshold restores the default. The whole set is replaced.' })
export class AlertSettingsInput {
  @Field(() => Int, { nullable: true, description: '3–72.' })
  leakHours!: number | null;

  @Field(() => Int, { nullable: true, description: '1–6.' })
  nightLeakHours!: number | null;

  @Field(() => Int, { nullable: true, description: '1–60.' })
  minLitresPerHour!: number | null;

  @Field(() => Int, { nullable: true, description: '50–3000.' })
  burstLitres!: number | null;

  @Field(() => Int, { nullable: true, description: '50–10000.' })
  baseloadW!: number | null;

  @Field(() => [AlertRule], { description: 'Rules to switch off for this meter (of `MeterAlertSettings.rules`); an empty list turns all on.' })
  disabledRules!: AlertRule[];

  @Field(() => String, {
    nullable: true,
    description: 'Roubles a month this meter may cost, 1–10000000 ("3000", "2500,50"): a BUDGET warning when the month’s forecast (or its cost so far) is above it. Null or "" removes the budget; omitted keeps it. Reasons: AMOUNT_FORMAT, BUDGET_RANGE.',
  })
  monthBudget?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'The `MeterAlertSettings.version` these settings were read at. When they have been saved since (another window, another device), nothing changes and the error’s reason is ALERT_SETTINGS_CHANGED: read them again. Omitted, the save replaces whatever is there.',
  })
  version?: number | null;
}
