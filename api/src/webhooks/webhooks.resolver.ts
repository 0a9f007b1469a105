/** Integrators' webhooks in GraphQL: the viewer's webhooks with their recent messages; add, ping, rotate, remove. */
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { requireViewer } from '../accounts/guards.js';
import type { Principal } from '../accounts/session.service.js';
import { SessionKind } from '../accounts/session.entity.js';
import { Viewer } from '../accounts/viewer.resolver.js';
import type { Context } from '../composition.js';
import { UserInputError, because } from '../errors/client-errors.js';
import type { Webhook, WebhookDelivery } from './webhook.entity.js';
import { WebhookDeliveryView, WebhookView } from './webhooks.types.js';

const view = (w: Webhook, principal: Principal, ctx: Context): WebhookView => ({
  id: String(w.id),
  url: w.url,
  description: w.description,
  secret: principal.session.kind === SessionKind.SESSION ? ctx.services.webhooks.secretOf(w) : null,
  createdAt: w.createdAt,
});

const deliveryView = (d: WebhookDelivery): WebhookDeliveryView => ({
  id: d.id,
  event: d.event,
  status: d.status,
  attempts: d.attempts,
  responseStatus: d.responseStatus,
  error: d.error,
  createdAt: d.createdAt,
  deliveredAt: d.deliveredAt,
  nextAttemptAt: d.status === 'PENDING' ? d.nextAttemptAt : null,
});

@Resolver(() => Viewer)
export class ViewerWebhooksResolver {
  @FieldResolver(() => [WebhookView], { description: 'Where your events (warnings) are POSTed, oldest first (at most 5).' })
  async webhooks(@Root() viewer: Viewer, @Ctx() ctx: Context): Promise<WebhookView[]> {
    const principal = requireViewer(ctx);
    return (await ctx.services.webhooks.list(viewer.account.id)).map((w) => view(w, principal, ctx));
  }
}

@Resolver(() => WebhookView)
export class WebhookFieldsResolver {
  @FieldResolver(() => [WebhookDeliveryView], { description: 'The newest messages to this webhook (at most 50).' })
  async deliveries(@Root() hook: WebhookView, @Arg('first', () => Int, { defaultValue: 10 }) first: number, @Ctx() ctx: Context): Promise<WebhookDeliveryView[]> {
    const principal = requireViewer(ctx);
    if (first < 1 || first > 50) throw new UserInputError(because('PAGE_SIZE_RANGE', { max: 50 }), 'first');
    const own = (await ctx.services.webhooks.list(principal.account.id)).find((w) => String(w.id) === hook.id);
    return own ? (await ctx.services.webhooks.deliveries(own, first)).map(deliveryView) : [];
  }
}

@Resolver()
export class WebhooksResolver {
  @Mutation(() => WebhookView, { description: 'A webhook: your warnings are POSTed to `url` (https), signed with the secret it shows.' })
  async createWebhook(@Arg('url', () => String) url: string, @Arg('description', () => String, { nullable: true }) description: string | null, @Ctx() ctx: Context): Promise<WebhookView> {
    const principal = requireViewer(ctx);
    return view(await ctx.services.webhooks.create(principal.account.id, url, description), principal, ctx);
  }

  @Mutation(() => Boolean, { description: 'Removes a webhook and its messages.' })
  async deleteWebhook(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    const principal = requireViewer(ctx);
    await ctx.services.webhooks.remove(principal.account.id, Number(id));
    return true;
  }

  @Mutation(() => WebhookView, { description: 'A new signing secret; the old one stops signing at once.' })
  async rotateWebhookSecret(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<WebhookView> {
    const principal = requireViewer(ctx);
    return view(await ctx.services.webhooks.rotateSecret(principal.account.id, Number(id)), principal, ctx);
  }

  @Mutation(() => WebhookDeliveryView, { description: 'Sends a `ping` message to the webhook now (to check the receiver and its signature check).' })
  async pingWebhook(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<WebhookDeliveryView> {
    const principal = requireViewer(ctx);
    return deliveryView(await ctx.services.webhooks.ping(principal.account.id, Number(id)));
  }
}
