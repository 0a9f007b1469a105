/**
 * Binding and unbinding: what turns an account into a customer. Bind by serial and the claim code from the
 * device's label (or its QR code); binding a controller binds its meters. Wrong guesses are limited per
 * account and per client address — not per device, so that strangers cannot lock an owner out — and a wrong
 * serial answers exactly like a wrong code. Unbinding keeps the history and frees the device for its next owner.
 */
import { timingSafeEqual } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/knex';
import { Account, Role } from '../accounts/account.entity.js';
import { SessionKind } from '../accounts/session.entity.js';
import type { ClientMeta, Principal } from '../accounts/session.service.js';
import { againOnConflict } from '../db/conflicts.js';
import { ForbiddenError, NotFoundError, UserInputError, because } from '../errors/client-errors.js';
import type { LivePubSub } from '../pubsub/pubsub.js';
import type { RateLimits } from '../security/rate-limits.js';
import { stopLinks } from '../submissions/stop-links.js';
import { SupplierLink } from '../suppliers/supplier-link.entity.js';
import type { AccessService } from './access.service.js';
import type { AlertsService } from '../alerts/alerts.service.js';
import { Binding } from './binding.entity.js';
import { hashClaimCode, normalizeClaimCode } from './claim-codes.js';
import { Controller } from './controller.entity.js';
import { MeterLabel } from './meter-label.entity.js';
import { Meter } from './meter.entity.js';
import { normalizeSerial, SERIAL, serialToFind } from './serials.js';
import { ZoneClock } from '../readings/zone-clock.js';

export const WRONG_CLAIM = because('WRONG_CLAIM').message;

export interface BindingDeps {
  /** Warnings of what the account lets go of end with its unbinding; a new verification date settles its warning. */
  alerts: Pick<AlertsService, 'releaseIn' | 'announceResolved' | 'verificationChanged'>;
  limits: RateLimits;
  pubSub: LivePubSub;
  claimKey: string;
}

export interface Bound {
  binding: Binding;
  controller: Controller | null;
  meter: Meter | null;
  alreadyBound: boolean;
}

/** The longest verification interval (межповерочный интервал) of a meter in service: 16 years (electricity). */
export const MAX_VERIFICATION_YEARS = 16;


export class BindingService {
  // Per request: field resolvers of many meters and controllers ask the same questions.
  private readonly labelsMemo = new Map<number, Promise<Map<number, string>>>();
  private readonly controllersMemo = new Map<number, Promise<number[]>>();

  constructor(
    private readonly em: EntityManager,
    private readonly access: AccessService,
    private readonly deps: BindingDeps,
  ) {}

  async bind(principal: Principal, serialInput: string, codeInput: string, meta: ClientMeta): Promise<Bound> {
    const account = this.writer(principal);
    const serial = normalizeSerial(serialInput);
    if (!serial) throw new UserInputError(because('SERIAL_REQUIRED'), 'serial');
    // Nothing by that serial can exist (too long, a NUL, Cyrillic): the same answer as a wrong code.
    if (!SERIAL.test(serial)) throw new UserInputError(because('WRONG_CLAIM'), 'code');
    const attempt = await this.deps.limits.spend(['bindAccount', String(account.id)], ['bindIp', meta.ip ?? 'unknown']);
    const controller = await this.em.findOne(Controller, { serial, revokedAt: null });
    const meter = controller ? null : await this.em.findOne(Meter, { serial });
    const expected = controller?.claimCodeHash ?? meter?.claimCodeHash ?? null;
    // The same work whether or not the serial exists: the answer and its timing reveal nothing.
    const given = hashClaimCode(this.deps.claimKey, serial, normalizeClaimCode(codeInput) ?? '');
    const right = expected !== null && expected.length === given.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
    if (!right || (!controller && !meter)) throw new UserInputError(because('WRONG_CLAIM'), 'code');
    // A right code is not a guess: its own point comes back (and only it — earlier wrong guesses stay counted).
    await attempt.refund();

    const target = controller ? { controller } : { meter: meter! };
    const current = await this.em.findOne(Binding, { ...(controller ? { controller } : { meter }), unboundAt: null });
    if (current && current.account.id === account.id) return { binding: current, controller, meter, alreadyBound: true };
    if (current) {
      throw new UserInputError(because('DEVICE_OF_ANOTHER_ACCOUNT'),
        'serial',
      );
    }
    const binding = new Binding(this.em.getReference(Account, account.id), target);
    try {
      await this.em.persistAndFlush(binding);
    } catch (err) {
      if ((err as { name?: string }).name === 'UniqueConstraintViolationException') {
        throw new UserInputError(because('DEVICE_JUST_CLAIMED'), 'serial');
      }
      throw err;
    }
    await this.changed(account.id, meter);
    return { binding, controller, meter, alreadyBound: false };
  }

  /**
   * Unbinds a controller or meter by serial; false when it is not bound to this account. One transaction: the
   * binding ends, its supplier links stop and its warnings end together, or — the database failing midway — none
   * of them, and the customer's retry finds it still bound.
   */
  async unbind(principal: Principal, serialInput: string): Promise<boolean> {
    const account = this.writer(principal);
    const serial = serialToFind(serialInput);
    if (!serial) return false;
    const done = await this.em.transactional(async (em) => {
      const binding = await em.findOne(
        Binding,
        { account: account.id, unboundAt: null, $or: [{ controller: { serial } }, { meter: { serial } }] },
        { populate: ['meter'] },
      );
      if (!binding) return null;
      const now = new Date();
      binding.unbind(now);
      await em.flush();
      // Moved out: the next tenant's readings must not go to the supplier under this customer's лицевой счёт.
      const meters = binding.meter ? [binding.meter.id] : (await em.find(Meter, { controller: binding.controller!.id }, { fields: ['id'] })).map((m) => m.id);
      await stopLinks(em, await em.find(SupplierLink, { account: account.id, meter: { $in: meters }, unlinkedAt: null }), now);
      const subjects = [...meters.map((id) => `meter:${id}`), ...(binding.controller ? [`controller:${binding.controller.id}`] : [])];
      return { meter: binding.meter, ended: await this.deps.alerts.releaseIn(em, account.id, subjects, now.getTime()) };
    });
    if (!done) return false;
    await this.deps.alerts.announceResolved(done.ended);
    await this.changed(account.id, done.meter);
    return true;
  }

  /** The account's own name for one of its meters; an empty label removes it. */
  async setLabel(principal: Principal, meterId: number, labelInput: string): Promise<string | null> {
    const account = this.writer(principal);
    if (!(await this.access.accessTo(account, meterId))) throw new ForbiddenError(because('METER_FORBIDDEN'));
    const label = (labelInput ?? '').trim().replace(/\s+/g, ' ');
    if (label.length > 100) throw new UserInputError(because('METER_LABEL_TOO_LONG', { maxLength: 100 }), 'label');
    // Two first labels at once (two tabs): the unique key lets one in, the other then relabels it.
    await againOnConflict(this.em, async (em) => {
      const existing = await em.findOne(MeterLabel, { account: account.id, meter: meterId });
      if (!label) {
        if (existing) em.remove(existing);
      } else if (existing) {
        existing.label = label;
      } else {
        em.persist(new MeterLabel(em.getReference(Account, account.id), em.getReference(Meter, meterId), label));
      }
      await em.flush();
    });
    this.labelsMemo.delete(account.id);
    return label || null;
  }

  /**
   * The meter was verified (поверка): its next due date from the certificate, after today (the account's) and at
   * most MAX_VERIFICATION_YEARS ahead, and the certificate's (or ФГИС «Аршин» record's) number when given. Its
   * verification warning, if any, settles at once.
   */
  async recordVerification(principal: Principal, meterId: number, nextDueInput: string, now = Date.now(), certificateInput: string | null = null): Promise<Meter> {
    const account = this.writer(principal);
    // An operator records any meter's (a technician's visit, a customer's call); a customer only their own.
    const operator = principal.account.role === Role.OPERATOR;
    if (!operator && !(await this.access.accessTo(account, meterId))) throw new ForbiddenError(because('METER_FORBIDDEN'));
    const meter = Number.isSafeInteger(meterId) ? await this.em.findOne(Meter, meterId) : null;
    if (!meter) throw new NotFoundError(because('METER_NOT_FOUND'));
    // «Today» on the calendar of the meter's owner (who is warned by it); the operator's for a meter nobody has.
    const owner = operator ? await this.ownerOf(meter) : principal.account;
    const nextDue = (nextDueInput ?? '').trim();
    const parsed = /^(\d{4})-(\d{2})-(\d{2})$/.exec(nextDue);
    const date = parsed && new Date(Date.UTC(Number(parsed[1]), Number(parsed[2]) - 1, Number(parsed[3])));
    if (!date || date.toISOString().slice(0, 10) !== nextDue) throw new UserInputError(because('VERIFICATION_DUE_FORMAT'), 'nextDue');
    const today = new Date(ZoneClock.of((owner ?? principal.account).timeZone).wall(now)).toISOString().slice(0, 10);
    if (nextDue <= today) throw new UserInputError(because('VERIFICATION_DUE_PAST'), 'nextDue');
    // Today's date that many years on (ISO dates compare as strings).
    const latest = `${Number(today.slice(0, 4)) + MAX_VERIFICATION_YEARS}${today.slice(4)}`;
    if (nextDue > latest) throw new UserInputError(because('VERIFICATION_DUE_TOO_FAR', { years: MAX_VERIFICATION_YEARS }), 'nextDue');
    // A number as printed: letters, digits and the usual separators («С-ВЯ/15-03-2026/123456789»), at most 100.
    const certificate = (certificateInput ?? '').trim().replace(/\s+/g, ' ') || null;
    if (certificate !== null && (certificate.length > 100 || !/^[\p{L}\p{N}][\p{L}\p{N} .,/№#_()-]*$/u.test(certificate))) throw new UserInputError(because('VERIFICATION_CERTIFICATE_FORMAT'), 'certificate');
    meter.verified(nextDue, certificate);
    await this.em.flush();
    await this.deps.alerts.verificationChanged(meterId, now);
    return meter;
  }

  /** Whose the meter is now: bound on its own or with its controller. */
  private async ownerOf(meter: Meter): Promise<Account | null> {
    const or: object[] = [{ meter: meter.id }];
    if (meter.controller) or.push({ controller: meter.controller.id });
    const binding = await this.em.findOne(Binding, { unboundAt: null, $or: or }, { populate: ['account'] });
    return binding?.account ?? null;
  }

  /** Controllers bound to the account directly, now. */
  async boundControllerIds(accountId: number): Promise<number[]> {
    let found = this.controllersMemo.get(accountId);
    if (!found) {
      found = this.em.find(Binding, { account: accountId, unboundAt: null, controller: { $ne: null } }).then((bs) => bs.map((b) => b.controller!.id));
      this.controllersMemo.set(accountId, found);
    }
    return found;
  }

  /** Labels of the account's meters. */
  labels(accountId: number): Promise<Map<number, string>> {
    let found = this.labelsMemo.get(accountId);
    if (!found) {
      found = this.em.find(MeterLabel, { account: accountId }).then((rows) => new Map(rows.map((r) => [r.meter.id, r.label])));
      this.labelsMemo.set(accountId, found);
    }
    return found;
  }

  private writer(principal: Principal): { id: number } {
    if (principal.session.kind !== SessionKind.SESSION) throw new ForbiddenError(because('READ_ONLY_TOKEN'));
    return principal.account;
  }

  /** Live streams follow: of this account, and of the owner of a controller whose meter was bound on its own. */
  private async changed(accountId: number, meter: Meter | null): Promise<void> {
    this.access.forget(accountId);
    this.controllersMemo.delete(accountId);
    this.deps.pubSub.publish('bindingsChanged', accountId, { accountId });
    if (meter?.controller) {
      const owner = await this.em.findOne(Binding, { controller: meter.controller.id, unboundAt: null });
      if (owner && owner.account.id !== accountId) this.deps.pubSub.publish('bindingsChanged', owner.account.id, { accountId: owner.account.id });
    }
  }
}
