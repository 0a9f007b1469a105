/**
 * The CoAP message format (RFC 7252 §3), parsed strictly: every length is checked against the datagram,
 * reserved values are rejected, nothing is read past the end. What does not parse is a format error
 * (the endpoint answers a confirmable one with Reset, and drops the rest).
 */
import { MAX_TOKEN_BYTES, MessageType } from './constants.js';

export interface CoapOption {
  number: number;
  value: Buffer;
}

export interface CoapMessage {
  type: MessageType;
  code: number;
  messageId: number;
  token: Buffer;
  /** In ascending option-number order (as on the wire). */
  options: CoapOption[];
  payload: Buffer;
}

export class FormatError extends Error {
  override name = 'FormatError';
}

const EMPTY: Buffer = Buffer.alloc(0);

/** Reads the header only: enough to reject a confirmable message we cannot parse. */
export function peekHeader(buf: Buffer): { version: number; type: MessageType; messageId: number } | null {
  if (buf.length < 4) return null;
  return { version: buf[0] >> 6, type: ((buf[0] >> 4) & 3) as MessageType, messageId: buf.readUInt16BE(2) };
}

export function parseMessage(buf: Buffer): CoapMessage {
  if (buf.length < 4) throw new FormatError('shorter than a header');
  if (buf[0] >> 6 !== 1) throw new FormatError('unsupported version');
  const type = ((buf[0] >> 4) & 3) as MessageType;
  const tkl = buf[0] & 0x0f;
  const code = buf[1];
  const messageId = buf.readUInt16BE(2);
  if (tkl > MAX_TOKEN_BYTES) throw new FormatError('reserved token length');
  if (code === 0) {
    // An Empty message is exactly four bytes (RFC 7252 §4.1).
    if (tkl !== 0 || buf.length !== 4) throw new FormatError('empty message with content');
    return { type, code, messageId, token: EMPTY, options: [], payload: EMPTY };
  }
  if (4 + tkl > buf.length) throw new FormatError('token past the end');
  const token = buf.subarray(4, 4 + tkl);
  const options: CoapOption[] = [];
  let i = 4 + tkl;
  let number = 0;
  let payload = EMPTY;
  while (i < buf.length) {
    const byte = buf[i++];
    if (byte === 0xff) {
      if (i >= buf.length) throw new FormatError('payload marker without payload');
      payload = buf.subarray(i);
      break;
    }
    let delta = byte >> 4;
    let length = byte & 0x0f;
    if (delta === 13) {
      if (i + 1 > buf.length) throw new FormatError('option delta past the end');
      delta = buf[i++] + 13;
    } else if (delta === 14) {
      if (i + 2 > buf.length) throw new FormatError('option delta past the end');
      delta = buf.readUInt16BE(i) + 269;
      i += 2;
    } else if (delta === 15) {
      throw new FormatError('reserved option delta');
    }
    if (length === 13) {
      if (i + 1 > buf.length) throw new FormatError('option length past the end');
      length = buf[i++] + 13;
    } else if (length === 14) {
      if (i + 2 > buf.length) throw new FormatError('option length past the end');
      length = buf.readUInt16BE(i) + 269;
      i += 2;
    } else if (length === 15) {
      throw new FormatError('reserved option length');
    }
    number += delta;
    if (number > 0xffff) throw new FormatError('option number too large');
    if (i + length > buf.length) throw new FormatError('option value past the end');
    options.push({ number, value: buf.subarray(i, i + length) });
    i += length;
  }
  return { type, code, messageId, token, options, payload };
}

function nibble(n: number): [number, number[]] {
  if (n < 13) return [n, []];
  if (n < 269) return [13, [n - 13]];
  return [14, [(n - 269) >> 8, (n - 269) & 0xff]];
}

export function serializeMessage(m: {
  type: MessageType;
  code: number;
  messageId: number;
  token?: Buffer;
  options?: CoapOption[];
  payload?: Buffer;
}): Buffer {
  const token = m.token ?? EMPTY;
  if (token.length > MAX_TOKEN_BYTES) throw new Error('token longer than 8 bytes');
  const options = (m.options ?? []).slice().sort((a, b) => a.number - b.number);
  const payload = m.payload ?? EMPTY;
  const parts: Buffer[] = [];
  const header = Buffer.allocUnsafe(4);
  header[0] = (1 << 6) | (m.type << 4) | token.length;
  header[1] = m.code;
  header.writeUInt16BE(m.messageId & 0xffff, 2);
  parts.push(header, token);
  let previous = 0;
  for (const o of options) {
    const [dn, dext] = nibble(o.number - previous);
    const [ln, lext] = nibble(o.value.length);
    parts.push(Buffer.from([(dn << 4) | ln, ...dext, ...lext]), o.value);
    previous = o.number;
  }
  if (payload.length) parts.push(Buffer.from([0xff]), payload);
  return Buffer.concat(parts);
}

/** Unsigned integer option values are big-endian in as few bytes as possible (0 is zero bytes). */
export function encodeUint(n: number): Buffer {
  if (n === 0) return EMPTY;
  const bytes: number[] = [];
  while (n > 0) {
    bytes.unshift(n & 0xff);
    n = Math.floor(n / 256);
  }
  return Buffer.from(bytes);
}

export function decodeUint(b: Buffer): number {
  let n = 0;
  for (const byte of b) n = n * 256 + byte;
  return n;
}

export function getOption(m: CoapMessage, number: number): Buffer | undefined {
  for (const o of m.options) if (o.number === number) return o.value;
  return undefined;
}

export function getOptions(m: CoapMessage, number: number): Buffer[] {
  const out: Buffer[] = [];
  for (const o of m.options) if (o.number === number) out.push(o.value);
  return out;
}

/** Block1/Block2 option value (RFC 7959 §2.2): NUM, M(ore) and SZX (size = 2^(SZX+4)). */
export interface BlockOption {
  num: number;
  more: boolean;
  szx: number;
}

export function decodeBlock(b: Buffer): BlockOption | null {
  if (b.length > 3) return null;
  const v = decodeUint(b);
  const szx = v & 7;
  if (szx === 7) return null; // reserved (BERT only over TCP)
  return { num: v >> 4, more: (v & 8) !== 0, szx };
}

export function encodeBlock(b: BlockOption): Buffer {
  return encodeUint((b.num << 4) | (b.more ? 8 : 0) | b.szx);
}

export const blockSize = (szx: number): number => 1 << (szx + 4);
