/**
 * Who may see which meter, and when. A customer sees the meters bound to them now — directly, or through
 * their controller unless another account has bound that meter on its own — and of those only the readings
 * taken while the meter was bound to them (privacy by period: a new tenant never sees the previous one's).
 */
import type { EntityManager } from '@mikro-orm/knex';
import type { Account } from '../accounts/account.entity.js';
import { selectRows } from '../db/raw.js';
import { ForbiddenError, because } from '../errors/client-errors.js';
import { Controller } from './controller.entity.js';
import { MeterKind } from './meter-kind.js';
import { Meter } from './meter.entity.js';

const KIND_ORDER = [MeterKind.ELECTRICITY, MeterKind.COLD_WATER, MeterKind.HOT_WATER];

/** A span of time [from, to) in epoch milliseconds; `to` null while it lasts. */
export interface Period {
  from: number;
  to: number | null;
}

export interface MeterAccess {
  meter: Meter;
  /** When the meter was this account's: every binding period (the current one last). */
  periods: Period[];
  /** The start of the earliest period. */
  since: Date;
}

export function visibleAt(access: MeterAccess, time: number): boolean {
  return visibleIn(access.periods, time);
}

export function visibleIn(periods: Period[], time: number): boolean {
  for (const p of periods) if (time >= p.from && (p.to === null || time < p.to)) return true;
  return false;
}

export class AccessService {
  // One lookup per account per request: field resolvers of several meters ask the same question.
  private readonly memo = new Map<number, Promise<MeterAccess[]>>();

  /** A meter by id, whoever may see it (null when there is none). */
  meter(id: number): Promise<Meter | null> {
    return this.em.findOne(Meter, Number.isSafeInteger(id) ? id : -1);
  }

  /** The controller reporting a meter's readings (none for a meter that reports on its own). */
  async controllerOf(meter: Meter): Promise<Controller | null> {
    return meter.controller ? this.em.findOne(Controller, meter.controller.id) : null;
  }

  /** Controllers by id, by serial. */
  async controllers(ids: Iterable<number>): Promise<Controller[]> {
    const list = [...ids];
    if (!list.length) return [];
    return this.em.find(Controller, { id: { $in: list } }, { orderBy: { serial: 'asc' } });
  }

  /** Every meter of a controller, by serial (what an operator sees). */
  metersOnController(controllerId: number): Promise<Meter[]> {
    return this.em.find(Meter, { controller: controllerId }, { orderBy: { serial: 'asc' } });
  }

  constructor(private readonly em: EntityManager) {}

  /** The meters bound to the account now, by kind and serial. */
  metersOf(account: Account | { id: number }): Promise<MeterAccess[]> {
    let found = this.memo.get(account.id);
    if (!found) {
      found = this.load(account.id);
      this.memo.set(account.id, found);
    }
    return found;
  }

  /** The account's meters now that the controller reads (a neighbour's meter on the same modem left out). */
  async metersOfOn(account: Account | { id: number }, controllerId: number): Promise<Meter[]> {
    return (await this.metersOf(account)).map((a) => a.meter).filter((m) => m.controller?.id === controllerId);
  }

  /** The account's access to one meter, or null when the meter is not theirs now. */
  async accessTo(account: Account | { id: number }, meterId: number): Promise<MeterAccess | null> {
    return (await this.metersOf(account)).find((a) => a.meter.id === meterId) ?? null;
  }

  /**
   * What a signed-in viewer may see of a meter: a customer, their binding periods; an operator (staff of the
   * metering company, who answer for the devices), all of it. Anyone else: FORBIDDEN.
   */
  async forViewer(principal: { account: { id: number; role: string } }, meter: Meter): Promise<MeterAccess> {
    if (principal.account.role === 'OPERATOR') return { meter, periods: [{ from: 0, to: null }], since: new Date(0) };
    const access = await this.accessTo(principal.account, meter.id);
    if (!access) throw new ForbiddenError(because('METER_FORBIDDEN'));
    return access;
  }

  /** Forget what was looked up (after a binding changed within the same request). */
  forget(accountId: number): void {
    this.memo.delete(accountId);
  }

  private async load(accountId: number): Promise<MeterAccess[]> {
    // Every request asks this: plain rows rather than entities (an entity query costs ~10× as much).
    const bindings = (
      await selectRows<{ controller_id: number | null; meter_id: number | null; bound_at: Date | number; unbound_at: Date | number | null }>(
        this.em,
        'select controller_id, meter_id, bound_at, unbound_at from binding where account_id = ? order by bound_at',
        [accountId],
      )
    ).map((b) => ({
      controller: b.controller_id === null ? null : Number(b.controller_id),
      meter: b.meter_id === null ? null : Number(b.meter_id),
      boundAt: new Date(b.bound_at).getTime(),
      unboundAt: b.unbound_at === null ? null : new Date(b.unbound_at).getTime(),
    }));
    const active = bindings.filter((b) => b.unboundAt === null);
    const controllerIds = active.flatMap((b) => (b.controller !== null ? [b.controller] : []));
    const meterIds = active.flatMap((b) => (b.meter !== null ? [b.meter] : []));
    if (!controllerIds.length && !meterIds.length) return [];
    const meters = await this.em.find(
      Meter,
      { $or: [{ id: { $in: meterIds } }, { controller: { $in: controllerIds } }] },
      { orderBy: { serial: 'asc' } },
    );
    // A meter another account has bound on its own is theirs, even if it hangs on our controller.
    const viaControllerOnly = meters.filter((m) => !meterIds.includes(m.id)).map((m) => m.id);
    const takenIds = new Set(
      viaControllerOnly.length
        ? (
            await selectRows<{ meter_id: number }>(
              this.em,
              `select meter_id from binding where unbound_at is null and account_id <> ? and meter_id in (${viaControllerOnly.map(() => '?').join(',')})`,
              [accountId, ...viaControllerOnly],
            )
          ).map((b) => Number(b.meter_id))
        : [],
    );
    return meters
      .filter((m) => !takenIds.has(m.id))
      .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind))
      .map((meter) => {
        const periods = bindings
          .filter((b) => b.meter === meter.id || (b.controller !== null && b.controller === meter.controller?.id))
          .map((b) => ({ from: b.boundAt, to: b.unboundAt }));
        return { meter, periods, since: new Date(Math.min(...periods.map((p) => p.from))) };
      });
  }
}
