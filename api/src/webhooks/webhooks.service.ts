/**
 * An account's webhooks: where its events go (alert changes today), with a secret each that signs them. Addresses are
 * checked when saved (a full https URL; in production not a loopback or private address) and again when each
 * message is sent (a name can resolve elsewhere later: webhook-engine.ts).
 */
import type { EntityManager } from '@mikro-orm/knex';
import { Account } from '../accounts/account.entity.js';
import { lockedFor } from '../db/conflicts.js';
import { NotFoundError, UserInputError, because } from '../errors/client-errors.js';
import { isPrivateAddress, type WebhookEngine } from './webhook-engine.js';
import { Webhook, WebhookDelivery } from './webhook.entity.js';

export const MAX_WEBHOOKS = 5;
export const MAX_URL_LENGTH = 2000;

export interface WebhooksDeps {
  engine: WebhookEngine;
}

export class WebhooksService {
  constructor(
    private readonly em: EntityManager,
    private readonly deps: WebhooksDeps,
  ) {}

  /** What signs the webhook's messages (shown to the account in a signed-in session). */
  secretOf(hook: Webhook): string {
    return this.deps.engine.secretOf(hook);
  }

  list(accountId: number): Promise<Webhook[]> {
    return this.em.find(Webhook, { account: accountId }, { orderBy: { id: 'asc' } });
  }

  async create(accountId: number, url: string, description: string | null, now = new Date()): Promise<Webhook> {
    const target = this.checkUrl(url);
    const text = description?.trim() || null;
    if (text && text.length > 200) throw new UserInputError(because('TEXT_TOO_LONG', { maxLength: 200 }), 'description');
    // Counted and added with the account's row locked: saves at once (two tabs, two API processes) take turns.
    return lockedFor(this.em, Account, accountId, async (em) => {
      if ((await em.count(Webhook, { account: accountId })) >= MAX_WEBHOOKS) throw new UserInputError(because('WEBHOOK_LIMIT', { max: MAX_WEBHOOKS }), 'url');
      const hook = new Webhook(em.getReference(Account, accountId), target, text, now);
      em.persist(hook);
      return hook;
    });
  }

  async remove(accountId: number, id: number): Promise<void> {
    const hook = await this.own(accountId, id);
    await this.em.nativeDelete(WebhookDelivery, { webhook: hook.id });
    await this.em.removeAndFlush(hook);
  }

  async rotateSecret(accountId: number, id: number): Promise<Webhook> {
    const hook = await this.own(accountId, id);
    hook.rotateSecret();
    await this.em.flush();
    return hook;
  }

  /** A `ping` message to this webhook alone: the receiver's answer shows in its deliveries. */
  async ping(accountId: number, id: number): Promise<WebhookDelivery> {
    const hook = await this.own(accountId, id);
    const deliveryId = await this.deps.engine.enqueueTo(hook, 'ping', { webhookId: String(hook.id) });
    return this.em.fork().findOneOrFail(WebhookDelivery, deliveryId);
  }

  /** The newest messages to a webhook. */
  deliveries(webhook: Webhook, first: number): Promise<WebhookDelivery[]> {
    return this.em.fork().find(WebhookDelivery, { webhook: webhook.id }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: first });
  }

  private async own(accountId: number, id: number): Promise<Webhook> {
    const hook = Number.isSafeInteger(id) ? await this.em.findOne(Webhook, { id, account: accountId }) : null;
    if (!hook) throw new NotFoundError(because('WEBHOOK_NOT_FOUND'));
    return hook;
  }

  private checkUrl(url: string): string {
    const text = url.trim();
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      throw new UserInputError(because('WEBHOOK_URL_INVALID'), 'url');
    }
    const allowPrivate = this.deps.engine.deps.allowPrivate;
    const scheme = parsed.protocol === 'https:' || (allowPrivate && parsed.protocol === 'http:');
    if (!scheme || parsed.username || parsed.password || text.length > MAX_URL_LENGTH) throw new UserInputError(because('WEBHOOK_URL_INVALID'), 'url');
    const host = parsed.hostname.replace(/^\[|\]$/g, '');
    if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost') || isPrivateAddress(host))) throw new UserInputError(because('WEBHOOK_URL_PRIVATE'), 'url');
    return parsed.toString();
  }
}
