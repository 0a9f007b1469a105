import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { MeterKind } from '../devices/meter-kind.js';
import type { Context } from '../composition.js';
import { requireOperator, requireViewer } from '../accounts/guards.js';
import { UserInputError, because } from '../errors/client-errors.js';
import { SupplierChange } from './supplier-change.entity.js';
import { Supplier } from './supplier.entity.js';
import { SupplierInput } from './suppliers.types.js';

const settingsOf = (i: SupplierInput) => ({ ...i, webhookUrl: i.webhookUrl ?? null, email: i.email ?? null });

@Resolver(() => Supplier)
export class SuppliersResolver {
  @Query(() => [Supplier], { description: 'Suppliers that take readings; `resource` narrows to those billing it (what a meter may link to).' })
  suppliers(@Arg('resource', () => MeterKind, { nullable: true }) resource: MeterKind | null, @Ctx() ctx: Context): Promise<Supplier[]> {
    requireViewer(ctx);
    return ctx.services.suppliers.list(resource);
  }

  @Query(() => Supplier, { description: 'One supplier by its id (NOT_FOUND with reason SUPPLIER_NOT_FOUND when there is none).' })
  supplier(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Supplier> {
    requireViewer(ctx);
    return ctx.services.suppliers.get(Number(id));
  }

  @Mutation(() => Supplier, { description: 'Operators: adds a supplier.' })
  createSupplier(@Arg('input', () => SupplierInput) input: SupplierInput, @Ctx() ctx: Context): Promise<Supplier> {
    const principal = requireOperator(ctx);
    return ctx.services.suppliers.create(settingsOf(input), principal.account.id);
  }

  @Mutation(() => Supplier, { description: 'Operators: changes a supplier. Submissions already made keep exactly what they sent.' })
  updateSupplier(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => SupplierInput) input: SupplierInput,
    @Arg('version', () => Int, {
      nullable: true,
      description:
        'The `Supplier.version` the input was read at. When the supplier has changed since (another window, another operator), nothing changes and the error’s reason is SUPPLIER_CHANGED: read it again. Omitted, the save replaces whatever is there.',
    })
    version: number | null,
    @Ctx() ctx: Context,
  ): Promise<Supplier> {
    const principal = requireOperator(ctx);
    return ctx.services.suppliers.update(Number(id), settingsOf(input), version ?? null, principal.account.id);
  }

  @Mutation(() => Supplier, { description: 'Operators: a new webhook secret for the supplier; the old one stops working at once.' })
  rotateSupplierSecret(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Supplier> {
    const principal = requireOperator(ctx);
    return ctx.services.suppliers.rotateSecret(Number(id), principal.account.id);
  }

  @FieldResolver(() => [SupplierChange], {
    description: 'Operators only: who changed the supplier, what and when, newest first (at most `first`, 1–100); `before`, the id of the last entry read, gives the older ones.',
  })
  changes(
    @Root() s: Supplier,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('before', () => ID, { nullable: true, description: 'The entries older than this one (an id from the previous page): the next page.' }) before: string | null,
    @Ctx() ctx: Context,
  ): Promise<SupplierChange[]> {
    requireOperator(ctx);
    if (!Number.isInteger(first) || first < 1 || first > 100) throw new UserInputError(because('PAGE_SIZE', { min: 1, max: 100 }), 'first');
    return ctx.services.suppliers.history(s, first, before);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Operators only: where readings are POSTed (WEBHOOK).' })
  webhookUrl(@Root() s: Supplier, @Ctx() ctx: Context): string | null {
    requireOperator(ctx);
    return s.webhookUrl;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Operators only: where readings are mailed (EMAIL).' })
  email(@Root() s: Supplier, @Ctx() ctx: Context): string | null {
    requireOperator(ctx);
    return s.email;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Operators only: the secret the supplier checks signatures with and signs receipts with (WEBHOOK).' })
  webhookSecret(@Root() s: Supplier, @Ctx() ctx: Context): string {
    requireOperator(ctx);
    return ctx.services.suppliers.secretOf(s);
  }
}
