import { Entity, Index, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Account } from '../accounts/account.entity.js';
import { Controller } from './controller.entity.js';
import { Meter } from './meter.entity.js';

/**
 * An account's claim on a controller (and through it, its meters) or on a single meter, for a period.
 * Unbinding closes the period; history stays. A customer sees readings taken within their periods only.
 */
@Entity({ tableName: 'binding' })
@Index({ name: 'binding_by_account', properties: ['account', 'unboundAt'] })
@Index({ name: 'binding_by_controller', properties: ['controller'] })
@Index({ name: 'binding_by_meter', properties: ['meter'] })
// At most one current binding per device, enforced by the database: two accounts racing to bind the same
// controller cannot both succeed.
@Index({ name: 'binding_current_controller', expression: 'create unique index "binding_current_controller" on "binding" ("controller_id") where "unbound_at" is null' })
@Index({ name: 'binding_current_meter', expression: 'create unique index "binding_current_meter" on "binding" ("meter_id") where "unbound_at" is null' })
export class Binding {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => Account, deleteRule: 'cascade' })
  account: Rel<Account>;

  @ManyToOne({ entity: () => Controller, nullable: true })
  controller: Rel<Controller> | null = null;

  @ManyToOne({ entity: () => Meter, nullable: true })
  meter: Rel<Meter> | null = null;

  @Property({ type: 'datetime' })
  boundAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  unboundAt: Date | null = null;

  constructor(account: Account, target: { controller: Controller } | { meter: Meter }, boundAt = new Date()) {
    this.account = account;
    if ('controller' in target) this.controller = target.controller;
    else this.meter = target.meter;
    this.boundAt = boundAt;
  }

  unbind(at = new Date()): void {
    this.unboundAt ??= at;
  }
}
