/**
 * Tariffs as operators and customers manage them, and the tariff comparison over a meter's hours. The pricing itself
 * is pricing.ts (pure); this service loads and stores. GraphQL comes next (see api/docs/money.md, "Not yet done").
 */
import type { EntityManager } from '@mikro-orm/knex';
import { ClientError, ErrorCode } from '../errors/client-errors.js';
import type { Supplier } from '../suppliers/supplier.entity.js';
import { compareTariffs, type Comparison } from './comparison.js';
import { HOUR_MS, type ElectricityVersion, type Tariff as PricingTariff, type WaterVersion } from './pricing.js';
import { Tariff, type TariffResource } from './tariff.entity.js';

const badInput = (reason: string, message: string) => new ClientError(ErrorCode.BAD_USER_INPUT, message, { reason, params: {} });
const notFound = (reason: string, message: string) => new ClientError(ErrorCode.NOT_FOUND, message, { reason, params: {} });

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
    const tariff = Number.isSafeInteger(id) ? await this.em.findOne(Tariff, id, { populate: ['versions'] }) : null;
    if (!tariff) throw notFound('TARIFF_NOT_FOUND', 'Тариф не найден');
    return tariff;
  }

  async createForSupplier(supplier: Supplier, resource: TariffResource, name: string, now: Date): Promise<Tariff> {
    const tariff = this.checked(() => Tariff.ofSupplier(supplier, resource, name, now));
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

  /** The same hours priced under the given electricity tariffs; `currentId` names the tariff the saving is measured against. */
  compare(tariffs: Tariff[], rows: HourConsumption[], from: number, to: number, currentId: number | null): Comparison {
    if (tariffs.some((t) => t.resource !== 'ELECTRICITY')) throw badInput('TARIFF_NOT_ELECTRICITY', 'Сравнивать можно только тарифы на электроэнергию');
    const s = seriesOf(rows, from, to);
    const candidates = tariffs.map((t) => ({ id: String(t.id), tariff: t.toPricing() as PricingTariff<ElectricityVersion> }));
    return compareTariffs({ from: s.from, values: s.values }, s.hours, candidates, currentId === null ? null : String(currentId));
  }

  private checked<T>(f: () => T): T {
    try {
      return f();
    } catch (err) {
      if (err instanceof RangeError) throw badInput('TARIFF_INVALID', err.message);
      throw err;
    }
  }
}
