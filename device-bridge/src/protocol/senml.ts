/**
 * SenML packs (RFC 8428) in JSON and CBOR, resolved: base name, time, unit and value applied to each
 * record (§4.6), times made absolute (values below 2^28 are relative to now), names checked (§4.5.1).
 * Decoding knows nothing of CoAP or of our vocabulary.
 */
import { Decoder } from 'cbor-x';

export class PackError extends Error {
  override name = 'PackError';
  /** Short enough for a CoAP diagnostic payload (≤ 64 bytes). */
  constructor(message: string) {
    super(truncateUtf8(message, 64));
  }
}

/** Cuts a string to at most `bytes` bytes of UTF-8 without splitting a character. */
export function truncateUtf8(s: string, bytes: number): string {
  const buf = Buffer.from(s);
  if (buf.length <= bytes) return s;
  let end = bytes;
  while (end > 0 && (buf[end] & 0xc0) === 0x80) end--;
  return buf.subarray(0, end).toString();
}

export interface ResolvedRecord {
  /** Full name: base name + name. */
  name: string;
  unit: string | undefined;
  /** Numeric value (v, with the base value added); undefined when the record carries another kind of value. */
  value: number | undefined;
  /** Absolute time in seconds since the epoch. */
  time: number;
}

/** CBOR labels (RFC 8428 §6, Table 4). */
const CBOR_LABELS: Record<number, string> = {
  [-1]: 'bver', [-2]: 'bn', [-3]: 'bt', [-4]: 'bu', [-5]: 'bv', [-6]: 'bs',
  0: 'n', 1: 'u', 2: 'v', 3: 'vs', 4: 'vb', 5: 's', 6: 't', 7: 'ut', 8: 'vd',
};
const STRING_FIELDS = new Set(['bn', 'bu', 'n', 'u', 'vs', 'vd']);
const NUMBER_FIELDS = new Set(['bver', 'bt', 'bv', 'bs', 'v', 's', 't', 'ut']);
const BOOLEAN_FIELDS = new Set(['vb']);
/** Times below 2^28 seconds are relative to now (RFC 8428 §4.5.3). */
const RELATIVE_TIME_LIMIT = 2 ** 28;
/** Name characters allowed by RFC 8428 §4.5.1; the first must be a letter or digit. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9\-:./_]*$/;
const SUPPORTED_VERSION = 10;

// Untrusted input: no cbor-x extensions (records, bundled strings), plain maps so integer labels stay numbers.
const cbor = new Decoder({ mapsAsObjects: false, useRecords: false, bundleStrings: false } as ConstructorParameters<typeof Decoder>[0]);

type Fields = Record<string, unknown>;

export function decodeJson(payload: Buffer): Fields[] {
  let doc: unknown;
  try {
    doc = JSON.parse(payload.toString('utf8'));
  } catch {
    throw new PackError('not valid JSON');
  }
  return recordsOf(doc, (r) => {
    if (!r || typeof r !== 'object' || Array.isArray(r)) throw new PackError('a record is not an object');
    return r as Fields;
  });
}

export function decodeCbor(payload: Buffer): Fields[] {
  let doc: unknown;
  try {
    doc = cbor.decode(payload);
  } catch {
    throw new PackError('not valid CBOR');
  }
  return recordsOf(doc, (r) => {
    const fields: Fields = {};
    const entries: Iterable<[unknown, unknown]> =
      r instanceof Map ? r.entries() : r && typeof r === 'object' && !Array.isArray(r) ? Object.entries(r) : fail();
    for (const [k, v] of entries) {
      // RFC 8428 uses integer labels in CBOR; string labels are accepted too, as some encoders emit them.
      const label = typeof k === 'number' ? CBOR_LABELS[k] ?? `#${k}` : typeof k === 'string' ? k : fail();
      fields[label] = v instanceof Uint8Array && label === 'vd' ? Buffer.from(v).toString('base64url') : v;
    }
    return fields;
  });
  function fail(): never {
    throw new PackError('a record is not a map');
  }
}

function recordsOf(doc: unknown, toFields: (r: unknown) => Fields): Fields[] {
  if (!Array.isArray(doc)) throw new PackError('pack is not an array of records');
  if (doc.length === 0) throw new PackError('empty pack');
  return doc.map(toFields);
}

/** Applies the base fields and checks each record (RFC 8428 §4.6). */
export function resolve(records: Fields[], nowSeconds: number): ResolvedRecord[] {
  let bn = '';
  let bt = 0;
  let bu: string | undefined;
  let bv = 0;
  const out: ResolvedRecord[] = [];
  records.forEach((r, index) => {
    const at = (msg: string) => new PackError(`record ${index}: ${msg}`);
    for (const [key, value] of Object.entries(r)) {
      if (STRING_FIELDS.has(key)) {
        if (typeof value !== 'string') throw at(`${key} must be a string`);
      } else if (NUMBER_FIELDS.has(key)) {
        if (typeof value !== 'number' || !Number.isFinite(value)) throw at(`${key} must be a finite number`);
      } else if (BOOLEAN_FIELDS.has(key)) {
        if (typeof value !== 'boolean') throw at(`${key} must be a boolean`);
      } else if (key.endsWith('_')) {
        // Labels ending in "_" must be understood (§4.4); we understand none.
        throw at(`unsupported field ${key}`);
      }
    }
    if (r.bver !== undefined && (r.bver as number) > SUPPORTED_VERSION) throw at('unsupported SenML version');
    if (r.bn !== undefined) bn = r.bn as string;
    if (r.bt !== undefined) bt = r.bt as number;
    if (r.bu !== undefined) bu = r.bu as string;
    if (r.bv !== undefined) bv = r.bv as number;

    const name = bn + ((r.n as string | undefined) ?? '');
    if (!name) throw at('no name');
    if (!NAME.test(name)) throw at('bad characters in name');
    const hasOther = r.vs !== undefined || r.vb !== undefined || r.vd !== undefined || r.s !== undefined;
    const value = r.v !== undefined ? bv + (r.v as number) : hasOther ? undefined : r.bv !== undefined ? bv : undefined;
    if (value === undefined && !hasOther) throw at('no value');
    if (value !== undefined && !Number.isFinite(value)) throw at('value is not finite');
    let time = bt + ((r.t as number | undefined) ?? 0);
    if (time < RELATIVE_TIME_LIMIT) time = nowSeconds + time;
    if (!Number.isFinite(time)) throw at('time is not finite');
    out.push({ name, unit: (r.u as string | undefined) ?? bu, value, time });
  });
  return out;
}
