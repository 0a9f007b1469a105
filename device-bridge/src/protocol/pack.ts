/**
 * From a SenML payload to the readings of a pack: decode, resolve, split each name into meter serial and
 * quantity, check the quantity and unit against the vocabulary, convert to the canonical unit.
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
    return { meter, quantity: quantity.toUpperCase(), time: Math.round(r.time * 1000), value: r.value * factor };
  });
}

export { PackError };
