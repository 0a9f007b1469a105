import type { EntityManager } from '@mikro-orm/core';
import { hashSecret, newSecret } from '../security/tokens.js';
import { Controller } from './controller.entity.js';
import { DeviceToken } from './device-token.entity.js';
import { Meter } from './meter.entity.js';
import type { MeterKind } from './meter-kind.js';

export interface NewMeter {
  serial: string;
  kind: MeterKind;
  zones?: number;
  phases?: number;
  model?: string | null;
}

/** Device tokens carry 192 random bits in 32 URL-safe characters: short enough for a modem's CoAP path. */
export const DEVICE_TOKEN_BYTES = 24;

export class ProvisioningService {
  constructor(private readonly em: EntityManager) {}

  /** Creates a controller with its meters and a device token; the token is returned once and stored hashed. */
  async createController(serial: string, meters: NewMeter[], model: string | null = null) {
    const controller = new Controller(serial);
    controller.model = model;
    const token = newSecret(DEVICE_TOKEN_BYTES);
    this.em.persist(controller);
    this.em.persist(new DeviceToken(controller, hashSecret(token)));
    const created = meters.map((m) => {
      const meter = new Meter(m.serial, m.kind, controller);
      meter.zones = m.zones ?? 1;
      meter.phases = m.phases ?? 1;
      meter.model = m.model ?? null;
      this.em.persist(meter);
      return meter;
    });
    await this.em.flush();
    return { controller, token, meters: created };
  }
}
