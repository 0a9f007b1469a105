/**
 * Integrators' webhooks: an account's endpoint (`Webhook`) and each message sent to it (`WebhookDelivery`), which is
 * also the job — a worker claims it with a compare-and-set UPDATE, so several API processes never send one attempt
 * twice (the same design as submissions/engine.ts).
 */
import { Entity, Index, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Account } from '../accounts/account.entity.js';
import { graphqlEnum, type EnumValue } from '../schema/enum.js';

@Entity({ tableName: 'webhook' })
export class Webhook {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => Account, deleteRule: 'cascade', index: true })
  account: Rel<Account>;

  @Property({ type: 'string', length: 2000 })
  url: string;

  @Property({ type: 'string', length: 200, nullable: true })
  description: string | null;

  /**
   * A secret stored before secrets were derived (webhook-engine.ts `secretOf`): signs until the first rotation.
   * Empty for every webhook since — a copy of the database holds nothing to sign with. (Empty rather than null:
   * SQLite cannot drop the column's NOT NULL without rebuilding the table, and a rebuild would cascade-delete
   * the webhook's messages.)
   */
  @Property({ type: 'string', length: 100 })
  secret: string;

  /** Part of the derived signing secret: raising it rotates the secret. */
  @Property({ type: 'integer', default: 1 })
  secretVersion = 1;

  @Property({ type: 'datetime' })
  createdAt: Date;

  constructor(account: Account | Rel<Account>, url: string, description: string | null, at: Date) {
    // (Also keeps MikroORM from reading the empty `secret` below as a column default: SQLite cannot add one to an
    // existing column without the rebuild explained above.)
    if (!account) throw new Error('a webhook belongs to an account');
    this.account = account as Rel<Account>;
    this.url = url;
    this.description = description;
    this.secret = '';
    this.createdAt = at;
  }

  /** A new secret (the next derived one; a stored one is dropped); messages already waiting are signed with it when sent. */
  rotateSecret(): void {
    this.secret = '';
    this.secretVersion += 1;
  }
}

export const DeliveryStatus = graphqlEnum('WebhookDeliveryStatus', undefined, {
  PENDING: 'Waiting to be sent (or for its next retry: `nextAttemptAt`).',
  SENDING: 'Being sent now.',
  DELIVERED: 'The receiver answered 2xx.',
  FAILED: 'No receiver took it within a day of retries.',
});
export type DeliveryStatus = EnumValue<typeof DeliveryStatus>;

@Entity({ tableName: 'webhook_delivery' })
@Index({ name: 'webhook_delivery_due', properties: ['status', 'nextAttemptAt'] })
export class WebhookDelivery {
  /** The message's id: the body's `id` and the `Idempotency-Key` header, the same on every retry. */
  @PrimaryKey({ type: 'string', length: 36 })
  id: string;

  @ManyToOne({ entity: () => Webhook, deleteRule: 'cascade', index: true })
  webhook: Rel<Webhook>;

  /** alert.opened, alert.escalated, alert.resolved, alert.acknowledged, alert.muted, ping. */
  @Property({ type: 'string', length: 40 })
  event: string;

  @Property({ type: 'text' })
  body: string;

  @Property({ type: 'string', length: 16 })
  status: DeliveryStatus = DeliveryStatus.PENDING;

  @Property({ type: 'integer' })
  attempts = 0;

  @Property({ type: 'datetime' })
  nextAttemptAt: Date;

  @Property({ type: 'string', length: 64, nullable: true })
  lockedBy: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  lockedUntil: Date | null = null;

  /** The receiver's HTTP status of the last attempt (null: no answer). */
  @Property({ type: 'integer', nullable: true })
  responseStatus: number | null = null;

  @Property({ type: 'string', length: 1000, nullable: true })
  error: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date;

  @Property({ type: 'datetime', nullable: true })
  deliveredAt: Date | null = null;

  constructor(id: string, webhook: Webhook | Rel<Webhook>, event: string, body: string, at: Date) {
    this.id = id;
    this.webhook = webhook as Rel<Webhook>;
    this.event = event;
    this.body = body;
    this.nextAttemptAt = at;
    this.createdAt = at;
  }
}
