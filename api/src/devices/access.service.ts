import type { EntityManager } from '@mikro-orm/core';
import type { Account } from '../accounts/account.entity.js';
import { Binding } from './binding.entity.js';
import { Meter } from './meter.entity.js';
import { MeterKind } from './meter-kind.js';

const KIND_ORDER = [MeterKind.ELECTRICITY, MeterKind.COLD_WATER, MeterKind.HOT_WATER];

/** A meter an account may see, and since when: readings before the binding belong to someone else. */
export interface MeterAccess {
  meter: Meter;
  since: Date;
}

export class AccessService {
  // One lookup per account per request: field resolvers of several meters ask the same question.
  private readonly memo = new Map<number, Promise<MeterAccess[]>>();

  constructor(private readonly em: EntityManager) {}

  /** The meters bound to the account now, directly or through their controller, by kind and serial. */
  metersOf(account: Account): Promise<MeterAccess[]> {
    let found = this.memo.get(account.id);
    if (!found) {
      found = this.load(account);
      this.memo.set(account.id, found);
    }
    return found;
  }

  /** The account's access to one meter, or null when the meter is not theirs. */
  async accessTo(account: Account, meterId: number): Promise<MeterAccess | null> {
    return (await this.metersOf(account)).find((a) => a.meter.id === meterId) ?? null;
  }

  private async load(account: Account): Promise<MeterAccess[]> {
    const bindings = await this.em.find(Binding, { account, unboundAt: null }, { orderBy: { boundAt: 'asc' } });
    if (!bindings.length) return [];
    const controllerSince = new Map<number, Date>();
    const meterSince = new Map<number, Date>();
    for (const b of bindings) {
      if (b.controller) controllerSince.set(b.controller.id, b.boundAt);
      if (b.meter) meterSince.set(b.meter.id, b.boundAt);
    }
    const meters = await this.em.find(
      Meter,
      { $or: [{ id: { $in: [...meterSince.keys()] } }, { controller: { $in: [...controllerSince.keys()] } }] },
      { orderBy: { serial: 'asc' } },
    );
    // Electricity first, then cold and hot water: the order the cabinet shows them in.
    meters.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
    return meters.map((meter) => {
      const candidates = [meterSince.get(meter.id), meter.controller && controllerSince.get(meter.controller.id)].filter(
        (d): d is Date => d instanceof Date,
      );
      // Bound both ways: the earlier binding decides.
      return { meter, since: new Date(Math.min(...candidates.map((d) => d.getTime()))) };
    });
  }
}
