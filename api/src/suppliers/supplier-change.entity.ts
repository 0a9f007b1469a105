/**
 * The history of a supplier's settings: who changed what, and when. Where readings go and when is money for the
 * customers: when a submission fails after an edit, the operators see which edit and whose. The webhook secret itself
 * is never recorded, only that a new one was issued.
 */
import { Entity, Index, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Account } from '../accounts/account.entity.js';
import { graphqlEnum, type EnumValue } from '../schema/enum.js';
import { Supplier, type SupplierSettings } from './supplier.entity.js';

export const SupplierChangeKind = graphqlEnum('SupplierChangeKind', 'What was done to a supplier.', {
  CREATED: 'Added; `fields` holds its first settings (`from` null).',
  SETTINGS: 'Settings changed; `fields` holds each one changed, before and after.',
  SECRET: 'A new webhook secret was issued (the secret itself is never recorded); `fields` is empty.',
});
export type SupplierChangeKind = EnumValue<typeof SupplierChangeKind>;

@ObjectType({ description: 'One setting of a supplier as it was and as it became, written as text (a list comma-separated).' })
export class SupplierFieldChange {
  @Field(() => String, { description: 'The setting: a field of SupplierInput, e.g. cutoffTime.' })
  field!: string;

  @Field(() => String, { nullable: true })
  from!: string | null;

  @Field(() => String, { nullable: true })
  to!: string | null;
}

/** A setting as text, for the record. */
const text = (v: SupplierSettings[keyof SupplierSettings]): string | null => (v === null ? null : Array.isArray(v) ? v.join(',') : String(v));

/** The settings that differ between two versions of a supplier, in SupplierInput's order. */
function changedFields(before: SupplierSettings | null, after: SupplierSettings): SupplierFieldChange[] {
  return (Object.keys(after) as Array<keyof SupplierSettings>).flatMap((field) => {
    const from = before ? text(before[field]) : null;
    const to = text(after[field]);
    return from === to ? [] : [{ field, from, to }];
  });
}

@ObjectType({ description: 'A change of a supplier: when, by which operator, and what.' })
@Entity({ tableName: 'supplier_change' })
@Index({ name: 'supplier_change_by_supplier', properties: ['supplier', 'at'] })
export class SupplierChange {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => Supplier })
  supplier: Rel<Supplier>;

  /** The operator; null for a change made with `pnpm cli supplier` (or by an account since deleted). */
  @ManyToOne({ entity: () => Account, nullable: true, deleteRule: 'set null' })
  operator: Rel<Account> | null;

  @Field(() => SupplierChangeKind)
  @Property({ type: 'string', length: 16 })
  kind: SupplierChangeKind;

  @Field(() => Date)
  @Property({ type: 'datetime' })
  at: Date;

  @Property({ type: 'text' })
  fieldsJson: string;

  constructor(supplier: Supplier, operator: Account | Rel<Account> | null, kind: SupplierChangeKind, fields: SupplierFieldChange[], at: Date) {
    this.supplier = supplier;
    this.operator = operator as Rel<Account> | null;
    this.kind = kind;
    this.fieldsJson = JSON.stringify(fields);
    this.at = at;
  }

  /** A supplier just made, with its first settings. */
  static created(supplier: Supplier, operator: Account | null, at: Date): SupplierChange {
    return new SupplierChange(supplier, operator, SupplierChangeKind.CREATED, changedFields(null, supplier.settings()), at);
  }

  /** Applies `settings` to the supplier (checking them) and returns the record of what changed; null when nothing did. */
  static edit(supplier: Supplier, settings: SupplierSettings, operator: Account | null, at: Date): SupplierChange | null {
    const before = supplier.settings();
    supplier.apply(settings);
    const fields = changedFields(before, supplier.settings());
    return fields.length ? new SupplierChange(supplier, operator, SupplierChangeKind.SETTINGS, fields, at) : null;
  }

  /** A new webhook secret for the supplier (the secret itself is never recorded). */
  static secretIssued(supplier: Supplier, operator: Account | null, at: Date): SupplierChange {
    return new SupplierChange(supplier, operator, SupplierChangeKind.SECRET, [], at);
  }

  @Field(() => String, { nullable: true, description: 'The operator who made it: their name, or their phone when they have none; null when made from the command line.' })
  get by(): string | null {
    return this.operator ? (this.operator.fullName ?? this.operator.phone) : null;
  }

  @Field(() => [SupplierFieldChange])
  get fields(): SupplierFieldChange[] {
    return JSON.parse(this.fieldsJson) as SupplierFieldChange[];
  }
}
