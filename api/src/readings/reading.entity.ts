import { Entity, ManyToOne, PrimaryKey, PrimaryKeyProp, Property, type Rel } from '@mikro-orm/core';
import { Meter } from '../devices/meter.entity.js';

/**
 * One measured value. The primary key (meter, quantity, time) is what makes ingest idempotent:
 * a retransmitted pack finds its rows already there and stores nothing new.
 */
@Entity({ tableName: 'reading' })
export class Reading {
  [PrimaryKeyProp]?: ['meter', 'quantity', 'time'];

  @ManyToOne({ entity: () => Meter, primary: true })
  meter: Rel<Meter>;

  @PrimaryKey({ type: 'string', length: 24 })
  quantity: string;

  @PrimaryKey({ type: 'datetime' })
  time: Date;

  /** double precision: a MikroORM `number` would map to integer on PostgreSQL and round 42.5 to 43. */
  @Property({ type: 'double' })
  value: number;

  constructor(meter: Meter, quantity: string, time: Date, value: number) {
    this.meter = meter;
    this.quantity = quantity;
    this.time = time;
    this.value = value;
  }
}

/** The newest value of each quantity of each meter, kept up to date in the ingest transaction. */
@Entity({ tableName: 'latest_reading' })
export class LatestReading {
  [PrimaryKeyProp]?: ['meter', 'quantity'];

  @ManyToOne({ entity: () => Meter, primary: true })
  meter: Rel<Meter>;

  @PrimaryKey({ type: 'string', length: 24 })
  quantity: string;

  @Property({ type: 'datetime' })
  time: Date;

  @Property({ type: 'double' })
  value: number;

  constructor(meter: Meter, quantity: string, time: Date, value: number) {
    this.meter = meter;
    this.quantity = quantity;
    this.time = time;
    this.value = value;
  }
}
