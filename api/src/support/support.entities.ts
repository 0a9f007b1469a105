import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, wrap, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Account } from '../accounts/account.entity.js';
import { graphqlEnum, type EnumValue } from '../schema/enum.js';

/** The sender's account phone, read from a populated account (the queries below populate it). */
function customerPhoneOf(account: Rel<Account> | null): string | null {
  if (!account) return null;
  if (!wrap(account).isInitialized()) throw new Error('the account of a callback request or feedback message is not loaded');
  return account.phone;
}

export const ThreadStatus = graphqlEnum('ThreadStatus', undefined, ['OPEN', 'CLOSED']);
export type ThreadStatus = EnumValue<typeof ThreadStatus>;

/** «Консультация»: a request to be called back, answered within an hour. */
@ObjectType({ description: 'A callback request («Консультация»): operators call back within an hour.' })
@Entity({ tableName: 'callback_request' })
@Index({ name: 'callback_by_done', properties: ['doneAt', 'createdAt'] })
export class CallbackRequest {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => String)
  @Property({ type: 'string', length: 200 })
  name: string;

  @Field(() => String)
  @Property({ type: 'string', length: 16 })
  phone: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 500, nullable: true })
  topic: string | null = null;

  @Field(() => Date)
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Field(() => Date, { description: 'When the one-hour promise runs out.' })
  @Property({ type: 'datetime' })
  dueAt: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  doneAt: Date | null = null;

  @ManyToOne({ entity: () => Account, nullable: true, deleteRule: 'set null' })
  doneBy: Rel<Account> | null = null;

  /** The customer who asked from their cabinet (signed in); null for the public form. Their data file lists it, deleting the account deletes it. */
  @ManyToOne({ entity: () => Account, nullable: true, deleteRule: 'cascade', index: 'callback_by_account' })
  account: Rel<Account> | null = null;

  constructor(name: string, phone: string, dueAt: Date, account: Rel<Account> | null = null) {
    this.name = name;
    this.phone = phone;
    this.dueAt = dueAt;
    this.account = account;
  }

  @Field(() => String, { nullable: true, description: 'The phone number of the cabinet it was sent from (signed in), which may differ from the number to call; null from the public form.' })
  get customerPhone(): string | null {
    return customerPhoneOf(this.account);
  }

  /** Called back: by whom and when, once (marking it again changes nothing). */
  markDone(by: Rel<Account>, at = new Date()): void {
    this.doneAt ??= at;
    this.doneBy ??= by;
  }
}

/** A message from the feedback form on the main page; it is also emailed to the support mailbox. */
@ObjectType()
@Entity({ tableName: 'feedback' })
export class Feedback {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => String)
  @Property({ type: 'string', length: 200 })
  name: string;

  @Field(() => String, { description: 'An email address or a phone number to answer to.' })
  @Property({ type: 'string', length: 254 })
  contact: string;

  @Field(() => String)
  @Property({ type: 'text' })
  message: string;

  @Field(() => Date)
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  /** The customer who wrote from their cabinet (signed in); null for the public form. */
  @ManyToOne({ entity: () => Account, nullable: true, deleteRule: 'cascade', index: 'feedback_by_account' })
  account: Rel<Account> | null = null;

  constructor(name: string, contact: string, message: string, account: Rel<Account> | null = null) {
    this.name = name;
    this.contact = contact;
    this.message = message;
    this.account = account;
  }

  @Field(() => String, { nullable: true, description: 'The phone number of the cabinet it was sent from (signed in); null from the public form.' })
  get customerPhone(): string | null {
    return customerPhoneOf(this.account);
  }
}

/** A conversation between a customer and technical support. */
@ObjectType({ description: 'A conversation with technical support.' })
@Entity({ tableName: 'support_thread' })
@Index({ name: 'support_thread_by_account', properties: ['account', 'lastMessageAt'] })
@Index({ name: 'support_thread_by_status', properties: ['status', 'lastMessageAt'] })
export class SupportThread {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => Account, deleteRule: 'cascade' })
  account: Rel<Account>;

  @Field(() => String)
  @Property({ type: 'string', length: 200 })
  topic: string;

  @Field(() => ThreadStatus)
  @Enum({ items: () => ThreadStatus, type: 'string', length: 8 })
  status: ThreadStatus = ThreadStatus.OPEN;

  @Field(() => Date)
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Field(() => Date)
  @Property({ type: 'datetime' })
  lastMessageAt: Date = new Date();

  /** Until when the customer, and the operators, have read the thread (unread counts). */
  @Property({ type: 'datetime' })
  customerReadAt: Date = new Date(0);

  @Property({ type: 'datetime' })
  operatorReadAt: Date = new Date(0);

  constructor(account: Account, topic: string) {
    this.account = account;
    this.topic = topic;
  }

  close(): void {
    this.status = ThreadStatus.CLOSED;
  }

  reopen(): void {
    this.status = ThreadStatus.OPEN;
  }

  /** Read until `at` by the operators (`bySupport`) or by the customer. */
  markRead(bySupport: boolean, at = new Date()): void {
    if (bySupport) this.operatorReadAt = at;
    else this.customerReadAt = at;
  }

  /** A message was posted: the thread moves up, and its author has read everything up to it. */
  posted(message: { createdAt: Date; fromSupport: boolean }): void {
    this.lastMessageAt = message.createdAt;
    this.markRead(message.fromSupport, message.createdAt);
  }
}

@ObjectType({ description: 'One message of a support thread.' })
@Entity({ tableName: 'support_message' })
@Index({ name: 'support_message_by_thread', properties: ['thread', 'createdAt'] })
export class SupportMessage {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => SupportThread, deleteRule: 'cascade' })
  thread: Rel<SupportThread>;

  @ManyToOne({ entity: () => Account, deleteRule: 'cascade' })
  author: Rel<Account>;

  @Field(() => Boolean, { description: 'Written by technical support (not by the customer).' })
  @Property({ type: 'boolean' })
  fromSupport: boolean;

  @Field(() => String)
  @Property({ type: 'text' })
  text: string;

  @Field(() => Date)
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  constructor(thread: SupportThread, author: Account, fromSupport: boolean, text: string) {
    this.thread = thread;
    this.author = author;
    this.fromSupport = fromSupport;
    this.text = text;
  }
}

/** A photo attached to a message: uploaded first (owned by its uploader), then attached when the message is sent. */
@ObjectType({ description: 'A photo attached to a support message; download it from `url` with the same credentials.' })
@Entity({ tableName: 'support_attachment' })
export class SupportAttachment {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => Account, deleteRule: 'cascade' })
  owner: Rel<Account>;

  @ManyToOne({ entity: () => SupportMessage, nullable: true, deleteRule: 'cascade' })
  message: Rel<SupportMessage> | null = null;

  @Field(() => String)
  @Property({ type: 'string', length: 200 })
  filename: string;

  @Field(() => String)
  @Property({ type: 'string', length: 32 })
  mimeType: string;

  @Field(() => Int)
  @Property({ type: 'integer' })
  size: number;

  /** Kept in the database: every API process serves it, and it goes with the backups. */
  @Property({ type: 'blob', lazy: true })
  data: Buffer;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Field(() => String)
  get url(): string {
    return `/support/attachments/${this.id}`;
  }

  constructor(owner: Account, filename: string, mimeType: string, data: Buffer) {
    this.owner = owner;
    this.filename = filename;
    this.mimeType = mimeType;
    this.size = data.length;
    this.data = data;
  }
}
