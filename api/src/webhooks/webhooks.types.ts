/** The GraphQL shape of integrators' webhooks (api/docs/integrators.md, "Webhooks"). */
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DeliveryStatus } from './webhook.entity.js';

@ObjectType({ description: 'One message to a webhook, with its retries.' })
export class WebhookDeliveryView {
  @Field(() => ID, { description: 'The message’s `id` and its `Idempotency-Key` (the same on every retry).' })
  id!: string;

  @Field(() => String, { description: 'alert.opened, alert.escalated, alert.resolved, alert.acknowledged, alert.muted or ping.' })
  event!: string;

  @Field(() => DeliveryStatus)
  status!: DeliveryStatus;

  @Field(() => Int)
  attempts!: number;

  @Field(() => Int, { nullable: true, description: 'The receiver’s HTTP status at the last attempt; null without an answer.' })
  responseStatus!: number | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed.' })
  error!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  deliveredAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'The next attempt, while PENDING.' })
  nextAttemptAt!: Date | null;
}

@ObjectType({ description: 'Where the account’s events are POSTed, signed with `secret` (X-Askue-Signature).' })
export class WebhookView {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  url!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => String, { nullable: true, description: 'The signing secret (whsec_…); null when read with an access token.' })
  secret!: string | null;

  @Field(() => Date)
  createdAt!: Date;
}
