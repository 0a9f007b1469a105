/** Suppliers, as operators manage them. Editing one never touches a submission already made (it keeps its body). */
import { LockMode, OptimisticLockError } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { MeterKind } from '../devices/meter-kind.js';
import type { SubmissionEngine } from '../submissions/engine.js';
import { NotFoundError, UserInputError, because } from '../errors/client-errors.js';
import { Account } from '../accounts/account.entity.js';
import { SupplierChange } from './supplier-change.entity.js';
import { Supplier, type SupplierSettings } from './supplier.entity.js';

export class SuppliersService {
  constructor(
    private readonly em: EntityManager,
    /** The clock and the webhook secrets: the submission engine's (tests drive its clock), or the CLI's own. */
    private readonly engine: Pick<SubmissionEngine, 'now' | 'secretOf'>,
  ) {}

  list(resource: MeterKind | null): Promise<Supplier[]> {
    return this.em.find(Supplier, resource ? { resourceList: { $like: `%${resource}%` } } : {}, { orderBy: { name: 'asc', id: 'asc' } });
  }

  async get(id: number): Promise<Supplier> {
    const supplier = Number.isSafeInteger(id) ? await this.em.findOne(Supplier, id) : null;
    if (!supplier) throw new NotFoundError(because('SUPPLIER_NOT_FOUND', { id: String(id) }));
    return supplier;
  }

  /** `by`: the operator's account (recorded in the supplier's history). */
  async create(settings: SupplierSettings, by: number | null): Promise<Supplier> {
    const supplier = new Supplier(settings);
    this.em.persist([supplier, SupplierChange.created(supplier, this.operator(by), this.engine.now())]);
    await this.em.flush();
    return supplier;
  }

  /**
   * With `version` (the one the operator's form was filled from), a change made since is refused (SUPPLIER_CHANGED),
   * never overwritten — also when two saves race: the UPDATE names the version it read (MikroORM's optimistic lock).
   * Without it, the save replaces whatever is there.
   */
  async update(id: number, settings: SupplierSettings, version: number | null, by: number | null): Promise<Supplier> {
    const supplier = await this.get(id);
    return this.changed(supplier, async () => {
      if (version !== null) await this.em.lock(supplier, LockMode.OPTIMISTIC, version);
      const change = SupplierChange.edit(supplier, settings, this.operator(by), this.engine.now());
      if (change) this.em.persist(change);
      await this.em.flush();
    });
  }

  /** A new webhook secret (the old one stops working at once). */
  async rotateSecret(id: number, by: number | null): Promise<Supplier> {
    const supplier = await this.get(id);
    return this.changed(supplier, async () => {
      supplier.rotateSecret(this.engine.now());
      this.em.persist(SupplierChange.secretIssued(supplier, this.operator(by), this.engine.now()));
      await this.em.flush();
    });
  }

  /** The supplier's history, newest first; after `before` (an entry's id) the entries older than it, for the next page. */
  async history(supplier: Supplier, first: number, before: string | null = null): Promise<SupplierChange[]> {
    let older = {};
    if (before !== null) {
      const id = Number(before);
      const last = Number.isSafeInteger(id) ? await this.em.findOne(SupplierChange, { id, supplier }) : null;
      if (!last) throw new UserInputError(because('CURSOR'), 'before');
      older = { $or: [{ at: { $lt: last.at } }, { at: last.at, id: { $lt: last.id } }] };
    }
    return this.em.find(SupplierChange, { supplier, ...older }, { orderBy: { at: 'desc', id: 'desc' }, limit: first, populate: ['operator'] });
  }

  private operator(by: number | null): Account | null {
    return by === null ? null : this.em.getReference(Account, by);
  }

  /** Runs a change; one that lost to another change of the supplier is the client's SUPPLIER_CHANGED, with nothing changed. */
  private async changed(supplier: Supplier, change: () => Promise<void>): Promise<Supplier> {
    const name = supplier.name; // as stored: the change may rename it before it is refused
    try {
      await change();
      return supplier;
    } catch (e) {
      if (!(e instanceof OptimisticLockError)) throw e;
      // The identity map holds this request's unsaved edits of the supplier: forget them, as the database did.
      this.em.clear();
      throw new UserInputError(because('SUPPLIER_CHANGED', { name }), 'version');
    }
  }

  secretOf(supplier: Supplier): string {
    return this.engine.secretOf(supplier);
  }
}
