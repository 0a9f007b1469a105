import { Entity, Index, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Controller } from './controller.entity.js';
import { MeterKind } from './meter-kind.js';

@ObjectType({ description: 'An electricity or water meter, served by a controller.' })
@Entity({ tableName: 'meter' })
@Index({ name: 'meter_by_controller', properties: ['controller'] })
export class Meter {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => String, { description: 'Serial number printed on the meter, e.g. E-0001.' })
  @Property({ type: 'string', length: 64, unique: true })
  serial: string;

  // A plain string column rather than @Enum: MikroORM 6 misreads SQLite check constraints of three or more
  // items and would see schema drift forever. The constructor's type and the services guard the values.
  @Field(() => MeterKind)
  @Property({ type: 'string', length: 16 })
  kind: MeterKind;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  model: string | null = null;

  @Field(() => Int, { description: 'Number of tariff zones of an electricity meter (1–3); 1 for water meters.' })
  @Property({ type: 'integer' })
  zones = 1;

  @Field(() => Int, { description: 'Number of phases of an electricity meter (1 or 3); 1 for water meters.' })
  @Property({ type: 'integer' })
  phases = 1;

  @ManyToOne({ entity: () => Controller, nullable: true })
  controller: Rel<Controller> | null = null;

  @Field(() => String, { nullable: true, description: 'Where the meter is installed.' })
  @Property({ type: 'string', length: 500, nullable: true })
  installAddress: string | null = null;

  @Field(() => String, { nullable: true, description: 'Verification (поверка) due date, YYYY-MM-DD.' })
  @Property({ type: 'date', nullable: true })
  verificationDue: string | null = null;

  @Field(() => String, { nullable: true, description: 'The last verification’s certificate (свидетельство о поверке) or ФГИС «Аршин» record number, as entered with `recordMeterVerification`; null when none was.' })
  @Property({ type: 'string', length: 100, nullable: true })
  verificationCertificate: string | null = null;

  /** HMAC of the claim code printed on the meter's label (a meter may be bound on its own). */
  @Property({ type: 'string', length: 64, nullable: true })
  claimCodeHash: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  /** Verified: due again on `nextDue` (YYYY-MM-DD, from the certificate), the certificate's number if given (an older one no longer applies). */
  verified(nextDue: string, certificate: string | null = null): void {
    this.verificationDue = nextDue;
    this.verificationCertificate = certificate;
  }

  constructor(serial: string, kind: MeterKind, controller: Controller | null = null) {
    this.serial = serial;
    this.kind = kind;
    this.controller = controller;
  }
}
