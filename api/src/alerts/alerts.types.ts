/** The GraphQL shape of warnings (api/docs/alerts.md): alerts as a connection, the live change, away mode. */
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Meter } from '../devices/meter.entity.js';
import { PageInfo } from '../reports/report.types.js';
import { AlertRule, AlertSeverity } from './alert.entity.js';

registerEnumType(AlertRule, {
  name: 'AlertRule',
  description: 'What a warning watches.',
  valuesConfig: {
    LEAK: { description: 'Water flowing in every interval for a long stretch (24 h, or 2 h at night).' },
    BURST: { description: 'More water than a threshold within a short time.' },
    AWAY_USE: { description: 'Water used, or electricity above the baseload, while the account is away.' },
    MODEM_SILENT: { description: 'No reading for 2.5 reporting intervals; resolves when the modem reports again.' },
    LOW_BATTERY: { description: 'The modem’s battery below 15 % (resolves at 25 %).' },
    WEAK_SIGNAL: { description: 'The modem’s signal below −110 dBm (resolves at −100 dBm).' },
    VERIFICATION_DUE: { description: 'The meter’s verification (поверка) due within 30 days, 7 days, or overdue (`stage`).' },
    VOLTAGE: { description: 'Voltage on a phase out of the ±10 % band for longer than 10 minutes (an interruption too); resolves when it is back.' },
    ABNORMAL_DAY: { description: 'Yesterday’s consumption above twice the median of the same weekday over the last 4 weeks (learned after 3 complete weeks); resolves after a normal day.' },
    SUBMISSION_FAILED: { description: 'A submission of the meter’s readings to its supplier failed or was rejected; resolves when one is accepted.' },
  },
});
registerEnumType(AlertSeverity, { name: 'AlertSeverity', description: 'CRITICAL also goes by SMS.' });

export enum AlertChangeKind {
  OPENED = 'OPENED',
  ESCALATED = 'ESCALATED',
  RESOLVED = 'RESOLVED',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  MUTED = 'MUTED',
}
registerEnumType(AlertChangeKind, { name: 'AlertChangeKind' });

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

  @Field(() => String, { nullable: true, description: 'VERIFICATION_DUE: DAYS_30, DAYS_7 or OVERDUE.' })
  stage!: string | null;

  @Field(() => String, { description: 'What the operator says of it, in Russian (the cabinet words it from `rule` and `facts`).' })
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

@ObjectType()
export class AlertChange {
  @Field(() => AlertChangeKind)
  change!: AlertChangeKind;

  @Field(() => AlertView)
  alert!: AlertView;
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
