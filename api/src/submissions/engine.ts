/**
 * The delivery engine, one per API process: makes each linked meter's submission when its supplier's window
 * opens, sends what is due, retries with exponential backoff and jitter inside the window, and fails what the
 * window closed on (telling the customer).
 *
 * The submission row is the job. A worker claims it with a compare-and-set UPDATE (status, attempts and an expired
 * or empty lease in the WHERE clause): on PostgreSQL a second worker's UPDATE waits for the first one's row lock and
 * then matches nothing, on SQLite the single writer serialises them — so two processes never send one attempt twice.
 * A worker killed while sending leaves its lease; when the lease lapses another claims the same row and sends the
 * same body with the same Idempotency-Key. Every change after the send is conditional on the claim still being ours.
 * The clock is injectable (`now`), so tests drive a whole window in milliseconds.
 */
import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { Account } from '../accounts/account.entity.js';
import type { Channels } from '../delivery/channels.js';
import type { Orm } from '../db/orm.js';
import type { Logger } from '../log.js';
import type { LivePubSub } from '../pubsub/pubsub.js';
import { SupplierLink } from '../suppliers/supplier-link.entity.js';
import { Supplier, SupplierChannel } from '../suppliers/supplier.entity.js';
import { sendEmail } from './email.js';
import { customerNotice } from './notices.js';
import { supplierSecret } from './signature.js';
import { backoffMs } from '../delivery/webhook-rules.js';
import { LoopedEngine } from '../ops/job-loop.js';
import { SUBMISSION_REASONS } from './reasons.js';
import { linksWithoutMeter, stopLinks } from './stop-links.js';
import { Submission, SubmissionStatus, type SubmittedValue } from './submission.entity.js';
import { valuesAt } from './values.js';
import { sendWebhook, type Outcome } from './webhook.js';
import { periodAt, windowOf, type Window } from './window.js';

export interface EngineDeps {
  orm: Orm;
  log: Logger;
  channels: Channels;
  pubSub: LivePubSub;
  /** Derives each supplier's webhook secret. */
  secretKey: string;
  publicUrl: () => string;
  smtpUrl?: string;
  mailFrom: () => string;
}

export class SubmissionEngine extends LoopedEngine {
  constructor(readonly deps: EngineDeps) {
    super('submissions', deps.log);
  }

  protected pass(): Promise<void> {
    return this.tick();
  }

  secretOf(supplier: { id: number; secretVersion: number }): string {
    return supplierSecret(this.deps.secretKey, supplier);
  }

  receiptUrl(): string {
    return `${this.deps.publicUrl()}/suppliers/receipts`;
  }

  /** One pass: make the submissions that are due, send what is due, fail what the window closed on. */
  async tick(): Promise<void> {
    await this.makeDue();
    await this.refillAwaiting();
    await this.sendDue();
    await this.closeWindows();
  }

  /** Makes this period's submission of every active link whose window has reached its submission time. */
  async makeDue(): Promise<void> {
    const now = this.now();
    const em = this.deps.orm.em.fork();
    const all = await em.find(SupplierLink, { unlinkedAt: null }, { populate: ['supplier', 'meter', 'account'] });
    // A link whose meter is no longer its customer's (unbound before unbinding stopped links, or its controller's
    // binding ended some other way) stops here instead of submitting someone else's readings.
    const orphaned = new Set(await linksWithoutMeter(em, all));
    if (orphaned.size) {
      await stopLinks(em, [...orphaned], now);
      this.deps.log.warn({ links: [...orphaned].map((l) => l.id) }, 'submissions: stopped links whose meter is no longer their customer’s');
    }
    const links = all.filter((l) => !orphaned.has(l));
    const inWindow = links.flatMap((link) => {
      const w = windowOf(periodAt(now, link.supplier), link.supplier);
      return now >= w.submitAt && now < w.closesAt ? [{ link, w }] : [];
    });
    if (inWindow.length === 0) return;
    // One query for what this pass would find already made, instead of one per link on every pass.
    const made = await em.fork().find(
      Submission,
      { meter: { $in: [...new Set(inWindow.map(({ link }) => link.meter.id))] }, period: { $in: [...new Set(inWindow.map(({ w }) => w.period))] } },
      { fields: ['meter', 'supplier', 'accountNumber', 'period'] },
    );
    const key = (meterId: number, supplierId: number, accountNumber: string, period: string) => `${meterId} ${supplierId} ${accountNumber} ${period}`;
    const exists = new Set(made.map((s) => key(s.meter.id, s.supplier.id, s.accountNumber, s.period)));
    for (const { link, w } of inWindow) {
      if (!exists.has(key(link.meter.id, link.supplier.id, link.accountNumber, w.period))) await this.make(em, link, w, w.submitAt, null);
    }
  }

  /**
   * Makes a link's submission for a window: its values taken at `readingsAt` (or given by the customer), fixed
   * once. Returns the one that exists when another process made it first (the unique key decides).
   */
  async make(em: EntityManager, link: SupplierLink, w: Window, readingsAt: Date, byCustomer: SubmittedValue[] | null): Promise<Submission> {
    const now = this.now();
    const submission = new Submission({
      meter: link.meter,
      supplier: link.supplier,
      account: link.account,
      accountNumber: link.accountNumber,
      period: w.period,
      idempotencyKey: randomUUID(),
      at: now,
      closesAt: w.closesAt,
    });
    await this.fill(em, submission, readingsAt, byCustomer);
    try {
      await em.fork().persistAndFlush(submission);
    } catch (err) {
      if (!(err instanceof UniqueConstraintViolationException)) throw err;
      return em.findOneOrFail(Submission, { meter: link.meter, supplier: link.supplier, accountNumber: link.accountNumber, period: w.period }, { refresh: true });
    }
    this.published(submission);
    if (submission.status === SubmissionStatus.AWAITING_VALUES) await this.tell(submission, 'stale');
    return submission;
  }

  /**
   * Submissions waiting for values get them when the readings as of their cut-off arrive late: a modem that was offline
   * uploads its buffered history (the demo's simulator does the same on start). Still the latest reading not after the
   * cut-off, never a later one; a compare-and-set update so that of several processes only one fixes the values.
   */
  async refillAwaiting(): Promise<void> {
    const now = this.now();
    const em = this.deps.orm.em.fork();
    const awaiting = await em.find(
      Submission,
      { status: SubmissionStatus.AWAITING_VALUES, windowClosesAt: { $gt: now } },
      { populate: ['supplier', 'meter'], orderBy: { id: 'asc' }, limit: 200 },
    );
    for (const s of awaiting) {
      const supplier = s.supplier as Supplier;
      const cutoff = windowOf(s.period, supplier).submitAt;
      if (cutoff > now) continue;
      const taken = await valuesAt(em, s.meter, supplier.volumeDecimals, cutoff);
      if (!taken || taken.stale) continue;
      const body = this.body(s, taken.values, taken.readingTime, false);
      const updated = await em.nativeUpdate(
        Submission,
        { id: s.id, status: SubmissionStatus.AWAITING_VALUES, body: null },
        { valuesJson: JSON.stringify(taken.values), readingTime: taken.readingTime, enteredByCustomer: false, body, status: SubmissionStatus.SCHEDULED, reason: null, nextAttemptAt: now, updatedAt: now },
      );
      if (updated !== 1) continue; // the customer entered values, or another process got there first
      this.published(s, SubmissionStatus.SCHEDULED);
    }
  }

  /** Takes the values (or the customer's) into a submission not yet made or awaiting values. */
  async fill(em: EntityManager, submission: Submission, readingsAt: Date, byCustomer: SubmittedValue[] | null): Promise<void> {
    const now = this.now();
    const supplier = submission.supplier as Supplier;
    if (byCustomer) {
      submission.setValues(byCustomer, null, true, this.body(submission, byCustomer, null, true), now);
      return;
    }
    const taken = await valuesAt(em, submission.meter, supplier.volumeDecimals, readingsAt);
    if (!taken || taken.stale) submission.awaitValues(now);
    else submission.setValues(taken.values, taken.readingTime, false, this.body(submission, taken.values, taken.readingTime, false), now);
  }

  /** The JSON body of the webhook contract (api/docs/suppliers.md), version 1. */
  body(s: Submission, values: SubmittedValue[], readingTime: Date | null, byCustomer: boolean): string {
    return JSON.stringify({
      version: 1,
      idempotencyKey: s.idempotencyKey,
      period: s.period,
      supplier: { inn: s.supplier.inn, name: s.supplier.name },
      accountNumber: s.accountNumber,
      meter: { serial: s.meter.serial, resource: s.meter.kind },
      readings: values,
      readingTime: readingTime?.toISOString() ?? null,
      enteredByCustomer: byCustomer,
      receiptUrl: this.receiptUrl(),
    });
  }

  /** Claims and sends every submission that is due (and whose claim, if any, has lapsed). */
  async sendDue(): Promise<void> {
    const now = this.now();
    const em = this.deps.orm.em.fork();
    const due = await em.find(
      Submission,
      {
        status: { $in: [SubmissionStatus.SCHEDULED, SubmissionStatus.SENDING] },
        nextAttemptAt: { $lte: now },
        windowClosesAt: { $gt: now },
        $or: [{ lockedUntil: null }, { lockedUntil: { $lt: now } }],
      },
      { populate: ['supplier', 'meter'], orderBy: { nextAttemptAt: 'asc' }, limit: 50 },
    );
    await Promise.all(due.map((s) => this.claimAndSend(em, s)));
  }

  private async claimAndSend(em: EntityManager, s: Submission): Promise<void> {
    const now = this.now();
    const claimed = await em.nativeUpdate(
      Submission,
      { id: s.id, status: s.status, attempts: s.attempts, $or: [{ lockedUntil: null }, { lockedUntil: { $lt: now } }] },
      { status: SubmissionStatus.SENDING, attempts: s.attempts + 1, lockedBy: this.worker, lockedUntil: new Date(now.getTime() + this.sendTimeoutMs + 60_000), updatedAt: now },
    );
    if (claimed !== 1) return;
    s.attemptClaimed();
    this.published(s, SubmissionStatus.SENDING);
    let outcome: Outcome;
    try {
      outcome = s.channel === SupplierChannel.WEBHOOK ? await sendWebhook(s, this.secretOf(s.supplier), this.sendTimeoutMs, this.now) : await sendEmail(s, this.deps, this.now());
    } catch (err) {
      outcome = { ok: false, error: (err as Error).message };
    }
    const after = this.now();
    const mine = { id: s.id, status: SubmissionStatus.SENDING, lockedBy: this.worker };
    const unlock = { lockedBy: null, lockedUntil: null, updatedAt: after };
    let status: SubmissionStatus;
    if (outcome.ok) {
      status = outcome.verdict === 'accepted' ? SubmissionStatus.ACCEPTED : outcome.verdict === 'rejected' ? SubmissionStatus.REJECTED : SubmissionStatus.DELIVERED;
      const updated = await em.nativeUpdate(Submission, mine, {
        ...unlock,
        status,
        deliveredAt: after,
        decidedAt: outcome.verdict ? after : null,
        reason: outcome.reason ?? null,
        reasonMessage: outcome.message ?? null,
      });
      if (updated !== 1) return; // a receipt got there first, or our claim lapsed and another worker owns it
    } else {
      status = SubmissionStatus.SCHEDULED;
      const next = new Date(after.getTime() + backoffMs(s.attempts, this.random));
      const updated = await em.nativeUpdate(Submission, mine, { ...unlock, status, nextAttemptAt: next, reasonMessage: outcome.error.slice(0, 1000) });
      this.deps.log.warn({ submission: s.id, attempt: s.attempts, error: outcome.error, next }, 'submission not delivered: will retry');
      if (updated !== 1) return;
    }
    this.published(s, status, outcome.ok ? (outcome.message ?? outcome.reason ?? null) : null);
  }

  /** Fails what the window closed on: it can no longer reach the supplier; the customer is told what to do. */
  async closeWindows(): Promise<void> {
    const now = this.now();
    const em = this.deps.orm.em.fork();
    const closed = await em.find(Submission, {
      status: { $in: [SubmissionStatus.SCHEDULED, SubmissionStatus.SENDING, SubmissionStatus.AWAITING_VALUES] },
      windowClosesAt: { $lte: now },
      $or: [{ lockedUntil: null }, { lockedUntil: { $lt: now } }],
    }, { populate: ['supplier', 'meter'] });
    for (const s of closed) {
      const reason = s.status === SubmissionStatus.AWAITING_VALUES ? SUBMISSION_REASONS.NO_FRESH_READINGS : SUBMISSION_REASONS.WINDOW_CLOSED;
      const updated = await em.nativeUpdate(
        Submission,
        { id: s.id, status: s.status, $or: [{ lockedUntil: null }, { lockedUntil: { $lt: now } }] },
        { status: SubmissionStatus.FAILED, reason, lockedBy: null, lockedUntil: null, updatedAt: now },
      );
      if (updated !== 1) continue;
      s.failedFor(reason);
      this.published(s);
      await this.tell(s, 'failed');
    }
  }

  /** A supplier's verdict by receipt (after a delivery without one, or while an attempt is still waiting for its answer). */
  async verdict(em: EntityManager, s: Submission, verdict: 'accepted' | 'rejected', reason: string | null, message: string | null): Promise<'applied' | 'same' | 'conflict'> {
    const status = verdict === 'accepted' ? SubmissionStatus.ACCEPTED : SubmissionStatus.REJECTED;
    if (s.status === status) return 'same';
    if (s.status !== SubmissionStatus.DELIVERED && s.status !== SubmissionStatus.SENDING) return 'conflict';
    const now = this.now();
    const updated = await em.nativeUpdate(
      Submission,
      { id: s.id, status: s.status },
      { status, reason, reasonMessage: message, decidedAt: now, deliveredAt: s.deliveredAt ?? now, lockedBy: null, lockedUntil: null, updatedAt: now },
    );
    if (updated !== 1) return 'conflict';
    s.decided(status, reason, message);
    this.published(s);
    return 'applied';
  }

  /** Told of every status change after it is stored (the warnings: alerts/alert-job.ts). */
  onStatus: ((change: { accountId: number; meterId: number; supplierId: number; status: SubmissionStatus; reason: string | null }) => void) | null = null;

  published(s: Submission, status = s.status, reason: string | null = s.reasonMessage ?? s.reason): void {
    const accountId = typeof s.account === 'object' ? s.account.id : Number(s.account);
    this.deps.pubSub.publish('submission', accountId, { submissionId: s.id, meterId: s.meter.id, status });
    this.onStatus?.({ accountId, meterId: s.meter.id, supplierId: s.supplier.id, status, reason });
  }

  /** Tells the customer by email (when they have one); the cabinet shows the status in any case. */
  private async tell(s: Submission, what: 'stale' | 'failed'): Promise<void> {
    try {
      const em = this.deps.orm.em.fork();
      const account = await em.findOne(Account, s.account.id);
      const supplier = await em.findOneOrFail(Supplier, s.supplier.id);
      if (!account?.email) return;
      const notice = customerNotice(what, { serial: s.meter.serial, supplier: supplier.name, period: s.period, closesAt: s.windowClosesAt, timeZone: account.timeZone, link: `${this.deps.publicUrl()}/meters/${s.meter.id}#submissions-title` }, account.language);
      await this.deps.channels.email({ to: account.email, subject: notice.subject, text: notice.text });
    } catch (err) {
      this.deps.log.error({ err, submission: s.id }, 'submissions: the customer could not be told');
    }
  }
}
