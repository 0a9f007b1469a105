/** Suppliers, as operators manage them. Editing one never touches a submission already made (it keeps its body). */
import type { EntityManager } from '@mikro-orm/knex';
import type { MeterKind } from '../devices/meter-kind.js';
import type { SubmissionEngine } from '../submissions/engine.js';
import { NotFoundError, because } from '../errors/client-errors.js';
import { Supplier, type SupplierSettings } from './supplier.entity.js';

export class SuppliersService {
  constructor(
    private readonly em: EntityManager,
    private readonly engine: SubmissionEngine,
  ) {}

  list(resource: MeterKind | null): Promise<Supplier[]> {
    return this.em.find(Supplier, resource ? { resourceList: { $like: `%${resource}%` } } : {}, { orderBy: { name: 'asc', id: 'asc' } });
  }

  async get(id: number): Promise<Supplier> {
    const supplier = Number.isSafeInteger(id) ? await this.em.findOne(Supplier, id) : null;
    if (!supplier) throw new NotFoundError(because('SUPPLIER_NOT_FOUND', { id: String(id) }));
    return supplier;
  }

  async create(settings: SupplierSettings): Promise<Supplier> {
    const supplier = new Supplier(settings);
    await this.em.persistAndFlush(supplier);
    return supplier;
  }

  async update(id: number, settings: SupplierSettings): Promise<Supplier> {
    const supplier = await this.get(id);
    supplier.apply(settings);
    await this.em.flush();
    return supplier;
  }

  /** A new webhook secret (the old one stops working at once). */
  async rotateSecret(id: number): Promise<Supplier> {
    const supplier = await this.get(id);
    supplier.rotateSecret(this.engine.now());
    await this.em.flush();
    return supplier;
  }

  secretOf(supplier: Supplier): string {
    return this.engine.secretOf(supplier);
  }
}
