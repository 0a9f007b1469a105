/**
 * Deleting an account (the customer withdraws their consent, 152-ФЗ art. 9). What identifies the person goes; what
 * was done in their name with others stays, anonymous:
 * - gone: name, phone, email, address, password, sessions and integration tokens, push subscriptions, webhooks
 *   (and their undelivered events), meter names, warnings and their settings, own tariffs, support conversations,
 *   callback requests and feedback sent from the cabinet, unused codes and links;
 * - released: every controller and meter bound (the period ends; a new owner binds them with the same claim code);
 * - stopped: every supplier link — what is not yet sent is not sent (status FAILED, reason UNLINKED);
 * - kept: submissions already made, which the suppliers hold too (the account row stays as their holder).
 * One transaction: an outage half-way leaves the account as it was, to be deleted again.
 */
import type { EntityManager } from '@mikro-orm/knex';
import { Alert, AlertPreferences, AlertSettings, AwayPeriod } from '../alerts/alert.entity.js';
import { PushSubscriptionRecord } from '../alerts/push/push-subscription.entity.js';
import { Binding } from '../devices/binding.entity.js';
import { MeterLabel } from '../devices/meter-label.entity.js';
import type { LivePubSub } from '../pubsub/pubsub.js';
import { stopLinks } from '../submissions/stop-links.js';
import { SupplierLink } from '../suppliers/supplier-link.entity.js';
import { CallbackRequest, Feedback, SupportAttachment, SupportMessage, SupportThread } from '../support/support.entities.js';
import { Tariff, TariffVersion } from '../tariffs/tariff.entity.js';
import { Webhook, WebhookDelivery } from '../webhooks/webhook.entity.js';
import { Account } from './account.entity.js';
import { OneTimeToken } from './one-time-token.entity.js';
import { PasswordCredential } from './password.entity.js';
import { PhoneCode } from './phone-code.entity.js';
import { Session } from './session.entity.js';

/** Rows that are the account's alone, by their `account` column: they go whole. */
const OWN_ROWS = [CallbackRequest, Feedback, Alert, AwayPeriod, AlertSettings, AlertPreferences, PushSubscriptionRecord, Webhook, MeterLabel, OneTimeToken, PhoneCode];

/**
 * Every relation of another table to an account, and what erasing the account does with it. A new relation is
 * placed here, or erasure.test.ts (which reads the ORM's metadata) fails: nothing about a person is kept unseen.
 */
export const ACCOUNT_RELATIONS: Record<string, string> = {
  ...Object.fromEntries(OWN_ROWS.map((entity) => [`${entity.name}.account`, 'deleted'])), // webhooks with their deliveries
  'PasswordCredential.account': 'deleted',
  'Session.account': 'deleted (sessions and integration tokens; their sockets close)',
  'Tariff.owner': 'deleted with its versions',
  'SupportThread.account': 'deleted with its messages and their attachments',
  'SupportMessage.author': 'deleted with the customer’s threads; an operator’s answers in others’ threads stay',
  'SupportAttachment.owner': 'deleted, attached or not',
  'Binding.account': 'kept, ended: whose a device was when (no personal data; the next owner binds)',
  'SupplierLink.account': 'kept, stopped: unsent submissions fail UNLINKED',
  'Submission.account': 'kept: the supplier holds the same',
  'CallbackRequest.doneBy': 'kept: an operator’s record of work',
  'SupplierChange.operator': 'kept: an operator’s record of work',
};

export interface Erased {
  /** Sessions and tokens that ended: their sockets are to be closed. */
  sessionIds: number[];
  /** Accounts whose view of their devices changed: this one, and owners of controllers a lone meter of was bound. */
  bindingsChanged: number[];
  /** Controllers and meters released. */
  released: number;
  /** Supplier links stopped. */
  linksStopped: number;
}

/**
 * Tells every API process (through pub/sub) what an erasure ended: the sockets of its sessions and tokens close, and
 * the live streams of the accounts whose devices changed follow.
 */
export function announceErased(pubSub: LivePubSub, erased: Erased): void {
  if (erased.sessionIds.length) pubSub.publish('sessionsRevoked', 0, { sessionIds: erased.sessionIds });
  for (const id of erased.bindingsChanged) pubSub.publish('bindingsChanged', id, { accountId: id });
}

export async function eraseAccount(em: EntityManager, accountId: number, now: Date): Promise<Erased> {
  return em.transactional(async (tx) => {
    const account = await tx.findOneOrFail(Account, { id: accountId, deletedAt: null });

    const bindings = await tx.find(Binding, { account: accountId, unboundAt: null }, { populate: ['meter'] });
    for (const b of bindings) b.unbind(now);
    const loneMeterControllers = bindings.flatMap((b) => (b.meter?.controller ? [b.meter.controller.id] : []));
    const owners = loneMeterControllers.length
      ? (await tx.find(Binding, { controller: { $in: loneMeterControllers }, unboundAt: null, account: { $ne: accountId } })).map((b) => b.account.id)
      : [];

    const links = await tx.find(SupplierLink, { account: accountId, unlinkedAt: null });
    await stopLinks(tx, links, now);

    const ownTariffs = (await tx.find(Tariff, { owner: accountId }, { fields: ['id'] })).map((t) => t.id);
    if (ownTariffs.length) {
      await tx.nativeDelete(TariffVersion, { tariff: { $in: ownTariffs } });
      await tx.nativeDelete(Tariff, { id: { $in: ownTariffs } });
    }
    // Said row by row rather than left to the foreign keys' cascades, so that it holds whatever the engine enforces.
    // A thread goes with its messages, the operators' answers included.
    const threads = (await tx.find(SupportThread, { account: accountId }, { fields: ['id'] })).map((t) => t.id);
    const messages = threads.length ? (await tx.find(SupportMessage, { thread: { $in: threads } }, { fields: ['id'] })).map((m) => m.id) : [];
    await tx.nativeDelete(SupportAttachment, { $or: [{ owner: accountId }, ...(messages.length ? [{ message: { $in: messages } }] : [])] });
    if (messages.length) await tx.nativeDelete(SupportMessage, { id: { $in: messages } });
    await tx.nativeDelete(SupportThread, { account: accountId });
    const webhooks = (await tx.find(Webhook, { account: accountId }, { fields: ['id'] })).map((w) => w.id);
    if (webhooks.length) await tx.nativeDelete(WebhookDelivery, { webhook: { $in: webhooks } });
    for (const entity of OWN_ROWS) await tx.nativeDelete(entity, { account: accountId });
    await tx.nativeDelete(PasswordCredential, { account: accountId });
    const sessionIds = (await tx.find(Session, { account: accountId }, { fields: ['id'] })).map((s) => s.id);
    await tx.nativeDelete(Session, { account: accountId });

    account.erase(now);
    await tx.flush();
    return { sessionIds, bindingsChanged: [accountId, ...new Set(owners)], released: bindings.length, linksStopped: links.length };
  });
}
