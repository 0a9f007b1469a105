import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Account } from '../accounts/account.entity.js';
import { Meter } from '../devices/meter.entity.js';
import { graphqlEnum, type EnumValue } from '../schema/enum.js';
import { Supplier, SupplierChannel } from '../suppliers/supplier.entity.js';

export const SubmissionStatus = graphqlEnum('SubmissionStatus', 'Where a submission is: scheduled → sending → delivered → accepted or rejected; failed when the window closed first.', {
  AWAITING_VALUES: 'The meter’s last reading is too old to send: the customer is asked to enter the values by hand',
  SCHEDULED: 'Waiting for its time (or for the next retry)',
  SENDING: 'Being sent now',
  DELIVERED: 'The supplier’s server (or mail server) took it; no verdict yet',
  ACCEPTED: 'The supplier accepted the readings',
  REJECTED: 'The supplier rejected the readings: see reason',
  FAILED: 'The window closed before the supplier took it: the customer must submit another way',
});
export type SubmissionStatus = EnumValue<typeof SubmissionStatus>;

/** Statuses after which nothing more is sent. */
export const FINAL: readonly SubmissionStatus[] = [SubmissionStatus.DELIVERED, SubmissionStatus.ACCEPTED, SubmissionStatus.REJECTED, SubmissionStatus.FAILED];

@ObjectType({ description: 'One register value as sent.' })
export class SubmittedValue {
  @Field(() => String, { description: 'T1, T2, T3 (tariff zones), TOTAL (single-rate) or VOLUME.' })
  register!: string;

  @Field(() => String, { description: 'Exact decimal as sent, e.g. "12345" (kWh) or "123.456" (m³).' })
  value!: string;

  @Field(() => String, { description: 'kWh or m3.' })
  unit!: string;
}

/**
 * One meter's readings for one account and billing period at one supplier: the row is both the record the customer
 * sees and the delivery job. The unique key makes it one, whatever happens; `body` is exactly what was sent.
 */
@ObjectType({ description: 'The readings of one meter for one billing period, submitted to a supplier.' })
@Entity({ tableName: 'submission' })
@Unique({ name: 'submission_once_per_period', properties: ['meter', 'supplier', 'accountNumber', 'period'] })
@Index({ name: 'submission_due', properties: ['status', 'nextAttemptAt'] })
@Index({ name: 'submission_by_supplier', properties: ['supplier', 'period'] })
export class Submission {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => Meter })
  meter: Rel<Meter>;

  @Field(() => Supplier)
  @ManyToOne({ entity: () => Supplier })
  supplier: Rel<Supplier>;

  /** The customer who linked the account (is told of failures; sees the history). */
  @ManyToOne({ entity: () => Account })
  account: Rel<Account>;

  @Field(() => String)
  @Property({ type: 'string', length: 64 })
  accountNumber: string;

  @Field(() => String, { description: 'The billing period, YYYY-MM.' })
  @Property({ type: 'string', length: 7 })
  period: string;

  @Field(() => SubmissionStatus)
  @Property({ type: 'string', length: 16 })
  status: SubmissionStatus = SubmissionStatus.SCHEDULED;

  @Field(() => SupplierChannel, { description: 'How it was (or will be) sent; fixed when the submission is made.' })
  @Property({ type: 'string', length: 16 })
  channel: SupplierChannel;

  /** JSON of SubmittedValue[]; null while awaiting values. */
  @Property({ type: 'text', nullable: true })
  valuesJson: string | null = null;

  @Field(() => [SubmittedValue], { description: 'The values sent, per tariff zone (empty while awaiting values).' })
  get values(): SubmittedValue[] {
    return this.valuesJson ? (JSON.parse(this.valuesJson) as SubmittedValue[]) : [];
  }

  @Field(() => Date, { nullable: true, description: 'When the meter took the readings sent (the oldest register’s time); null when entered by hand.' })
  @Property({ type: 'datetime', nullable: true })
  readingTime: Date | null = null;

  @Field(() => Boolean, { description: 'The customer entered the values by hand (the supplier is told so too).' })
  @Property({ type: 'boolean' })
  enteredByCustomer = false;

  /** Exactly what is sent, every attempt: the JSON body of a webhook (the email is rendered from it). */
  @Property({ type: 'text', nullable: true })
  body: string | null = null;

  @Field(() => String, {
    description: 'The Idempotency-Key of every attempt of this sending (and the email’s Message-ID); a re-send after a rejection is a new sending with a new key.',
  })
  @Property({ type: 'string', length: 64, unique: true })
  idempotencyKey: string;

  @Field(() => Int)
  @Property({ type: 'integer' })
  attempts = 0;

  @Field(() => Date, { nullable: true, description: 'The next attempt (SCHEDULED).' })
  @Property({ type: 'datetime' })
  nextAttemptAt: Date;

  @Field(() => Date, { description: 'When the supplier’s window for the period closes.' })
  @Property({ type: 'datetime' })
  windowClosesAt: Date;

  /** The worker sending it, and until when its claim holds (a killed worker's claim lapses; another resumes). */
  @Property({ type: 'string', length: 64, nullable: true })
  lockedBy: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  lockedUntil: Date | null = null;

  @Field(() => String, { nullable: true, description: 'Why it was rejected or failed, as a code: the supplier’s own code, or ours (WINDOW_CLOSED: the window closed first; NO_FRESH_READINGS: it closed while no fresh readings were there and none were typed; UNLINKED: the link stopped first — unlinked, the meter unbound, the account deleted).' })
  @Property({ type: 'string', length: 64, nullable: true })
  reason: string | null = null;

  @Field(() => String, { nullable: true, description: 'The supplier’s words on a rejection, or what went wrong on the last attempt.' })
  @Property({ type: 'string', length: 1000, nullable: true })
  reasonMessage: string | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  deliveredAt: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'When the supplier’s verdict came.' })
  @Property({ type: 'datetime', nullable: true })
  decidedAt: Date | null = null;

  @Field(() => Date)
  @Property({ type: 'datetime' })
  createdAt: Date;

  @Field(() => Date)
  @Property({ type: 'datetime' })
  updatedAt: Date;

  constructor(o: { meter: Meter; supplier: Supplier; account: Account; accountNumber: string; period: string; idempotencyKey: string; at: Date; closesAt: Date }) {
    this.meter = o.meter;
    this.supplier = o.supplier;
    this.account = o.account;
    this.accountNumber = o.accountNumber;
    this.period = o.period;
    this.channel = o.supplier.channel;
    this.idempotencyKey = o.idempotencyKey;
    this.createdAt = this.updatedAt = this.nextAttemptAt = o.at;
    this.windowClosesAt = o.closesAt;
  }

  get final(): boolean {
    return FINAL.includes(this.status);
  }

  /** Fixes what will be sent (once: a submission never sends two different values). */
  setValues(values: SubmittedValue[], readingTime: Date | null, byCustomer: boolean, body: string, at: Date): void {
    if (this.body !== null) throw new Error('a submission’s values are fixed once made');
    this.valuesJson = JSON.stringify(values);
    this.readingTime = readingTime;
    this.enteredByCustomer = byCustomer;
    this.body = body;
    this.status = SubmissionStatus.SCHEDULED;
    this.nextAttemptAt = at;
    this.updatedAt = at;
  }

  awaitValues(at: Date): void {
    this.status = SubmissionStatus.AWAITING_VALUES;
    this.reason = 'STALE_READINGS';
    this.updatedAt = at;
  }

  // The engine changes a submission's status in storage by compare-and-set updates (several workers may race);
  // these bring the loaded object in line once its update won.

  /** An attempt to send was claimed. */
  attemptClaimed(): void {
    this.attempts += 1;
  }

  /** Given up: nothing (fresh) to send before the window closed. */
  failedFor(reason: string): void {
    this.status = SubmissionStatus.FAILED;
    this.reason = reason;
  }

  /**
   * What an operator's re-send changes: back to SCHEDULED now, the last outcome cleared. The same Idempotency-Key
   * (and Message-ID) after a delivery, an acceptance or a give-up — the supplier may hold it already and must drop
   * the repeat — but a new one after a rejection: the supplier has answered that key, and a supplier that honours
   * keys would answer the repeat with the same rejection instead of looking at it again.
   */
  resendChanges(now: Date, newKey: () => string): Pick<Submission, 'status' | 'nextAttemptAt' | 'reason' | 'reasonMessage' | 'decidedAt' | 'updatedAt' | 'idempotencyKey'> {
    return {
      status: SubmissionStatus.SCHEDULED,
      nextAttemptAt: now,
      reason: null,
      reasonMessage: null,
      decidedAt: null,
      updatedAt: now,
      idempotencyKey: this.status === SubmissionStatus.REJECTED ? newKey() : this.idempotencyKey,
    };
  }

  /** The supplier's verdict, as stored (engine.ts `verdict`), with its reason code and words. */
  decided(status: typeof SubmissionStatus.ACCEPTED | typeof SubmissionStatus.REJECTED, reason: string | null = null, message: string | null = null): void {
    this.status = status;
    this.reason = reason;
    this.reasonMessage = message;
  }
}
