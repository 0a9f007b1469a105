/**
 * A browser or installed app that receives the account's warnings by Web Push: the endpoint its push service gave it
 * and the keys the message is encrypted for (RFC 8291). Made from the profile («Уведомления на этом устройстве»);
 * removed when the customer turns them off there, or when the push service says the subscription is gone (404/410).
 */
import { Entity, Index, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Account } from '../../accounts/account.entity.js';

@Entity({ tableName: 'push_subscription' })
@Index({ name: 'push_subscription_by_account', properties: ['account'] })
export class PushSubscriptionRecord {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => Account, deleteRule: 'cascade' })
  account: Rel<Account>;

  /** The push service's URL for this browser; one subscription per endpoint (a browser subscribing again replaces it). */
  @Property({ type: 'string', length: 1000, unique: true })
  endpoint: string;

  @Property({ type: 'string', length: 200 })
  p256dh: string;

  @Property({ type: 'string', length: 100 })
  auth: string;

  @Property({ type: 'datetime' })
  createdAt: Date;

  @Property({ type: 'datetime', nullable: true })
  lastSentAt: Date | null = null;

  constructor(account: Account | Rel<Account>, endpoint: string, keys: { p256dh: string; auth: string }, at: Date) {
    this.account = account as Rel<Account>;
    this.endpoint = endpoint;
    this.p256dh = keys.p256dh;
    this.auth = keys.auth;
    this.createdAt = at;
  }

  /** The same browser subscribed again (for this account, or now for another one signed in on it). */
  renew(account: Account | Rel<Account>, keys: { p256dh: string; auth: string }, at: Date): void {
    this.account = account as Rel<Account>;
    this.p256dh = keys.p256dh;
    this.auth = keys.auth;
    this.createdAt = at;
  }

  sent(at: Date): void {
    this.lastSentAt = at;
  }
}
