/**
 * A CoAP fuzzer for the device bridge: malformed, mutated and hostile datagrams mixed with valid readings,
 * sent from several UDP sockets with a window of unanswered confirmable messages per socket (so the bridge's
 * own pace sets the rate), and every datagram that comes back checked.
 *
 * What it sends (weights in `KINDS`): truncated headers, bad versions, every token length 0–15, option
 * deltas and lengths with 13/14/15 nibbles and lengths running past the end, huge declared sizes, random bytes,
 * bit flips of valid messages, valid CoAP with garbage payloads, SenML packs with NaN, infinities, huge and
 * negative values, far-future and far-past times, duplicated records, unknown quantities and wrong units,
 * foreign and unknown meters, Block1 sequences with gaps, overlaps and reserved SZX, Observe registrations,
 * wrong methods and paths, odd options, Empty/ACK/RST/response messages — and valid readings, whose 2.04
 * answers are recorded so that a set check can find them stored.
 *
 * Packs that must never be stored carry marker values (FORBIDDEN_VALUES) where the value is free, so that the
 * database check can tell whether any of them got in.
 */
import { createSocket, type Socket } from 'node:dgram';
import { encode as cborEncode } from 'cbor-x';
import { Code, codeString, ContentFormat, MessageType, Option, encodeBlock, encodeUint, parseMessage, serializeMessage, type CoapMessage, type CoapOption } from '@askue/device-bridge/testing';

export type MeterKind = 'ELECTRICITY' | 'COLD_WATER' | 'HOT_WATER';

/** The controllers the fuzzer uses: A and B send; C's token is never used, so none of C's meters may get a reading. */
export interface FuzzTarget {
  port: number;
  host?: string;
  a: { token: string; serial: string; meters: string[] };
  b: { token: string; serial: string; meters: string[] };
  c: { serial: string; meters: string[] };
  /** What each meter of A and B measures: a valid reading names a quantity its meter measures (PROTOCOL.md). */
  kinds: Record<string, MeterKind>;
}

/** The bridge's payload limit for one datagram (MAX_PAYLOAD_BYTES): a larger pack is answered 4.13, never stored. */
const MAX_PAYLOAD_BYTES = 1024;

/** How long the end of a run waits for answers still outstanding (see `late`). */
const LATE_ANSWER_MS = 10_000;

/** Values carried only by packs that must be refused (a foreign meter in the pack): none may be stored. */
export const FORBIDDEN_VALUES = [6666.666, 7777.777];

export interface FuzzOptions {
  count: number;
  /** UDP sockets sending at once (default 16). */
  sockets?: number;
  /** Unanswered confirmable datagrams per socket (default 32). */
  window?: number;
  /** Datagrams per socket before it is replaced by a fresh one (default 30,000: message IDs never repeat on a socket). */
  perSocket?: number;
  seed?: number;
  /** Called about every second with the datagrams sent so far. */
  onProgress?: (sent: number, received: number) => void;
}

export interface FuzzResult {
  sent: number;
  bytesSent: number;
  /** Datagrams the bridge must answer (well-formed-enough confirmable ones). */
  expected: number;
  /**
   * Of those, answered (by an ACK, a piggybacked response or a Reset) at all: before the run ended, or within
   * 10 s after it. Not a timing figure — an answer counted here may have come late; `answeredWithin2s` is the timing.
   */
  answeredExpected: number;
  /** Of those, answered within 2 s of being sent (a printed figure for the benchmark; no test asserts it). */
  answeredWithin2s: number;
  /** Every datagram received. */
  received: number;
  elapsedMs: number;
  /** Received datagrams by answer: RST, empty ACK, or the response code (NON responses marked). */
  codes: Record<string, number>;
  /** Datagrams sent by kind. */
  kinds: Record<string, number>;
  /** Answer codes by kind of request (piggybacked, separate and NON responses). */
  codesByKind: Record<string, Record<string, number>>;
  /** Rules broken by an answer, e.g. a 5.00 carrying text. At most 20 examples each. */
  violations: Record<string, string[]>;
  /** Valid readings sent (meter|timeMs) and those answered 2.04. */
  validSent: number;
  validAcknowledged: Set<string>;
  /**
   * Of the valid readings sent, those sent before their controller's token had a valid reading answered 2.04. The
   * bridge's limit on unknown tokens per address (which the fuzzer's own bad tokens exhaust) spares only tokens that
   * proved valid: until then a valid reading may be answered 4.29.
   */
  validSentUntrusted: number;
  largestErrorPayload: number;
  largestResponse: number;
}

// ---- randomness (seeded, so that a failure can be replayed) ----
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Datagram {
  kind: string;
  buf: Buffer;
  /** Readings (meter|timeMs) a 2.04 to this datagram acknowledges. */
  valid?: string[];
  /** The device token of a valid reading. */
  token?: string;
}

type Ctx = Generators;

class Generators {
  readonly rnd: () => number;
  private timeSeq = 0;
  readonly baseTimeMs = Date.now() - 20 * 3_600_000;

  constructor(
    readonly t: FuzzTarget,
    seed: number,
  ) {
    this.rnd = mulberry32(seed);
  }

  int(n: number): number {
    return Math.floor(this.rnd() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  bytes(n: number): Buffer {
    const b = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) b[i] = this.int(256);
    return b;
  }
  token(): Buffer {
    return this.bytes(this.int(9));
  }
  /** A reading time unique in the run (epoch ms), within the last day. */
  uniqueTimeMs(): number {
    return this.baseTimeMs + this.timeSeq++ * 3;
  }
  uri(...segments: string[]): CoapOption[] {
    return segments.map((s) => ({ number: Option.URI_PATH, value: Buffer.from(s) }));
  }
  readings(token = this.t.a.token): CoapOption[] {
    return this.uri('v1', token, 'readings');
  }
  cf(format: number): CoapOption {
    return { number: Option.CONTENT_FORMAT, value: encodeUint(format) };
  }
  msg(m: { type?: MessageType; code: number; token?: Buffer; options?: CoapOption[]; payload?: Buffer }, mid: number): Buffer {
    return serializeMessage({ type: m.type ?? MessageType.CON, code: m.code, messageId: mid, token: m.token ?? this.token(), options: m.options, payload: m.payload });
  }
  /** A pack in a random SenML format; CBOR with integer labels. */
  pack(records: Array<Record<string, unknown>>): { format: number; payload: Buffer } {
    const format = this.pick([ContentFormat.SENML_JSON, ContentFormat.SENML_CBOR, ContentFormat.JSON, ContentFormat.CBOR]);
    if (format === ContentFormat.SENML_JSON || format === ContentFormat.JSON) return { format, payload: Buffer.from(JSON.stringify(records)) };
    const labels: Record<string, number> = { bver: -1, bn: -2, bt: -3, bu: -4, bv: -5, n: 0, u: 1, v: 2, vs: 3, vb: 4, s: 5, t: 6, ut: 7, vd: 8 };
    return { format, payload: Buffer.from(cborEncode(records.map((r) => new Map(Object.entries(r).map(([k, v]) => [labels[k] ?? k, v]))))) };
  }
  postPack(records: Array<Record<string, unknown>>, mid: number, token = this.t.a.token): Buffer {
    const { format, payload } = this.pack(records);
    return this.msg({ code: Code.POST, options: [...this.readings(token), this.cf(format)], payload }, mid);
  }
  /** A valid request of any kind, as material for mutations. */
  validMessage(mid: number): Buffer {
    switch (this.int(3)) {
      case 0:
        return this.msg({ code: Code.GET, options: this.uri('v1', this.t.a.token, 'time') }, mid);
      case 1:
        return this.msg({ code: Code.GET, options: [...this.uri('v1', this.t.b.token, 'config'), { number: Option.ACCEPT, value: encodeUint(this.pick([50, 60, 110, 112])) }] }, mid);
      default:
        return this.postPack([{ bn: `${this.t.a.meters[0]}:`, n: 'power', u: 'W', v: 100, t: this.uniqueTimeMs() / 1000 }], mid);
    }
  }
}

const ELECTRICITY_QUANTITIES = ['energy', 'energy_t1', 'energy_t2', 'energy_t3', 'energy_export', 'power', 'voltage_l1', 'voltage_l2', 'voltage_l3', 'current_l1', 'current_l2', 'current_l3', 'frequency', 'power_factor', 'temperature'];
const WATER_QUANTITIES = ['volume', 'temperature'];
/** Quantities a meter of the target may report (PROTOCOL.md, Quantity vocabulary: reported by). */
const quantitiesOf = (t: FuzzTarget, meter: string) => (t.kinds[meter] === 'ELECTRICITY' ? ELECTRICITY_QUANTITIES : WATER_QUANTITIES);

/** A random number that no working meter reports, or no number at all. */
const BAD_VALUES: number[] = [NaN, Infinity, -Infinity, 1e308, -1e308, 1e13, -1e13, Number.MAX_SAFE_INTEGER * 1024, -1, -0.001, 2 ** 64];

const QUANTITIES = ['energy', 'energy_t1', 'energy_t2', 'energy_t3', 'energy_export', 'power', 'voltage_l1', 'voltage_l2', 'voltage_l3', 'current_l1', 'current_l2', 'current_l3', 'frequency', 'power_factor', 'volume', 'temperature', 'rssi', 'battery'];
const UNITS: Record<string, string> = { energy: 'Wh', energy_t1: 'Wh', energy_t2: 'Wh', energy_t3: 'Wh', energy_export: 'Wh', power: 'W', voltage_l1: 'V', voltage_l2: 'V', voltage_l3: 'V', current_l1: 'A', current_l2: 'A', current_l3: 'A', frequency: 'Hz', power_factor: '/', volume: 'm3', temperature: 'Cel', rssi: 'dBm', battery: '%EL' };
/** A value inside the quantity's sane range. */
const SANE: Record<string, number> = { energy: 1234567, energy_t1: 1000, energy_t2: 2000, energy_t3: 3000, energy_export: 10, power: 850.5, voltage_l1: 229.9, voltage_l2: 231, voltage_l3: 230.4, current_l1: 3.2, current_l2: 4.1, current_l3: 0.5, frequency: 50.01, power_factor: 0.97, volume: 12.345, temperature: 55.5, rssi: -71, battery: 88 };

type Gen = (g: Ctx, mid: number) => Datagram | Datagram[];

/** Everything the fuzzer sends, with weights (relative frequency). */
const KINDS: Array<[string, number, Gen]> = [
  ['truncated', 6, (g, mid) => {
    const full = g.validMessage(mid);
    return { kind: 'truncated', buf: full.subarray(0, g.int(full.length)) };
  }],
  ['bad version', 3, (g, mid) => {
    const buf = Buffer.from(g.validMessage(mid));
    buf[0] = (buf[0] & 0x3f) | (g.pick([0, 2, 3]) << 6);
    return { kind: 'bad version', buf };
  }],
  ['token length 0-15', 6, (g, mid) => {
    const tkl = g.int(16);
    const head = Buffer.from([0x40 | (g.pick([0, 1]) << 4) | tkl, g.pick([Code.GET, Code.POST]), mid >> 8, mid & 0xff]);
    const tail = g.int(2) ? g.bytes(g.int(tkl + 1)) : Buffer.concat([g.bytes(tkl), Buffer.from([0xb2, 0x76, 0x31])]);
    return { kind: 'token length 0-15', buf: Buffer.concat([head, tail]) };
  }],
  ['option nibbles 13/14/15', 8, (g, mid) => {
    const head = Buffer.from([0x40 | (g.int(2) << 4), Code.POST, mid >> 8, mid & 0xff]);
    const parts: number[] = [];
    for (let i = 0, n = 1 + g.int(4); i < n; i++) {
      const delta = g.pick([0, 11, 12, 13, 14, 15]);
      const length = g.pick([0, 1, 4, 13, 14, 15]);
      parts.push((delta << 4) | length);
      if (delta === 13) parts.push(...(g.int(4) ? [g.int(256)] : []));
      if (delta === 14) parts.push(...g.bytes(g.int(3)));
      if (length === 13) parts.push(...(g.int(4) ? [g.int(256)] : []));
      if (length === 14) parts.push(...g.bytes(g.int(3)));
      // Sometimes fewer value bytes than declared: a length running past the end.
      parts.push(...g.bytes(g.int(20)));
    }
    if (g.int(3) === 0) parts.push(0xff, ...g.bytes(g.int(30)));
    return { kind: 'option nibbles 13/14/15', buf: Buffer.concat([head, Buffer.from(parts)]) };
  }],
  ['huge declared size', 3, (g, mid) => {
    switch (g.int(4)) {
      case 0: // an option value declared 65,804 bytes long, with a few bytes behind it
        return { kind: 'huge declared size', buf: Buffer.concat([Buffer.from([0x40, Code.POST, mid >> 8, mid & 0xff, 0xbe, 0xff, 0xff]), g.bytes(g.int(64))]) };
      case 1: // Size1 announcing 4 GiB, Block1 first block
        return {
          kind: 'huge declared size',
          buf: g.msg(
            {
              code: Code.POST,
              options: [...g.readings(), g.cf(110), { number: Option.BLOCK1, value: encodeBlock({ num: 0, more: true, szx: 0 }) }, { number: Option.SIZE1, value: Buffer.from([0xff, 0xff, 0xff, 0xff]) }],
              payload: g.bytes(16),
            },
            mid,
          ),
        };
      case 2: // a real datagram far over the payload limit (4.13)
        return { kind: 'huge declared size', buf: g.msg({ code: Code.POST, options: [...g.readings(), g.cf(110)], payload: Buffer.alloc(1025 + g.int(8000), 0x20) }, mid) };
      default: // Size1 with 8 bytes, Block1 with 4 bytes
        return {
          kind: 'huge declared size',
          buf: g.msg({ code: Code.POST, options: [...g.readings(), g.cf(110), { number: Option.BLOCK1, value: g.bytes(4) }, { number: Option.SIZE1, value: g.bytes(8) }], payload: g.bytes(32) }, mid),
        };
    }
  }],
  ['random bytes', 8, (g) => ({ kind: 'random bytes', buf: g.bytes(g.int(g.int(10) ? 64 : 1400)) })],
  ['bit flips', 10, (g, mid) => {
    const buf = Buffer.from(g.validMessage(mid));
    for (let i = 0, n = 1 + g.int(8); i < n; i++) {
      const bit = g.int(buf.length * 8);
      buf[bit >> 3] ^= 1 << (bit & 7);
    }
    return { kind: 'bit flips', buf };
  }],
  ['garbage payload', 6, (g, mid) => ({
    kind: 'garbage payload',
    buf: g.msg({ code: Code.POST, options: [...g.readings(g.pick([g.t.a.token, g.t.b.token])), g.cf(g.pick([110, 112, 50, 60, 0, 42, 65535]))], payload: g.bytes(1 + g.int(300)) }, mid),
  })],
  ['impossible values', 6, (g, mid) => {
    const q = g.pick(QUANTITIES.filter((x) => x !== 'rssi' && x !== 'battery'));
    const v = g.pick(BAD_VALUES);
    const meter = g.pick(g.t.a.meters);
    let buf: Buffer;
    if (Number.isFinite(v)) {
      buf = g.postPack([{ n: `${meter}:${q}`, v, t: g.uniqueTimeMs() / 1000 }], mid);
    } else if (!Number.isNaN(v) && g.int(2)) {
      // JSON cannot carry infinities, but 1e400 parses as one.
      buf = g.msg({ code: Code.POST, options: [...g.readings(), g.cf(110)], payload: Buffer.from(`[{"n":"${meter}:${q}","v":${v > 0 ? '1e400' : '-1e400'}}]`) }, mid);
    } else {
      // CBOR carries NaN and infinities as floats.
      buf = g.msg({ code: Code.POST, options: [...g.readings(), g.cf(112)], payload: Buffer.from(cborEncode([new Map<number, unknown>([[0, `${meter}:${q}`], [2, v]])])) }, mid);
    }
    // bv + v overflowing to Infinity, and the controller's own health out of range.
    if (g.int(4) === 0) buf = g.postPack([{ bn: `${meter}:`, bv: 1e308, n: q, v: 1e308 }], mid);
    if (g.int(6) === 0) buf = g.postPack([{ bn: `${g.t.a.serial}:`, n: g.pick(['rssi', 'battery']), v: g.pick([NaN, 1, -200, 101, 1e9]) }], mid);
    return { kind: 'impossible values', buf };
  }],
  ['bad times', 6, (g, mid) => {
    const meter = g.pick(g.t.a.meters);
    const now = Date.now() / 1000;
    const t = g.pick([now + 11 * 60, now + 86_400 * 365, 1e10, 2 ** 31, 2 ** 28 - 1, 946_684_799, 1, -1e12, -(2 ** 28), 1e300]);
    const record = g.int(3) ? { n: `${meter}:power`, v: 1, t } : { bn: `${meter}:`, bt: t, n: 'power', v: 1, t: g.pick([0, 1e9, -1e9]) };
    return { kind: 'bad times', buf: g.postPack([record], mid) };
  }],
  ['duplicated records', 3, (g, mid) => {
    // The same reading repeated says one thing: stored once, answered 2.04 — if the pack fits a datagram at all.
    const meter = g.pick(g.t.a.meters);
    const time = g.uniqueTimeMs();
    const [n, u, v] = g.t.kinds[meter] === 'ELECTRICITY' ? ['voltage_l2', 'V', 230.5] : ['temperature', 'Cel', 9.5];
    const { format, payload } = g.pack(Array.from({ length: 2 + g.int(30) }, () => ({ n: `${meter}:${n}`, u, v, t: time / 1000 })));
    const buf = g.msg({ code: Code.POST, options: [...g.readings(), g.cf(format)], payload }, mid);
    return payload.length <= MAX_PAYLOAD_BYTES
      ? { kind: 'duplicated records', buf, valid: [`${meter}|${time}`], token: g.t.a.token }
      : { kind: 'duplicated records', buf };
  }],
  ['bad names and units', 6, (g, mid) => {
    const meter = g.pick(g.t.a.meters);
    const q = g.pick(QUANTITIES);
    const record = g.pick<Record<string, unknown>>([
      { n: `${meter}:reactive_power`, v: 1 },
      { n: `${meter}:${q}`, u: g.pick(['kW', 'mV', 'Wh ', 'Cel', 'm3', '', '%']), v: 1 },
      { n: `${meter}:${q.toUpperCase()}`, v: 1 },
      { n: `${'X'.repeat(65)}:power`, v: 1 },
      { n: `${meter}:power`, vs: 'on' },
      { n: `${meter}:power`, vb: true },
      { n: `${meter}:power`, v: 1, s: 2 },
      { n: `${meter}:power`, v: 1, x_: 1 },
      { n: `${meter}:power`, v: '1' },
      { n: `${meter}: power`, v: 1 },
      { n: `:power`, v: 1 },
      { n: 'power', v: 1 },
      { bver: 11, n: `${meter}:power`, v: 1 },
      { n: `${meter}:power\u0000`, v: 1 },
      { bn: 42, n: 'power', v: 1 },
    ]);
    const payload = g.int(8) === 0 ? Buffer.from(g.pick(['[]', '{}', '[[]]', '[1]', 'null', '"x"', '[{"n":"a:power","v":1}'])) : undefined;
    return {
      kind: 'bad names and units',
      buf: payload ? g.msg({ code: Code.POST, options: [...g.readings(), g.cf(110)], payload }, mid) : g.postPack([record], mid),
    };
  }],
  ['foreign meters', 5, (g, mid) => {
    // A's token naming C's (or B's) meters, unknown serials, or a mix with one of its own: all must be refused.
    const mine = g.pick(g.t.a.meters);
    const foreign = g.pick([...g.t.c.meters, ...g.t.b.meters, 'NO-SUCH-METER', g.t.c.serial]);
    const time = g.uniqueTimeMs() / 1000;
    const records = g.int(2)
      ? [{ n: `${foreign}:power`, v: FORBIDDEN_VALUES[0], t: time }]
      : [{ n: `${mine}:power`, v: FORBIDDEN_VALUES[1], t: time }, { n: `${foreign}:power`, v: FORBIDDEN_VALUES[1], t: time }];
    return { kind: 'foreign meters', buf: g.postPack(g.int(2) ? records : records.reverse(), mid) };
  }],
  ['block1 sequences', 5, (g, mid) => {
    const meter = g.pick(g.t.a.meters);
    const body = Buffer.from(JSON.stringify(Array.from({ length: 20 + g.int(60) }, (_, i) => ({ n: `${meter}:frequency`, v: 50, t: (g.baseTimeMs - 86_400_000 + i) / 1000 }))));
    const szx = g.pick([0, 1, 2, 3, 4, 6, 7]);
    const size = 1 << (Math.min(szx, 6) + 4);
    const blocks = Math.ceil(body.length / size);
    const nums: number[] = [];
    const style = g.int(5);
    for (let n = 0; n < blocks; n++) {
      if (style === 0 && n === 1) continue; // a gap
      nums.push(n);
      if (style === 1 && n === 1) nums.push(1, 0); // an overlap, then a restart
    }
    if (style === 2) nums.splice(0, nums.length, 0, 2 ** 20 - 1); // NUM far past the end
    if (style === 3) nums.splice(1); // only a first block, never finished (a held transfer)
    const out: Datagram[] = [];
    let m = mid;
    for (const num of nums.slice(0, 12)) {
      const more = num < blocks - 1;
      const payload = body.subarray(num * size, (num + 1) * size);
      const block = style === 4 && num === 0 ? { num, more: true, szx: g.pick([0, 1, 2]) } : { num, more, szx };
      out.push({
        kind: 'block1 sequences',
        buf: g.msg({ code: Code.POST, options: [...g.readings(), g.cf(110), { number: Option.BLOCK1, value: encodeBlock(block) }], payload: payload.length ? payload : undefined }, m),
      });
      m = (m + 1) & 0xffff;
    }
    return out;
  }],
  ['observe', 4, (g, mid) => {
    const resource = g.pick(['config', 'config', 'time', 'readings']);
    const token = g.pick([g.t.a.token, g.t.b.token, 'A'.repeat(32)]);
    const options: CoapOption[] = [...g.uri('v1', token, resource), { number: Option.OBSERVE, value: g.pick([encodeUint(0), encodeUint(1), g.bytes(3), g.bytes(4)]) }];
    if (g.int(2)) options.push({ number: Option.ACCEPT, value: encodeUint(g.pick([50, 60, 110, 112, 0, 41, 9999])) });
    return { kind: 'observe', buf: g.msg({ code: Code.GET, options }, mid) };
  }],
  ['methods', 4, (g, mid) => {
    const code = g.pick([Code.GET, Code.PUT, Code.DELETE, Code.FETCH, Code.PATCH, Code.IPATCH, 8, 17, 31]);
    const resource = g.pick(['readings', 'time', 'config']);
    return { kind: 'methods', buf: g.msg({ code, options: [...g.uri('v1', g.t.a.token, resource), g.cf(110)], payload: code === Code.GET ? undefined : Buffer.from('[]') }, mid) };
  }],
  ['paths', 5, (g, mid) => {
    const segments = g.pick<Buffer[]>([
      [],
      [Buffer.from('v1')],
      [Buffer.from('v2'), Buffer.from(g.t.a.token), Buffer.from('readings')],
      [Buffer.from('v1'), Buffer.from(g.t.a.token), Buffer.from('readings'), Buffer.from('x')],
      [Buffer.from('v1'), Buffer.from(`${g.bytes(24).toString('base64url')}`), Buffer.from('readings')],
      [Buffer.from('v1'), Buffer.from(`${g.bytes(24).toString('base64url')}`), Buffer.from('time')],
      [Buffer.from('v1'), g.bytes(32), Buffer.from('readings')],
      [Buffer.from('v1'), Buffer.alloc(300, 0x41), Buffer.from('readings')],
      [Buffer.from('..'), Buffer.from('v1'), Buffer.from(g.t.a.token), Buffer.from('readings')],
      Array.from({ length: 40 }, () => Buffer.from('v1')),
    ]);
    const options: CoapOption[] = segments.map((value) => ({ number: Option.URI_PATH, value }));
    if (g.int(4) === 0) options.push({ number: Option.URI_QUERY, value: Buffer.from('a=1') });
    const { format, payload } = g.pack([{ n: `${g.t.a.meters[0]}:power`, v: FORBIDDEN_VALUES[0] }]);
    return { kind: 'paths', buf: g.msg({ code: g.pick([Code.GET, Code.POST]), options: [...options, g.cf(format)], payload }, mid) };
  }],
  ['odd options', 5, (g, mid) => {
    const odd = g.pick<CoapOption[]>([
      [{ number: 9, value: Buffer.from([1]) }], // unknown critical: 4.02
      [{ number: 2049, value: g.bytes(2) }],
      [{ number: 2048, value: g.bytes(2) }], // unknown elective: ignored
      [{ number: Option.NO_RESPONSE, value: encodeUint(g.pick([2, 8, 16, 26])) }],
      [{ number: Option.PROXY_URI, value: Buffer.from('coap://example.org/') }],
      [{ number: Option.PROXY_SCHEME, value: Buffer.from('coap') }],
      [{ number: Option.URI_HOST, value: Buffer.from('example.org') }, { number: Option.URI_PORT, value: encodeUint(1) }],
      [{ number: Option.IF_MATCH, value: g.bytes(8) }, { number: Option.ETAG, value: g.bytes(8) }],
      [{ number: Option.CONTENT_FORMAT, value: g.bytes(3) }],
      [{ number: Option.ACCEPT, value: g.bytes(4) }],
      [{ number: 65000, value: g.bytes(1) }],
    ]);
    const { format, payload } = g.pack([{ n: `${g.t.a.meters[0]}:power`, v: 1 }]);
    const options = [...g.readings(), ...odd];
    if (!odd.some((o) => o.number === Option.CONTENT_FORMAT)) options.push(g.cf(format));
    return { kind: 'odd options', buf: g.msg({ code: Code.POST, options, payload }, mid) };
  }],
  ['empty, ack, reset, responses', 4, (g, mid) => {
    switch (g.int(5)) {
      case 0:
        return { kind: 'empty, ack, reset, responses', buf: Buffer.from([0x40, 0, mid >> 8, mid & 0xff]) }; // CoAP ping
      case 1:
        return { kind: 'empty, ack, reset, responses', buf: Buffer.from([g.pick([0x60, 0x70, 0x50]), 0, mid >> 8, mid & 0xff]) };
      case 2:
        return { kind: 'empty, ack, reset, responses', buf: Buffer.concat([Buffer.from([0x42, 0, mid >> 8, mid & 0xff]), g.bytes(2), Buffer.from([0xff, 1])]) };
      default:
        return { kind: 'empty, ack, reset, responses', buf: g.msg({ type: g.pick([MessageType.CON, MessageType.NON, MessageType.ACK]), code: g.pick([Code.CONTENT, Code.NOT_FOUND, Code.CHANGED, 0xff]), payload: g.bytes(g.int(20)) }, mid) };
    }
  }],
  ['non-confirmable', 4, (g, mid) => {
    const buf = Buffer.from(g.validMessage(mid));
    buf[0] = (buf[0] & 0xcf) | (MessageType.NON << 4);
    return { kind: 'non-confirmable', buf };
  }],
  ['valid readings', 8, (g, mid) => {
    const who = g.int(4) === 0 ? g.t.b : g.t.a;
    const meter = g.pick(who.meters);
    const time = g.uniqueTimeMs();
    const n = 1 + g.int(5);
    const records: Array<Record<string, unknown>> = [];
    const qs = quantitiesOf(g.t, meter);
    for (let i = 0; i < n; i++) {
      const q = qs[(i * 7 + g.int(qs.length)) % qs.length];
      records.push(i === 0 ? { bn: `${meter}:`, bt: time / 1000, n: q, u: UNITS[q], v: SANE[q] } : { n: q, v: SANE[q] });
    }
    if (g.int(4) === 0) records.push({ bn: `${who.serial}:`, n: 'rssi', u: 'dBm', v: -80 }, { n: 'battery', u: '%EL', v: 50 });
    return { kind: 'valid readings', buf: g.postPack(records, mid, who.token), valid: [`${meter}|${time}`], token: who.token };
  }],
];

const TOTAL_WEIGHT = KINDS.reduce((n, [, w]) => n + w, 0);

function label(m: CoapMessage): string {
  if (m.type === MessageType.RST) return 'RST';
  if (m.code === Code.EMPTY) return m.type === MessageType.ACK ? 'ACK (empty)' : 'Empty';
  return m.type === MessageType.NON ? `${codeString(m.code)} (NON)` : codeString(m.code);
}

interface Pending {
  at: number;
  kind: string;
  valid?: string[];
  token?: string;
}

/** Sends `o.count` fuzzed datagrams to the bridge at `t.port` and checks every answer. */
export async function fuzzBridge(t: FuzzTarget, o: FuzzOptions): Promise<FuzzResult> {
  const seed = o.seed ?? (Date.now() & 0x7fffffff);
  const g = new Generators(t, seed);
  const sockets = o.sockets ?? 16;
  const window = o.window ?? 32;
  const perSocket = o.perSocket ?? 30_000;
  const host = t.host ?? '127.0.0.1';
  const result: FuzzResult = {
    sent: 0,
    bytesSent: 0,
    expected: 0,
    answeredExpected: 0,
    received: 0,
    elapsedMs: 0,
    codes: {},
    kinds: {},
    codesByKind: {},
    violations: {},
    answeredWithin2s: 0,
    validSent: 0,
    validAcknowledged: new Set(),
    validSentUntrusted: 0,
    largestErrorPayload: 0,
    largestResponse: 0,
  };
  const violation = (rule: string, example: string) => {
    const list = (result.violations[rule] ??= []);
    if (list.length < 20) list.push(example);
  };
  const count = (kind: string, code: string) => {
    const byKind = (result.codesByKind[kind] ??= {});
    byKind[code] = (byKind[code] ?? 0) + 1;
  };
  /** Tokens that have had a valid reading answered 2.04 (and so are trusted by the bridge from then on). */
  const proven = new Set<string>();
  const start = performance.now();
  let remaining = o.count;
  let lastProgress = start;

  interface Lane {
    socket: Socket;
    sent: number;
    mid: number;
    /** Confirmable datagrams waiting for their ACK/RST, by message ID. */
    pending: Map<number, Pending>;
    /**
     * Confirmable datagrams unanswered after 2 s, by message ID. They no longer hold a slot of the window, so that a
     * slow moment does not stall the run, but an answer that comes later still counts as an answer.
     */
    late: Map<number, Pending>;
    /** Requests answered separately or by NON, by token (hex). */
    byToken: Map<string, Pending>;
    /** Tokens of requests acknowledged by an empty ACK, whose separate response is still to come. */
    separate: Set<string>;
    /** Datagrams that expect no answer hold a window slot briefly, so that they too are paced. */
    cooling: number;
    /**
     * Every message ID that has appeared in a header sent from this socket, mutated ones included. The bridge
     * deduplicates by (endpoint, message ID): a later valid reading reusing an ID that a bit flip produced would be
     * answered with the mutated datagram's cached answer — a 2.04 for a reading the bridge never saw.
     */
    used: Set<number>;
  }

  return new Promise<FuzzResult>((resolve) => {
    const lanes: Lane[] = [];
    const open = new Set<Socket>();
    /** Used-up lanes whose sockets stay open for the separate responses they still wait for. */
    const retired = new Set<Lane>();
    const close = (socket: Socket) => {
      if (open.delete(socket)) socket.close();
    };
    let finished = false;

    const openLane = (): Lane => {
      const socket = createSocket('udp4');
      const lane: Lane = { socket, sent: 0, mid: g.int(0x10000), pending: new Map(), late: new Map(), byToken: new Map(), separate: new Set(), cooling: 0, used: new Set() };
      open.add(socket);
      socket.on('error', () => {});
      socket.on('message', (buf) => onAnswer(lane, buf));
      socket.bind(0, '127.0.0.1');
      return lane;
    };

    const onAnswer = (lane: Lane, buf: Buffer) => {
      result.received++;
      result.largestResponse = Math.max(result.largestResponse, buf.length);
      let m: CoapMessage;
      try {
        m = parseMessage(buf);
      } catch (err) {
        violation('an answer that is not a well-formed CoAP message', `${buf.toString('hex').slice(0, 80)} (${(err as Error).message})`);
        return;
      }
      const code = label(m);
      result.codes[code] = (result.codes[code] ?? 0) + 1;
      if (m.code === Code.INTERNAL_SERVER_ERROR && m.payload.length) violation('5.00 carrying a payload', m.payload.toString('utf8').slice(0, 120));
      if (m.code >> 5 >= 4) {
        result.largestErrorPayload = Math.max(result.largestErrorPayload, m.payload.length);
        if (m.payload.length > 64) violation('an error answer with more than 64 bytes of diagnostic', `${codeString(m.code)} ${m.payload.length} bytes`);
      }
      let p: Pending | undefined;
      if (m.type === MessageType.ACK || m.type === MessageType.RST) {
        p = lane.pending.get(m.messageId);
        if (p) {
          lane.pending.delete(m.messageId);
          result.answeredWithin2s++;
        } else if ((p = lane.late.get(m.messageId))) {
          lane.late.delete(m.messageId);
        }
        if (p) {
          result.answeredExpected++;
          if (m.code === Code.EMPTY && m.type === MessageType.ACK) {
            // Answered separately later: remember it by token.
            const key = m.token.toString('hex') || `mid${m.messageId}`;
            lane.byToken.set(key, p);
            lane.separate.add(key);
          }
        }
      } else {
        if (m.type === MessageType.CON) lane.socket.send(serializeMessage({ type: MessageType.ACK, code: Code.EMPTY, messageId: m.messageId }), t.port, host);
        p = lane.byToken.get(m.token.toString('hex'));
        if (p) lane.byToken.delete(m.token.toString('hex'));
        lane.separate.delete(m.token.toString('hex'));
      }
      if (p && !(m.code === Code.EMPTY)) {
        count(p.kind, code);
        if (m.code === Code.CHANGED && p.valid) {
          for (const k of p.valid) result.validAcknowledged.add(k);
          if (p.token) proven.add(p.token);
        }
      }
      pump(lane);
    };

    const send = (lane: Lane, d: Datagram) => {
      result.sent++;
      result.bytesSent += d.buf.length;
      result.kinds[d.kind] = (result.kinds[d.kind] ?? 0) + 1;
      if (d.valid) {
        result.validSent += d.valid.length;
        if (d.token && !proven.has(d.token)) result.validSentUntrusted += d.valid.length;
      }
      const expectAnswer = d.buf.length >= 4 && d.buf[0] >> 6 === 1 && ((d.buf[0] >> 4) & 3) === MessageType.CON;
      const entry: Pending = { at: performance.now(), kind: d.kind, valid: d.valid, token: d.token };
      if (expectAnswer) {
        result.expected++;
        lane.pending.set(d.buf.readUInt16BE(2), entry);
      } else {
        lane.cooling++;
        setTimeout(() => {
          lane.cooling--;
          pump(lane);
        }, 10);
      }
      // NON requests and separate responses are matched by token (tokens are random, 0–8 bytes).
      const tkl = d.buf.length >= 4 ? d.buf[0] & 0x0f : 0;
      if (tkl > 0 && tkl <= 8 && d.buf.length >= 4 + tkl && ((d.buf[0] >> 4) & 3) === MessageType.NON) lane.byToken.set(d.buf.subarray(4, 4 + tkl).toString('hex'), entry);
      if (d.buf.length >= 4) lane.used.add(d.buf.readUInt16BE(2));
      lane.socket.send(d.buf, t.port, host);
    };

    /** Moves the lane's next message ID past any run of IDs already seen (a generator uses up to 12 in a row). */
    const freshMid = (lane: Lane) => {
      for (let k = 0; k < 12; k++) {
        if (lane.used.has((lane.mid + k) & 0xffff)) {
          lane.mid = (lane.mid + k + 1) & 0xffff;
          k = -1;
        }
      }
    };

    const pump = (lane: Lane) => {
      if (finished) return;
      while (remaining > 0 && lane.pending.size + lane.cooling < window && lane.sent < perSocket) {
        let r = g.int(TOTAL_WEIGHT);
        let gen = KINDS[0][2];
        for (const [, w, f] of KINDS) {
          if (r < w) {
            gen = f;
            break;
          }
          r -= w;
        }
        freshMid(lane);
        const out = gen(g, lane.mid);
        const list = Array.isArray(out) ? out : [out];
        lane.mid = (lane.mid + list.length) & 0xffff;
        for (const d of list) {
          send(lane, d);
          lane.sent++;
          remaining--;
        }
      }
      const now = performance.now();
      if (now - lastProgress > 1000) {
        lastProgress = now;
        o.onProgress?.(result.sent, result.received);
      }
    };

    // Expire unanswered datagrams, replace used-up sockets, and finish when everything is sent and settled.
    const tick = setInterval(() => {
      const now = performance.now();
      for (let i = 0; i < lanes.length; i++) {
        const lane = lanes[i];
        for (const [mid, p] of lane.pending) {
          if (now - p.at <= 2000) continue;
          lane.pending.delete(mid);
          lane.late.set(mid, p);
        }
        for (const [k, p] of lane.byToken) if (now - p.at > 30_000) { lane.byToken.delete(k); lane.separate.delete(k); }
        if (lane.sent >= perSocket && lane.pending.size === 0 && remaining > 0) {
          // Keep the old socket open for the separate responses it still waits for (a slow API makes the bridge
          // acknowledge first and answer later), at most 30 s; then close it.
          retired.add(lane);
          const retiredAt = now;
          const closeWhenSettled = setInterval(() => {
            const closed = !open.has(lane.socket); // the run has ended and closed every socket
            if (!closed && lane.separate.size > 0 && performance.now() - retiredAt < 30_000) return;
            clearInterval(closeWhenSettled);
            retired.delete(lane);
            close(lane.socket);
          }, 250);
          const fresh = openLane();
          lanes[i] = fresh;
          fresh.socket.once('listening', () => pump(fresh));
          continue;
        }
        pump(lanes[i]);
      }
      if (remaining <= 0 && lanes.every((l) => l.pending.size === 0)) {
        finished = true;
        clearInterval(tick);
        result.elapsedMs = performance.now() - start;
        // Late answers and separate responses still count: wait for what is outstanding — late piggybacked answers
        // and the separate responses announced by an empty ACK, on current and retired sockets — at least 1.5 s and
        // at most LATE_ANSWER_MS; then close.
        const settledFrom = performance.now();
        const outstanding = (l: Lane) => l.late.size > 0 || l.separate.size > 0;
        const settle = setInterval(() => {
          const waited = performance.now() - settledFrom;
          if (waited < 1500 || (waited < LATE_ANSWER_MS && (lanes.some(outstanding) || [...retired].some(outstanding)))) return;
          clearInterval(settle);
          for (const socket of [...open]) close(socket);
          resolve(result);
        }, 50);
      }
    }, 20);

    for (let i = 0; i < sockets; i++) {
      const lane = openLane();
      lanes.push(lane);
      lane.socket.once('listening', () => pump(lane));
    }
  });
}
