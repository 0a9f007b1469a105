/**
 * Submissions as customers and operators act on them: linking a meter to a supplier account, the next submission
 * date, «Передать сейчас», values entered by hand, the history; operators list and re-send.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/knex';
import { Account, Role } from '../accounts/account.entity.js';
import type { Principal } from '../accounts/session.service.js';
import { againOnConflict } from '../db/conflicts.js';
import type { AccessService } from '../devices/access.service.js';
import { Meter } from '../devices/meter.entity.js';
import { ForbiddenError, NotFoundError, UserInputError, because } from '../errors/client-errors.js';
import { SupplierLink } from '../suppliers/supplier-link.entity.js';
import { Supplier } from '../suppliers/supplier.entity.js';
import type { SubmissionEngine } from './engine.js';
import { FINAL, Submission, SubmissionStatus } from './submission.entity.js';
import { stopLinks } from './stop-links.js';
import { customerValues, STALE_AFTER_MS, valuesAt } from './values.js';
import { nextPeriod, periodAt, windowOf, windowOpenAt } from './window.js';

export interface Page<T> {
  nodes: T[];
  hasNextPage: boolean;
  totalCount: number;
}

const cursorOf = (id: number) => Buffer.from(`s:${id}`).toString('base64url');
function afterId(after: string | null): number | null {
  if (!after) return null;
  const m = /^s:(\d+)$/.exec(Buffer.from(after, 'base64url').toString());
  if (!m) throw new UserInputError(because('CURSOR'), 'after');
  return Number(m[1]);
}
export { cursorOf };

export class SubmissionsService {
  constructor(
    private readonly em: EntityManager,
    private readonly access: AccessService,
    private readonly engine: SubmissionEngine,
  ) {}

  private now(): Date {
    return this.engine.now();
  }

  /** The viewer's active links of a meter they may see. */
  async linksOf(principal: Principal, meter: Meter): Promise<SupplierLink[]> {
    return this.em.find(SupplierLink, { meter, account: principal.account.id, unlinkedAt: null }, { populate: ['supplier'], orderBy: { id: 'asc' } });
  }

  async link(principal: Principal, meterId: number, supplierId: number, accountNumberInput: string, agree: boolean): Promise<SupplierLink> {
    const access = Number.isSafeInteger(meterId) ? await this.access.accessTo(principal.account, meterId) : null;
    if (!access) throw new ForbiddenError(because('METER_NOT_YOURS', { meterId: String(meterId) }));
    const supplier = Number.isSafeInteger(supplierId) ? await this.em.findOne(Supplier, supplierId) : null;
    if (!supplier) throw new NotFoundError(because('SUPPLIER_NOT_FOUND', { id: String(supplierId) }));
    if (!agree) throw new UserInputError(because('CONSENT_REQUIRED'), 'agree');
    if (!supplier.bills(access.meter.kind)) {
      throw new UserInputError(because('SUPPLIER_RESOURCE', { supplier: supplier.name, resource: access.meter.kind }), 'supplierId');
    }
    const accountNumber = accountNumberInput.trim().replace(/\s+/g, '');
    if (!supplier.accountNumberFits(accountNumber)) {
      throw new UserInputError(because('ACCOUNT_NUMBER_FORMAT', { accountNumber, supplier: supplier.name, pattern: supplier.accountPattern, example: supplier.accountExample }), 'accountNumber');
    }
    // Two links asked for at once (two tabs): the unique index over active links lets one in; the other, run again,
    // finds it and answers with it (the same number) or LINK_EXISTS.
    return againOnConflict(this.em, async (em) => {
      const existing = await em.findOne(SupplierLink, { meter: access.meter.id, supplier: supplier.id, unlinkedAt: null }, { populate: ['supplier', 'meter'] });
      if (existing) {
        if (existing.account.id === principal.account.id && existing.accountNumber === accountNumber) return existing;
        throw new UserInputError(because('LINK_EXISTS', { supplier: supplier.name }), 'supplierId');
      }
      const link = new SupplierLink(em.getReference(Account, principal.account.id), em.getReference(Meter, access.meter.id), em.getReference(Supplier, supplier.id), accountNumber, this.now());
      await em.persistAndFlush(link);
      await em.populate(link, ['supplier', 'meter']);
      return link;
    });
  }

  private async ownLink(principal: Principal, linkId: number): Promise<SupplierLink> {
    const link = Number.isSafeInteger(linkId) ? await this.em.findOne(SupplierLink, { id: linkId, account: principal.account.id, unlinkedAt: null }, { populate: ['supplier', 'meter', 'account'] }) : null;
    // Someone else's link is reported as missing: its existence is not the caller's to learn.
    if (!link) throw new NotFoundError(because('LINK_NOT_FOUND', { linkId: String(linkId) }));
    // The meter must still be theirs (a tenant who moved out no longer submits).
    if (!(await this.access.accessTo(principal.account, link.meter.id))) throw new NotFoundError(because('LINK_NOT_FOUND', { linkId: String(linkId) }));
    return link;
  }

  /** Stops the submissions of a link; the history stays, and what is not yet sent is not sent. */
  async unlink(principal: Principal, linkId: number): Promise<boolean> {
    await stopLinks(this.em, [await this.ownLink(principal, linkId)], this.now());
    return true;
  }

  /** The submission time of the next period with nothing made yet. */
  async nextSubmissionAt(link: SupplierLink): Promise<Date> {
    const now = this.now();
    const w = windowOf(periodAt(now, link.supplier), link.supplier);
    if (now < w.closesAt) {
      const made = await this.em.count(Submission, { meter: link.meter, supplier: link.supplier, accountNumber: link.accountNumber, period: w.period });
      if (!made) return w.submitAt > now ? w.submitAt : now;
    }
    return windowOf(nextPeriod(w.period), link.supplier).submitAt;
  }

  windowOpen(link: SupplierLink): boolean {
    return windowOpenAt(this.now(), link.supplier) !== null;
  }

  /** «Передать сейчас»: this period's submission with the values as of now (or the one already made). */
  async submitNow(principal: Principal, linkId: number): Promise<Submission> {
    const link = await this.ownLink(principal, linkId);
    const now = this.now();
    const w = this.openWindow(link);
    const existing = await this.em.findOne(Submission, { meter: link.meter, supplier: link.supplier, accountNumber: link.accountNumber, period: w.period }, { populate: ['supplier', 'meter'] });
    if (existing) {
      if (existing.status === SubmissionStatus.AWAITING_VALUES) {
        await this.engine.fill(this.em, existing, now, null);
        await this.em.flush();
        this.engine.published(existing);
      } else if (existing.status === SubmissionStatus.SCHEDULED) {
        await this.em.nativeUpdate(Submission, { id: existing.id, status: SubmissionStatus.SCHEDULED }, { nextAttemptAt: now });
      }
      this.engine.kick();
      return existing;
    }
    const made = await this.engine.make(this.em, link, w, now, null);
    this.engine.kick();
    return made;
  }

  /** Values typed by the customer, only when the meter has nothing fresh to send (never instead of a fresh reading). */
  async enterValues(principal: Principal, linkId: number, input: Array<{ register: string; value: string }>): Promise<Submission> {
    const link = await this.ownLink(principal, linkId);
    const now = this.now();
    const w = this.openWindow(link);
    const taken = await valuesAt(this.em, link.meter, link.supplier.volumeDecimals, now);
    if (taken && !taken.stale) {
      throw new UserInputError(because('READINGS_FRESH', { readingTime: taken.readingTime.toISOString() }));
    }
    const values = customerValues(link.meter, link.supplier.volumeDecimals, input);
    if ('bad' in values) {
      const params = { register: values.register ?? '', decimals: link.supplier.volumeDecimals };
      throw new UserInputError(values.bad === 'REGISTERS' ? because('VALUE_REGISTERS', params) : because('VALUE_FORMAT', params), 'values');
    }
    const existing = await this.em.findOne(Submission, { meter: link.meter, supplier: link.supplier, accountNumber: link.accountNumber, period: w.period }, { populate: ['supplier', 'meter'] });
    if (existing) {
      if (existing.status !== SubmissionStatus.AWAITING_VALUES) {
        throw new UserInputError(because('ALREADY_SUBMITTED', { period: w.period, status: existing.status }));
      }
      await this.engine.fill(this.em, existing, now, values);
      await this.em.flush();
      this.engine.published(existing);
      this.engine.kick();
      return existing;
    }
    const made = await this.engine.make(this.em, link, w, now, values);
    this.engine.kick();
    return made;
  }

  private openWindow(link: SupplierLink) {
    const now = this.now();
    const w = windowOpenAt(now, link.supplier);
    if (!w) {
      const next = windowOf(periodAt(now, link.supplier), link.supplier);
      const opens = next.closesAt <= now ? windowOf(nextPeriod(next.period), link.supplier).submitAt : next.submitAt;
      throw new UserInputError(because('WINDOW_CLOSED', { opensAt: opens.toISOString(), supplier: link.supplier.name }));
    }
    return w;
  }

  /** A link's history, newest first. */
  historyOf(link: SupplierLink, first: number, after: string | null): Promise<Page<Submission>> {
    return this.page({ meter: link.meter, supplier: link.supplier, accountNumber: link.accountNumber }, first, after);
  }

  /** Operators: the submissions of a supplier (and a period, a status). */
  async ofSupplier(supplierId: number, period: string | null, status: SubmissionStatus | null, first: number, after: string | null): Promise<Page<Submission>> {
    if (period != null && !/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) throw new UserInputError(because('PERIOD'), 'period');
    if (!Number.isSafeInteger(supplierId) || !(await this.em.count(Supplier, supplierId))) throw new NotFoundError(because('SUPPLIER_NOT_FOUND', { id: String(supplierId) }));
    return this.page({ supplier: supplierId, ...(period ? { period } : {}), ...(status ? { status } : {}) }, first, after);
  }

  private async page(where: Record<string, unknown>, first: number, after: string | null): Promise<Page<Submission>> {
    if (!Number.isInteger(first) || first < 1 || first > 100) throw new UserInputError(because('PAGE_SIZE', { min: 1, max: 100 }), 'first');
    const before = afterId(after);
    const [rows, totalCount] = await Promise.all([
      this.em.find(Submission, { ...where, ...(before !== null ? { id: { $lt: before } } : {}) }, { populate: ['supplier', 'meter'], orderBy: { id: 'desc' }, limit: first + 1 }),
      this.em.count(Submission, where),
    ]);
    return { nodes: rows.slice(0, first), hasNextPage: rows.length > first, totalCount };
  }

  /**
   * Operators: sends a submission again (the same body) while the supplier's window is open; the same idempotency
   * key, except after a rejection (Submission.resendChanges).
   */
  async resend(id: number): Promise<Submission> {
    const s = Number.isSafeInteger(id) ? await this.em.findOne(Submission, id, { populate: ['supplier', 'meter'] }) : null;
    if (!s) throw new NotFoundError(because('SUBMISSION_NOT_FOUND', { id: String(id) }));
    if (!s.body) throw new UserInputError(because('NO_VALUES'));
    const now = this.now();
    if (s.windowClosesAt <= now) throw new UserInputError(because('WINDOW_CLOSED', { closedAt: s.windowClosesAt.toISOString() }));
    if (!FINAL.includes(s.status)) return s;
    await this.em.nativeUpdate(Submission, { id: s.id, status: s.status }, s.resendChanges(now, randomUUID));
    await this.em.refresh(s);
    this.engine.published(s);
    this.engine.kick();
    return s;
  }

  /** A submission as it is committed now (on an EntityManager of its own: an event may come after this one read it). */
  current(id: number): Promise<Submission> {
    return this.em.fork().findOneOrFail(Submission, id, { populate: ['supplier', 'meter'] });
  }

  /** The meter of a supplier account. */
  meterOf(link: SupplierLink): Promise<Meter> {
    return this.em.findOneOrFail(Meter, link.meter.id);
  }

  /** A submission the viewer may see (their own; operators any), for subscriptions. */
  async visible(principal: Principal, id: number): Promise<Submission | null> {
    const s = await this.em.findOne(Submission, id, { populate: ['supplier', 'meter'] });
    if (!s) return null;
    if (principal.account.role !== Role.OPERATOR && s.account.id !== principal.account.id) return null;
    return s;
  }
}

export { STALE_AFTER_MS };
