import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A modem or gateway that reports readings of one or more meters over CoAP. */
@Entity({ tableName: 'controller' })
export class Controller {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'string', length: 64, unique: true })
  serial: string;

  @Property({ type: 'string', length: 100, nullable: true })
  model: string | null = null;

  @Property({ type: 'string', length: 64, nullable: true })
  firmware: string | null = null;

  /** How often the modem is expected to report, in seconds (default 15 minutes). */
  @Property({ type: 'integer' })
  reportingIntervalS = 900;

  @Property({ type: 'datetime', nullable: true })
  lastSeenAt: Date | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  constructor(serial: string) {
    this.serial = serial;
  }
}
