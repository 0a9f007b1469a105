import type { Controller } from './controller.entity.js';
import { DeviceStatus } from './devices.types.js';

/** A controller is silent once 2.5 reporting intervals pass without a word: one late report is not an alarm. */
export const SILENCE_FACTOR = 2.5;

export function statusOf(controller: Controller, now = Date.now()): DeviceStatus {
  if (controller.revokedAt) return DeviceStatus.REVOKED;
  if (!controller.lastSeenAt) return DeviceStatus.NEVER_SEEN;
  return now - controller.lastSeenAt.getTime() > SILENCE_FACTOR * controller.reportingIntervalS * 1000 ? DeviceStatus.SILENT : DeviceStatus.ONLINE;
}
