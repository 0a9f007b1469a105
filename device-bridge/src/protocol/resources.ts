/**
 * What `GET /v1/{token}/time` and `GET /v1/{token}/config` answer (PROTOCOL.md), in the representation the
 * device asks for with Accept: a small JSON or CBOR object, or the same values as a SenML pack for a device
 * that asks for SenML (RFC 7252 §5.10.4: an answer must be in the accepted format, or be 4.06).
 */
import { Encoder } from 'cbor-x';
import { ContentFormat } from '../coap/constants.js';

export type Representation = 'json' | 'cbor' | 'senml+json' | 'senml+cbor';

/** Accept values served, and the Content-Format of the answer (the same number). No Accept means JSON. */
const ACCEPTABLE = new Map<number, Representation>([
  [ContentFormat.JSON, 'json'],
  [ContentFormat.CBOR, 'cbor'],
  [ContentFormat.SENML_JSON, 'senml+json'],
  [ContentFormat.SENML_CBOR, 'senml+cbor'],
]);

export interface Negotiated {
  representation: Representation;
  contentFormat: number;
}

/** The representation for an Accept option, or null when none is served (4.06). */
export function negotiate(accept: number | undefined): Negotiated | null {
  if (accept === undefined) return { representation: 'json', contentFormat: ContentFormat.JSON };
  const representation = ACCEPTABLE.get(accept);
  return representation ? { representation, contentFormat: accept } : null;
}

/** A device's view of its configuration. */
export interface ConfigView {
  /** The controller's serial. */
  serial: string;
  /** Reporting interval, seconds. */
  interval: number;
  /** Seconds after each interval boundary at which to send (0 ≤ phase < interval). */
  phase: number;
  /** Largest pack this bridge takes block-wise, bytes. */
  maxBody: number;
}

// Plain CBOR a small decoder reads: no cbor-x records or tags, minimal map headers.
const cbor = new Encoder({
  useRecords: false,
  variableMapSize: true,
  useTag259ForMaps: false,
  tagUint8Array: false,
  pack: false,
  bundleStrings: false,
} as ConstructorParameters<typeof Encoder>[0]);

/** SenML CBOR labels (RFC 8428 §6). */
const LABEL: Record<string, number> = { bn: -2, n: 0, u: 1, v: 2, vs: 3 };

type SenmlRecord = Partial<Record<'bn' | 'n' | 'u' | 'vs', string> & Record<'v', number>>;

function senml(records: SenmlRecord[], cborForm: boolean): Buffer {
  if (!cborForm) return Buffer.from(JSON.stringify(records));
  return Buffer.from(cbor.encode(records.map((r) => new Map(Object.entries(r).map(([k, v]) => [LABEL[k], v])))));
}

function encode(object: Record<string, unknown>, records: SenmlRecord[], representation: Representation): Buffer {
  switch (representation) {
    case 'json':
      return Buffer.from(JSON.stringify(object));
    case 'cbor':
      return Buffer.from(cbor.encode(object));
    case 'senml+json':
      return senml(records, false);
    case 'senml+cbor':
      return senml(records, true);
  }
}

/** `/time`: the server's clock in seconds since the epoch, milliseconds as the fraction (SenML's `t`). */
export function encodeTime(nowMs: number, representation: Representation): Buffer {
  const t = nowMs / 1000;
  return encode({ t }, [{ n: 'time', u: 's', v: t }], representation);
}

/**
 * `/config`: what the modem should do. The serial is the base name, as in the packs it sends. Fields added to v1
 * go last, so that a modem that (wrongly) reads them by position keeps reading the older ones right.
 */
export function encodeConfig(c: ConfigView, representation: Representation): Buffer {
  return encode(
    { serial: c.serial, interval: c.interval, max_body: c.maxBody, phase: c.phase },
    [
      { bn: `${c.serial}:`, n: 'interval', u: 's', v: c.interval },
      { n: 'max_body', u: 'B', v: c.maxBody },
      { n: 'phase', u: 's', v: c.phase },
    ],
    representation,
  );
}
