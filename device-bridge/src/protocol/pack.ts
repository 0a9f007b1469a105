/**
 * From a SenML payload to the readings of a pack: decode, resolve, split each name into meter serial and
 * quantity, check the quantity and unit against the vocabulary, convert to the canonical unit, and check that
 * the converted value is within the quantity's sane range and the time within the protocol's bounds.
 */
import { ContentFormat } from '../coap/constants.js';
import { decodeCbor, decodeJson, PackError, resolve } from './senml.js';
import { VOCABULARY } from './vocabulary.js';

export interface PackReading {
  meter: string;
  /** The GraphQL enum member (upper case). */
  quantity: string;
  /** Epoch milliseconds. */
  time: number;
  value: number;
}

/** Content-Formats read as SenML: 110 and 112, and their generic 50 and 60. */
export const SENML_FORMATS = new Map<number, 'json' | 'cbor'>([
  [ContentFormat.SENML_JSON, 'json'],
  [ContentFormat.JSON, 'json'],
  [ContentFormat.SENML_CBOR, 'cbor'],
  [ContentFormat.CBOR, 'cbor'],
]);

export const MAX_SERIAL_LENGTH = 64;
/** Readings stamped more than this ahead of the bridge's clock are refused: the modem's clock is wrong. */
export const MAX_CLOCK_AHEAD_MS = 10 * 60_000;
/** Readings before 2000-01-01 are refused: an unset modem clock. */
export const MIN_TIME_MS = Date.UTC(2000, 0, 1);

export function decodePack(payload: Buffer, format: 'json' | 'cbor', nowMs: number): PackReading[] {
  const raw = format === 'json' ? decodeJson(payload) : decodeCbor(payload);
  const records = resolve(raw, nowMs / 1000);
  return records.map((r, index) => {
    const colon = r.name.lastIndexOf(':');
    if (colon <= 0) throw new PackError(`record ${index}: name is not serial:quantity`);
    const meter = r.name.slice(0, colon);
    const quantity = r.name.slice(colon + 1);
    if (meter.length > MAX_SERIAL_LENGTH) throw new PackError(`record ${index}: serial too long`);
    const spec = Object.hasOwn(VOCABULARY, quantity) ? VOCABULARY[quantity] : undefined;
    if (!spec) throw new PackError(`unknown quantity ${quantity}`);
    if (r.value === undefined) throw new PackError(`${quantity}: numeric v required`);
    // No unit means the canonical one; any other unit must be listed for the quantity.
    const factor = r.unit === undefined ? 1 : Object.hasOwn(spec.accept, r.unit) ? spec.accept[r.unit] : undefined;
    if (factor === undefined) throw new PackError(`${quantity}: unit must be ${spec.unit}`);
    // Checked after the conversion, which can overflow to Infinity (1e306 kWh, or 1e306 s in milliseconds): a
    // non-finite number would reach the API as null. The comparisons also refuse NaN and infinities.
    const value = r.value * factor;
    const time = Math.round(r.time * 1000);
    const [min, max] = spec.range;
    if (!(value >= min && value <= max)) throw new PackError(`${quantity}: value out of range`);
    if (!(time >= MIN_TIME_MS)) throw new PackError(`${quantity}: time before 2000`);
    if (!(time <= nowMs + MAX_CLOCK_AHEAD_MS)) throw new PackError(`${quantity}: time in the future`);
    return { meter, quantity: quantity.toUpperCase(), time, value };
  });
}

export { PackError };
