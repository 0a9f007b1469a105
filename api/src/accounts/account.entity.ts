import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { graphqlEnum, type EnumValue } from '../schema/enum.js';

export const Role = graphqlEnum('Role', 'CUSTOMER watches their own meters; OPERATOR provisions devices and answers support.', ['CUSTOMER', 'OPERATOR']);
export type Role = EnumValue<typeof Role>;

export const Language = graphqlEnum('Language', 'Russian or English.', ['RU', 'EN']);
export type Language = EnumValue<typeof Language>;

/** A person with a sign-in. Secrets (password hash, sessions) live in their own entities. */
@ObjectType({ description: 'A signed-up person: a customer, or an operator of the metering company.' })
@Entity({ tableName: 'account' })
export class Account {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => String, { description: 'The login: a phone number in E.164 form, e.g. +79001234567.' })
  @Property({ type: 'string', length: 16, unique: true })
  phone: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 200, nullable: true })
  fullName: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 254, nullable: true })
  email: string | null = null;

  /** When the current email was confirmed by its link; null until then (and again after every change). */
  @Property({ type: 'datetime', nullable: true })
  emailConfirmedAt: Date | null = null;

  @Field(() => Boolean, { description: 'Whether the current email address has been confirmed by the link sent to it.' })
  get emailConfirmed(): boolean {
    return this.emailConfirmedAt !== null;
  }

  @Field(() => String, { nullable: true, description: 'Postal address (optional).' })
  @Property({ type: 'string', length: 500, nullable: true })
  address: string | null = null;

  @Field(() => String, { description: 'IANA time zone for reports and day boundaries (default Europe/Moscow).' })
  @Property({ type: 'string', length: 64, default: 'Europe/Moscow' })
  timeZone = 'Europe/Moscow';

  @Field(() => Role)
  @Enum({ items: () => Role, type: 'string', length: 16 })
  role: Role = Role.CUSTOMER;

  @Field(() => Language, { description: 'What warnings by SMS, email and push are written in (the cabinet sets it to the language chosen there).' })
  @Property({ type: 'string', length: 2, default: Language.RU })
  language: Language = Language.RU;

  @Field(() => Date)
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  /** When the customer deleted the account; the row stays only as the anonymous holder of submissions already made. */
  @Property({ type: 'datetime', nullable: true })
  deletedAt: Date | null = null;

  constructor(phone: string, role: Role = Role.CUSTOMER) {
    this.phone = phone;
    this.role = role;
  }

  /** A new address: unconfirmed until its confirmation link is opened. */
  changeEmail(email: string): void {
    this.email = email;
    this.emailConfirmedAt = null;
  }

  /** The confirmation link of the current address was opened (the first time counts). */
  confirmEmail(at = new Date()): void {
    this.emailConfirmedAt ??= at;
  }

  changePhone(phone: string): void {
    this.phone = phone;
  }

  /**
   * Deleted: nothing that identifies a customer stays. The phone becomes a placeholder no sign-in can type (it is
   * not E.164), which frees the number for a new registration. An operator's name stays on what they changed
   * (suppliers' histories: the company's own record of who did what).
   */
  erase(at = new Date()): void {
    this.phone = `deleted:${this.id}`;
    if (this.role !== Role.OPERATOR) this.fullName = null;
    this.email = null;
    this.emailConfirmedAt = null;
    this.address = null;
    this.deletedAt ??= at;
  }
}
