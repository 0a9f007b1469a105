import { Entity, Index, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Account } from '../accounts/account.entity.js';
import { Meter } from '../devices/meter.entity.js';
import { Supplier } from './supplier.entity.js';

/** A customer's meter linked to a supplier under a personal account number (лицевой счёт): submissions follow it. */
@ObjectType({ description: 'A meter linked to a supplier under a лицевой счёт: its readings are submitted every month.' })
@Entity({ tableName: 'supplier_link' })
@Index({ name: 'supplier_link_by_meter', properties: ['meter', 'unlinkedAt'] })
// One active link of a meter to a supplier, kept by the database too: two links asked for at once cannot both be made
// (two links would submit the meter twice, under two account numbers).
@Index({ name: 'supplier_link_current', expression: 'create unique index "supplier_link_current" on "supplier_link" ("meter_id", "supplier_id") where "unlinked_at" is null' })
export class SupplierLink {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => Account })
  account: Rel<Account>;

  @ManyToOne({ entity: () => Meter })
  meter: Rel<Meter>;

  @Field(() => Supplier)
  @ManyToOne({ entity: () => Supplier })
  supplier: Rel<Supplier>;

  @Field(() => String, { description: 'The лицевой счёт, in the supplier’s format.' })
  @Property({ type: 'string', length: 64 })
  accountNumber: string;

  @Field(() => Date)
  @Property({ type: 'datetime' })
  linkedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the customer unlinked it (submissions stop; the history stays).' })
  @Property({ type: 'datetime', nullable: true })
  unlinkedAt: Date | null = null;

  constructor(account: Account, meter: Meter, supplier: Supplier, accountNumber: string, at: Date) {
    this.account = account;
    this.meter = meter;
    this.supplier = supplier;
    this.accountNumber = accountNumber;
    this.linkedAt = at;
  }

  unlink(at: Date): void {
    this.unlinkedAt ??= at;
  }
}
