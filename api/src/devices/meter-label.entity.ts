import { Entity, ManyToOne, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';
import { Account } from '../accounts/account.entity.js';
import { Meter } from './meter.entity.js';

/** A customer's own name for a meter («Кухня, ХВС»): each account labels its meters for itself. */
@Entity({ tableName: 'meter_label' })
@Unique({ name: 'meter_label_unique', properties: ['account', 'meter'] })
export class MeterLabel {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => Account, deleteRule: 'cascade' })
  account: Rel<Account>;

  @ManyToOne({ entity: () => Meter, deleteRule: 'cascade' })
  meter: Rel<Meter>;

  @Property({ type: 'string', length: 100 })
  label: string;

  constructor(account: Account, meter: Meter, label: string) {
    this.account = account;
    this.meter = meter;
    this.label = label;
  }
}
