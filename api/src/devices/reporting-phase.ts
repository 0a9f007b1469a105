/**
 * When inside its reporting interval a controller sends (device protocol v1 `/config` `phase`): modems told
 * "every 15 minutes" would otherwise all report on the quarter hour at once. The phase is derived from the
 * controller's id alone, so every API process and every bridge tell a controller the same phase for the same
 * interval, nothing needs storing, and a fleet with consecutive ids still spreads evenly over the interval.
 */
import { createHash } from 'node:crypto';

/**
 * Seconds after each interval boundary (UTC epoch seconds that are multiples of the interval) at which the
 * controller should send: a whole number, 0 ≤ phase < intervalS. The first 48 bits of SHA-256 of the id
 * (its decimal form, as GraphQL's ID carries it), modulo the interval: uniform enough that consecutive ids
 * land evenly, and the modulo bias of 48 bits over at most 86,400 is below 10⁻⁹.
 */
export function reportingPhaseS(controllerId: number | string, intervalS: number): number {
  if (!Number.isInteger(intervalS) || intervalS < 1) throw new RangeError(`reporting interval must be a positive whole number of seconds, got ${intervalS}`);
  const digest = createHash('sha256').update(String(controllerId), 'utf8').digest();
  return digest.readUIntBE(0, 6) % intervalS;
}
