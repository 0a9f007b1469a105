import { Entity, Index, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Controller } from './controller.entity.js';

/**
 * The secret a controller presents in its CoAP path. Only the SHA-256 of the token is stored
 * (tokens carry ≥ 128 random bits, so a slow hash would add nothing but latency to every request).
 * Rotation adds a token and revokes the old one.
 */
@Entity({ tableName: 'device_token' })
@Index({ name: 'device_token_by_controller', properties: ['controller'] })
export class DeviceToken {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => Controller, deleteRule: 'cascade' })
  controller: Rel<Controller>;

  @Property({ type: 'string', length: 64, unique: true })
  tokenHash: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  revokedAt: Date | null = null;

  constructor(controller: Controller, tokenHash: string) {
    this.controller = controller;
    this.tokenHash = tokenHash;
  }
}
