/**
 * What a controller is told about itself through the device bridges (device protocol v1: `/time` and
 * `/config`), and its changes, pushed to every bridge (the `deviceConfig` topic, in-process or over Redis) so
 * that a modem observing its configuration hears of a change at once instead of polling for it.
 */
import type { EntityManager } from '@mikro-orm/knex';
import { ReasonedError, ErrorCode, StorageUnavailableError, UserInputError, because } from '../errors/client-errors.js';
import type { DeviceConfigEvent, LivePubSub } from '../pubsub/pubsub.js';
import { hashSecret } from '../security/tokens.js';
import { Controller } from './controller.entity.js';
import { serialToFind } from './serials.js';
import { DeviceToken } from './device-token.entity.js';

/** The reporting intervals an operator may set, seconds: from a minute (the bridges' rate limit allows far more) to a day. */
export const REPORTING_INTERVAL_S = { min: 60, max: 86_400 } as const;

/** No device token is anywhere near this long; longer strings are not worth a database lookup. */
const MAX_TOKEN_LENGTH = 256;

export type DeviceConfigData = DeviceConfigEvent;

export class ControllerNotFoundError extends ReasonedError {
  constructor() {
    super(ErrorCode.NOT_FOUND, because('CONTROLLER_NOT_FOUND'));
  }
}

const dataOf = (c: Controller): DeviceConfigData => ({ controllerId: c.id, serial: c.serial, reportingIntervalS: c.reportingIntervalS });

export class DeviceConfigService {
  constructor(
    private readonly em: EntityManager,
    private readonly pubSub: LivePubSub,
    private readonly onStorageError: (err: unknown) => void = () => {},
  ) {}

  /** The configuration of the controller a device token belongs to; null when the token is unknown or revoked. */
  async byToken(token: string): Promise<DeviceConfigData | null> {
    if (!token || token.length > MAX_TOKEN_LENGTH) return null;
    let found: DeviceToken | null;
    try {
      found = await this.em.findOne(DeviceToken, { tokenHash: hashSecret(token), revokedAt: null }, { populate: ['controller'] });
    } catch (err) {
      // A bridge answers this 5.03 with Max-Age and the modem retries, rather than taking its token for revoked.
      this.onStorageError(err);
      throw new StorageUnavailableError();
    }
    return found ? dataOf(found.controller) : null;
  }

  /**
   * Sets how often the controller reports, and tells the bridges after the commit (they notify the modems that
   * observe `/config`). The interval it already has changes nothing and tells nobody.
   */
  async setReportingInterval(controllerId: number, seconds: number): Promise<DeviceConfigData> {
    const { min, max } = REPORTING_INTERVAL_S;
    if (!Number.isInteger(seconds) || seconds < min || seconds > max) {
      throw new UserInputError(because('REPORT_INTERVAL_RANGE', { min, max }), 'seconds');
    }
    const controller = await this.em.findOne(Controller, { id: controllerId });
    if (!controller) throw new ControllerNotFoundError();
    if (controller.reportingIntervalS === seconds) return dataOf(controller);
    controller.reportingIntervalS = seconds;
    await this.em.flush();
    const data = dataOf(controller);
    this.pubSub.publish('deviceConfig', 0, data);
    return data;
  }

  /** The same by the controller's serial (what operators type); the controller as it is now. */
  async setReportingIntervalOf(serial: string, seconds: number): Promise<Controller> {
    const found = serialToFind(serial);
    const controller = found ? await this.em.findOne(Controller, { serial: found }) : null;
    if (!controller) throw new UserInputError(because('CONTROLLER_SERIAL_NOT_FOUND', { serial }), 'serial');
    await this.setReportingInterval(controller.id, seconds);
    await this.em.refresh(controller);
    return controller;
  }

  /**
   * Tells the bridges, after the commit, that something a controller's devices see has changed in another way —
   * for whoever revokes a device token or changes a setting: a bridge drops what it cached for the controller
   * and checks the tokens of the modems observing `/config` again, so a revoked one is told 4.01 at once.
   */
  async announce(controllerId: number): Promise<void> {
    const controller = await this.em.findOne(Controller, { id: controllerId });
    if (controller) this.pubSub.publish('deviceConfig', 0, dataOf(controller));
  }

  /** Every change of every controller, as it is committed (for the bridges: one stream each). */
  changes(): AsyncIterable<DeviceConfigData> {
    return this.pubSub.subscribe('deviceConfig', 0);
  }
}
