/**
 * Tariffs as operators and customers manage them, and the tariff comparison over a meter's hours. The pricing itself
 * is pricing.ts (pure); this service loads and stores; cost.service.ts applies tariffs to meters.
 */
import type { EntityManager } from '@mikro-orm/knex';
import { Account } from '../accounts/account.entity.js';
import { againOnConflict } from '../db/conflicts.js';
import { Meter } from '../devices/meter.entity.js';
import { NotFoundError, UserInputError, because } from '../errors/client-errors.js';
import type { Supplier } from '../suppliers/supplier.entity.js';
import { compareTariffs, type Comparison } from './comparison.js';
import { HOUR_MS, type ElectricityVersion, type Tariff as PricingTariff, type WaterVersion } from './pricing.js';
import { Tariff, type TariffResource } from './tariff.entity.js';
import { TariffRuleError } from './tariff-rules.js';


/** An hour of consumption as the reports' hourly rollups give it: `hour` in epoch ms, consumption in the unit (kWh), null = unknown. */
export interface HourConsumption {
  hour: number;
  consumption: number | null;
}

/** Hourly rows (any order, gaps allowed) → the engine's dense series over [from, to); absent hours are null. */
export function seriesOf(rows: HourConsumption[], from: number, to: number): { from: number; values: Array<number | null>; hours: number } {
  const hours = Math.max(0, Math.round((to - from) / HOUR_MS));
  const values = new Array<number | null>(hours).fill(null);
  for (const r of rows) {
    const i = (r.hour - from) / HOUR_MS;
    if (Number.isInteger(i) && i >= 0 && i < hours) values[i] = r.consumption;
  }
  return { from, values, hours };
}

export class TariffsService {
  constructor(private readonly em: EntityManager) {}

  supplierTariffs(supplier: Supplier): Promise<Tariff[]> {
    return this.em.find(Tariff, { supplier }, { populate: ['versions'], orderBy: { name: 'asc', id: 'asc' } });
  }

  async get(id: number): Promise<Tariff> {
    const tariff = Number.isSafeInteger(id) ? await this.em.findOne(Tariff, id, { populate: ['versions', 'supplier'] }) : null;
    if (!tariff) throw new NotFoundError(because('TARIFF_NOT_FOUND'));
    return tariff;
  }

  /** A supplier's tariff with its first version, stored together: a version that is refused leaves no tariff behind. */
  async createForSupplier(supplier: Supplier, resource: TariffResource, name: string, now: Date, first?: ElectricityVersion | WaterVersion): Promise<Tariff> {
    const tariff = this.checked(() => Tariff.ofSupplier(supplier, resource, name, now));
    if (first) this.checked(() => tariff.addVersion(first, now));
    await this.em.persistAndFlush(tariff);
    return tariff;
  }

  /** Adds a version, or replaces the one on the same date. Earlier versions are kept: past costs never change. */
  async addVersion(id: number, spec: ElectricityVersion | WaterVersion, now: Date): Promise<Tariff> {
    const tariff = await this.get(id);
    this.checked(() => tariff.addVersion(spec, now));
    await this.em.flush();
    return tariff;
  }

  async rename(id: number, name: string, now: Date): Promise<Tariff> {
    const tariff = await this.get(id);
    this.checked(() => tariff.rename(name, now));
    await this.em.flush();
    return tariff;
  }

  /** A customer's own tariff of a meter: made on the first version, then versioned like a supplier's. */
  async setOwn(accountId: number, meter: Meter, resource: TariffResource, name: string | null, timeZone: string, spec: ElectricityVersion | WaterVersion, now: Date): Promise<Tariff> {
    // Two saves at once may both find no tariff, or both add a version on one date: the unique keys let one in, and
    // the other, run again, adds its version to what the first made.
    return againOnConflict(this.em, async (em) => {
      const found: Tariff | null = await em.findOne(Tariff, { meter: meter.id, owner: accountId }, { populate: ['versions'] });
      const tariff = found ?? this.checked(() => Tariff.ownOf(em.getReference(Account, accountId), em.getReference(Meter, meter.id), resource, name?.trim() || 'Мой тариф', timeZone, now));
      if (!found) em.persist(tariff);
      else if (name?.trim() && name.trim() !== tariff.name) this.checked(() => tariff.rename(name, now));
      this.checked(() => tariff.addVersion(spec, now));
      await em.flush();
      return tariff;
    });
  }

  /** Removes the customer's own tariff of a meter (the meter then has no prices); false when there was none. */
  async removeOwn(accountId: number, meter: Meter): Promise<boolean> {
    const tariff = await this.em.findOne(Tariff, { meter, owner: accountId }, { populate: ['versions'] });
    if (!tariff) return false;
    for (const v of tariff.versions.getItems()) this.em.remove(v);
    this.em.remove(tariff);
    await this.em.flush();
    return true;
  }

  /** The same hours priced under the given electricity tariffs; `currentId` names the tariff the saving is measured against. */
  compare(tariffs: Tariff[], rows: HourConsumption[], from: number, to: number, currentId: number | null): Comparison {
    if (tariffs.some((t) => t.resource !== 'ELECTRICITY')) throw new UserInputError(because('TARIFF_ELECTRICITY_ONLY'));
    const s = seriesOf(rows, from, to);
    const candidates = tariffs.map((t) => ({ id: String(t.id), tariff: t.toPricing() as PricingTariff<ElectricityVersion> }));
    return compareTariffs({ from: s.from, values: s.values }, s.hours, candidates, currentId === null ? null : String(currentId));
  }

  private checked<T>(f: () => T): T {
    try {
      return f();
    } catch (err) {
      // The rule and its parameters for clients' catalogues (tariff-rules.ts), the Russian words as `detail`.
      if (err instanceof TariffRuleError) throw new UserInputError(because('TARIFF_INVALID', { ...err.params, detail: err.message }));
      if (err instanceof RangeError) throw new UserInputError(because('TARIFF_INVALID', { detail: err.message }));
      throw err;
    }
  }
}
