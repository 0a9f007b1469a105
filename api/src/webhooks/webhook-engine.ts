/**
 * Sends integrators' webhooks: every message is a `WebhookDelivery` row, claimed with a compare-and-set UPDATE
 * (status, attempts and an expired lock in the WHERE clause), so several API processes never send one attempt twice,
 * and a process that dies mid-send leaves a lock that lapses for another to resume. Signed and retried by the rules
 * every webhook of ours follows (delivery/webhook-rules.ts); a message no receiver took within a day fails.
 */
import { randomUUID } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import type { EntityManager } from '@mikro-orm/knex';
import { Agent, fetch, type Response } from 'undici';
import type { Orm } from '../db/orm.js';
import { backoffMs, derivedSecret, sign, SIGNATURE_HEADER } from '../delivery/webhook-rules.js';
import type { Logger } from '../log.js';
import { LoopedEngine } from '../ops/job-loop.js';
import { DeliveryStatus, Webhook, WebhookDelivery } from './webhook.entity.js';

/** A message not taken within this long after it was made fails (the receiver's owner sees it in `deliveries`). */
export const GIVE_UP_AFTER_MS = 24 * 3_600_000;

export interface WebhookEngineDeps {
  orm: Orm;
  log: Logger;
  /** Receivers on loopback and private networks allowed (development and tests); refused in production. */
  allowPrivate: boolean;
  /** Derives each webhook's signing secret (a key of its own, from the server's secret). */
  secretKey: string;
  /** How receivers' names are resolved (default: the system's resolver; tests give their own). */
  lookup?: typeof dnsLookup;
}

/** Addresses a webhook must not reach from the server's network: loopback, private, link-local, unique-local. */
const PRIVATE = new BlockList();
for (const [net, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16]] as const) PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::', 127], ['fc00::', 7], ['fe80::', 10]] as const) PRIVATE.addSubnet(net, bits, 'ipv6');

export function isPrivateAddress(ip: string): boolean {
  const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (v4mapped) return PRIVATE.check(v4mapped[1]!, 'ipv4');
  const family = isIP(ip);
  return family === 4 ? PRIVATE.check(ip, 'ipv4') : family === 6 ? PRIVATE.check(ip, 'ipv6') : false;
}

/** Refused by `guardedLookup`: the message is the delivery's error. */
class PrivateAddressError extends Error {}

/**
 * The resolver of the sender's connections: refuses a name that resolves to a private address (unless they are
 * allowed). It is the lookup the connection itself uses, so the address checked is the address connected to —
 * a name that answers a public address to a check and a private one to the connection (DNS rebinding) cannot
 * get past it, as it could when the name was resolved once to check and again to connect.
 */
function guardedLookup(resolve: typeof dnsLookup, allowPrivate: boolean) {
  return (hostname: string, options: { all?: boolean; family?: number }, callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, options.all ? [] : '');
      const list = addresses as LookupAddress[];
      if (!allowPrivate && list.some((a) => isPrivateAddress(a.address))) {
        return callback(new PrivateAddressError(`${hostname} resolves to a private address`), options.all ? [] : '');
      }
      if (options.all) return callback(null, list);
      if (!list.length) return callback(Object.assign(new Error(`${hostname}: no address`), { code: 'ENOTFOUND' }), '');
      callback(null, list[0].address, list[0].family);
    });
  };
}

/** What a data payload is made of, built only when the account has a webhook. */
export type Payload = () => Promise<Record<string, unknown>>;

export class WebhookEngine extends LoopedEngine {
  /** Connections to receivers, resolved through `guardedLookup`. */
  private readonly dispatcher: Agent;

  constructor(readonly deps: WebhookEngineDeps) {
    super('webhooks', deps.log);
    this.dispatcher = new Agent({ connect: { lookup: guardedLookup(deps.lookup ?? dnsLookup, deps.allowPrivate) as never } });
  }

  protected pass(): Promise<void> {
    return this.sendDue();
  }

  override async stop(): Promise<void> {
    await super.stop();
    await this.dispatcher.close();
  }

  /**
   * The webhook's signing secret: derived from the server's key, the webhook's id and its version, as suppliers'
   * are (submissions/signature.ts), so the database stores none; a webhook from before that keeps its stored one
   * until it is rotated.
   */
  secretOf(hook: Pick<Webhook, 'id' | 'secret' | 'secretVersion'>): string {
    return hook.secret || derivedSecret(this.deps.secretKey, `webhook:${hook.id}`, hook.secretVersion);
  }

  /**
   * Queues `event` for every webhook of the account (none: nothing is built or stored) and sends it soon. The rows
   * are the outbox: a send that fails, or a process that stops, leaves them for the next attempt.
   */
  async enqueue(accountId: number, event: string, data: Payload): Promise<number> {
    const em = this.deps.orm.em.fork();
    const hooks = await em.find(Webhook, { account: accountId });
    if (!hooks.length) return 0;
    const payload = await data();
    for (const hook of hooks) this.message(em, hook, event, payload);
    await em.flush();
    this.kick();
    return hooks.length;
  }

  /** Queues `event` for one webhook (a ping); returns the message's id. */
  async enqueueTo(hook: Webhook, event: string, payload: Record<string, unknown>): Promise<string> {
    const em = this.deps.orm.em.fork();
    const id = this.message(em, em.getReference(Webhook, hook.id), event, payload);
    await em.flush();
    this.kick();
    return id;
  }

  private message(em: EntityManager, hook: Webhook, event: string, payload: Record<string, unknown>): string {
    const at = this.now();
    const id = randomUUID();
    em.persist(new WebhookDelivery(id, hook, event, JSON.stringify({ id, type: event, createdAt: at.toISOString(), data: payload }), at));
    return id;
  }

  /** Claims and sends every message that is due (and whose claim, if any, has lapsed). */
  async sendDue(): Promise<void> {
    const now = this.now();
    const em = this.deps.orm.em.fork();
    const due = await em.find(
      WebhookDelivery,
      { status: { $in: [DeliveryStatus.PENDING, DeliveryStatus.SENDING] }, nextAttemptAt: { $lte: now }, $or: [{ lockedUntil: null }, { lockedUntil: { $lt: now } }] },
      { populate: ['webhook'], orderBy: { nextAttemptAt: 'asc' }, limit: 50 },
    );
    await Promise.all(due.map((d) => this.claimAndSend(em, d)));
  }

  private async claimAndSend(em: EntityManager, d: WebhookDelivery): Promise<void> {
    const now = this.now();
    const claimed = await em.nativeUpdate(
      WebhookDelivery,
      { id: d.id, status: d.status, attempts: d.attempts, $or: [{ lockedUntil: null }, { lockedUntil: { $lt: now } }] },
      { status: DeliveryStatus.SENDING, attempts: d.attempts + 1, lockedBy: this.worker, lockedUntil: new Date(now.getTime() + this.sendTimeoutMs + 60_000) },
    );
    if (claimed !== 1) return;
    const attempt = d.attempts + 1;
    const outcome = await this.post(d).catch((err: Error) => ({ ok: false as const, status: null, error: err.message }));
    const after = this.now();
    const mine = { id: d.id, status: DeliveryStatus.SENDING, lockedBy: this.worker };
    const unlock = { lockedBy: null, lockedUntil: null, responseStatus: outcome.status };
    if (outcome.ok) {
      await em.nativeUpdate(WebhookDelivery, mine, { ...unlock, status: DeliveryStatus.DELIVERED, deliveredAt: after, error: null });
      return;
    }
    const next = new Date(after.getTime() + backoffMs(attempt, this.random));
    const giveUp = next.getTime() - d.createdAt.getTime() > GIVE_UP_AFTER_MS;
    await em.nativeUpdate(WebhookDelivery, mine, { ...unlock, status: giveUp ? DeliveryStatus.FAILED : DeliveryStatus.PENDING, nextAttemptAt: next, error: outcome.error.slice(0, 1000) });
    this.deps.log.warn({ delivery: d.id, webhook: d.webhook.id, attempt, error: outcome.error, next: giveUp ? null : next }, giveUp ? 'webhook not delivered within a day: failed' : 'webhook not delivered: will retry');
  }

  private async post(d: WebhookDelivery): Promise<{ ok: boolean; status: number | null; error: string }> {
    const url = new URL(d.webhook.url);
    // An address in the URL is connected to as it is (no lookup): checked here. A name: by the connection's lookup.
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!this.deps.allowPrivate && isIP(host) && isPrivateAddress(host)) return { ok: false, status: null, error: `${host} is a private address` };
    let res: Response;
    try {
      res = await fetch(url, {
        dispatcher: this.dispatcher,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': d.id,
          'x-askue-event': d.event,
          [SIGNATURE_HEADER]: sign(this.secretOf(d.webhook), d.body, Math.floor(this.now().getTime() / 1000)),
          'user-agent': 'askue-webhooks/1',
        },
        body: d.body,
        redirect: 'error',
        signal: AbortSignal.timeout(this.sendTimeoutMs),
      });
    } catch (err) {
      const e = err as Error;
      if (e.cause instanceof PrivateAddressError) return { ok: false, status: null, error: e.cause.message };
      return { ok: false, status: null, error: e.name === 'TimeoutError' ? `no answer in ${this.sendTimeoutMs} ms` : `not reachable: ${e.message}` };
    }
    await res.body?.cancel().catch(() => undefined);
    return res.ok ? { ok: true, status: res.status, error: '' } : { ok: false, status: res.status, error: `answered ${res.status}` };
  }
}
