import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

/** A modem or gateway that reports readings of one or more meters over CoAP. */
@ObjectType({ description: 'A modem or gateway that reports the readings of one or more meters.' })
@Entity({ tableName: 'controller' })
export class Controller {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => String, { description: 'Serial number printed on the controller, e.g. C-0001.' })
  @Property({ type: 'string', length: 64, unique: true })
  serial: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  model: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 64, nullable: true })
  firmware: string | null = null;

  /** How often the modem is expected to report, in seconds (default 15 minutes). */
  @Field(() => Int, { description: 'How often the controller reports, in seconds.' })
  @Property({ type: 'integer' })
  reportingIntervalS = 900;

  @Field(() => Date, { nullable: true, description: 'When the controller last sent anything (readings or health).' })
  @Property({ type: 'datetime', nullable: true })
  lastSeenAt: Date | null = null;

  /** Signal strength the modem last reported about itself (record named after the controller's own serial). */
  @Field(() => Float, { nullable: true, description: 'Signal strength the controller last reported, dBm.' })
  @Property({ type: 'double', nullable: true })
  signalDbm: number | null = null;

  @Field(() => Float, { nullable: true, description: 'Battery charge the controller last reported, %.' })
  @Property({ type: 'double', nullable: true })
  batteryPct: number | null = null;

  /** HMAC of the claim code printed on the label; binding needs it. Null: not claimable. */
  @Property({ type: 'string', length: 64, nullable: true })
  claimCodeHash: string | null = null;

  /** Revoked by an operator: its tokens no longer work and it cannot be bound. */
  @Property({ type: 'datetime', nullable: true })
  revokedAt: Date | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  constructor(serial: string) {
    this.serial = serial;
  }

  /** Out of service from now on (revoking again keeps the first time). */
  revoke(at = new Date()): void {
    this.revokedAt ??= at;
  }
}
