import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { DateTime } from 'luxon';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { MeterKind } from '../devices/meter-kind.js';
import { UserInputError, because } from '../errors/client-errors.js';
import { graphqlEnum, type EnumValue } from '../schema/enum.js';
import { innIsValid } from './inn.js';

export const SupplierChannel = graphqlEnum('SupplierChannel', 'How a supplier takes readings.', {
  WEBHOOK: 'A signed HTTPS POST of a JSON body (api/docs/suppliers.md)',
  EMAIL: 'An email with the readings as text, CSV and XLSX',
});
export type SupplierChannel = EnumValue<typeof SupplierChannel>;

/** What an operator sets on a supplier; every field is checked by `Supplier.apply`. */
export interface SupplierSettings {
  name: string;
  inn: string;
  resources: MeterKind[];
  windowFirstDay: number;
  windowLastDay: number;
  /** HH:MM in the supplier's zone. */
  cutoffTime: string;
  timeZone: string;
  /** A regular expression the whole account number must match, e.g. `\d{10}`. */
  accountPattern: string;
  /** An account number in that format, shown to customers as a hint. */
  accountExample: string;
  /** Decimals of m³ the supplier takes (0–3); electricity is always whole kWh per tariff zone. */
  volumeDecimals: number;
  channel: SupplierChannel;
  webhookUrl: string | null;
  email: string | null;
}

@ObjectType({ description: 'A resource supplier (энергосбыт, водоканал, УК) that takes meter readings each month.' })
@Entity({ tableName: 'supplier' })
export class Supplier {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => String)
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => String, { description: 'ИНН, 10 or 12 digits with valid check digits.' })
  @Property({ type: 'string', length: 12 })
  inn!: string;

  /** Comma-separated MeterKinds: a plain column, as Meter.kind is (MikroORM 6 misreads SQLite enum checks). */
  @Property({ type: 'string', length: 64 })
  resourceList!: string;

  @Field(() => [MeterKind], { description: 'The resources it bills.' })
  get resources(): MeterKind[] {
    return this.resourceList.split(',') as MeterKind[];
  }

  @Field(() => Int, { description: 'The first day of the monthly submission window (1–28).' })
  @Property({ type: 'integer' })
  windowFirstDay!: number;

  @Field(() => Int, { description: 'The last day of the window (1–31; the month’s last day when the month is shorter).' })
  @Property({ type: 'integer' })
  windowLastDay!: number;

  @Field(() => String, {
    description: 'HH:MM in `timeZone`: the readings are taken and sent at this time on the first day; the window closes at this time on the last day.',
  })
  @Property({ type: 'string', length: 5 })
  cutoffTime!: string;

  @Field(() => String, { description: 'The IANA time zone of the window, e.g. Europe/Moscow.' })
  @Property({ type: 'string', length: 64 })
  timeZone!: string;

  @Field(() => String, { description: 'A regular expression an account number (лицевой счёт) must match as a whole.' })
  @Property({ type: 'string', length: 200 })
  accountPattern!: string;

  @Field(() => String, { description: 'An account number in the supplier’s format, for the customer’s hint.' })
  @Property({ type: 'string', length: 64 })
  accountExample!: string;

  @Field(() => Int, { description: 'Decimals of m³ sent for water (electricity: whole kWh per tariff zone).' })
  @Property({ type: 'integer' })
  volumeDecimals = 3;

  @Field(() => SupplierChannel)
  @Property({ type: 'string', length: 16 })
  channel!: SupplierChannel;

  /** Operators only (see SupplierResolver). */
  @Property({ type: 'string', length: 500, nullable: true })
  webhookUrl: string | null = null;

  @Property({ type: 'string', length: 254, nullable: true })
  email: string | null = null;

  /**
   * Moves with every change (settings or secret), by MikroORM's optimistic lock: an UPDATE names the version it was
   * read at and finds no row when another change came first. The operator's form sends back the version it was filled
   * from, so that a change made meanwhile in another window is refused, not overwritten.
   */
  @Field(() => Int, { description: 'Moves with every change of the supplier. Send it back to `updateSupplier`: a change made elsewhere in between is then refused, not overwritten.' })
  @Property({ type: 'integer', version: true })
  version!: number;

  /** Part of the derived webhook secret: raising it rotates the secret. */
  @Property({ type: 'integer' })
  secretVersion = 1;

  @Field(() => Date)
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Field(() => Date)
  @Property({ type: 'datetime' })
  updatedAt: Date = new Date();

  constructor(settings: SupplierSettings) {
    this.apply(settings);
  }

  /** Sets every field after checking it; throws BAD_USER_INPUT with a reason code naming the first bad one. */
  apply(s: SupplierSettings): void {
    const name = s.name.trim();
    if (!name || name.length > 200) throw new UserInputError(because('SUPPLIER_NAME'), 'name');
    if (!innIsValid(s.inn)) throw new UserInputError(because('INN_INVALID', { inn: s.inn }), 'inn');
    const resources = [...new Set(s.resources)];
    if (!resources.length) throw new UserInputError(because('RESOURCES_EMPTY'), 'resources');
    const { windowFirstDay: first, windowLastDay: last } = s;
    if (!Number.isInteger(first) || first < 1 || first > 28) throw new UserInputError(because('WINDOW_DAY', { day: 'first', min: 1, max: 28 }), 'windowFirstDay');
    if (!Number.isInteger(last) || last < first || last > 31) throw new UserInputError(because('WINDOW_DAY', { day: 'last', min: first, max: 31 }), 'windowLastDay');
    const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(s.cutoffTime);
    if (!m) throw new UserInputError(because('CUTOFF_TIME'), 'cutoffTime');
    if (!DateTime.now().setZone(s.timeZone).isValid) throw new UserInputError(because('TIME_ZONE', { timeZone: s.timeZone }), 'timeZone');
    let pattern: RegExp;
    try {
      pattern = new RegExp(`^(?:${s.accountPattern})$`);
    } catch {
      throw new UserInputError(because('ACCOUNT_PATTERN', {}), 'accountPattern');
    }
    if (!s.accountPattern || s.accountPattern.length > 200) throw new UserInputError(because('ACCOUNT_PATTERN', { max: 200 }), 'accountPattern');
    if (!pattern.test(s.accountExample)) throw new UserInputError(because('ACCOUNT_EXAMPLE', { pattern: s.accountPattern }), 'accountExample');
    if (!Number.isInteger(s.volumeDecimals) || s.volumeDecimals < 0 || s.volumeDecimals > 3) throw new UserInputError(because('VOLUME_DECIMALS', { min: 0, max: 3 }), 'volumeDecimals');
    if (s.channel === SupplierChannel.WEBHOOK) {
      let url: URL | null = null;
      try {
        url = s.webhookUrl ? new URL(s.webhookUrl) : null;
      } catch {
        url = null;
      }
      if (!url || !['http:', 'https:'].includes(url.protocol)) throw new UserInputError(because('WEBHOOK_URL'), 'webhookUrl');
    } else if (!s.email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s.email)) {
      throw new UserInputError(because('SUPPLIER_EMAIL'), 'email');
    }
    this.name = name;
    this.inn = s.inn;
    this.resourceList = resources.join(',');
    this.windowFirstDay = first;
    this.windowLastDay = last;
    this.cutoffTime = s.cutoffTime;
    this.timeZone = s.timeZone;
    this.accountPattern = s.accountPattern;
    this.accountExample = s.accountExample;
    this.volumeDecimals = s.volumeDecimals;
    this.channel = s.channel;
    this.webhookUrl = s.channel === SupplierChannel.WEBHOOK ? s.webhookUrl : null;
    this.email = s.channel === SupplierChannel.EMAIL ? s.email : null;
    this.updatedAt = new Date();
  }

  /** A new webhook secret: the version the secret is derived with moves on, so the old one stops working. */
  rotateSecret(at: Date): void {
    this.secretVersion += 1;
    this.updatedAt = at;
  }

  bills(kind: MeterKind): boolean {
    return this.resources.includes(kind);
  }

  accountNumberFits(accountNumber: string): boolean {
    return new RegExp(`^(?:${this.accountPattern})$`).test(accountNumber);
  }

  settings(): SupplierSettings {
    const { name, inn, resources, windowFirstDay, windowLastDay, cutoffTime, timeZone, accountPattern, accountExample, volumeDecimals, channel, webhookUrl, email } = this;
    return { name, inn, resources, windowFirstDay, windowLastDay, cutoffTime, timeZone, accountPattern, accountExample, volumeDecimals, channel, webhookUrl, email };
  }
}
