import { generate, parse } from 'coap-packet';
import { describe, expect, it } from 'vitest';
import { Code, MessageType, Option } from '../src/coap/constants.js';
import { decodeBlock, encodeBlock, encodeUint, FormatError, parseMessage, serializeMessage } from '../src/coap/message.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('CoAP message codec (RFC 7252 §3)', () => {
  it('parses what another implementation (coap-packet) generates', () => {
    const buf = generate({
      code: '0.02',
      confirmable: true,
      messageId: 0xbeef,
      token: Buffer.from([1, 2, 3, 4]),
      options: [
        { name: 'Uri-Path', value: Buffer.from('v1') },
        { name: 'Uri-Path', value: Buffer.from('x'.repeat(300)) },
        { name: 'Content-Format', value: Buffer.from([110]) },
        { name: 'Size1', value: Buffer.from([4, 0]) },
      ],
      payload: Buffer.from('[{"n":"a","v":1}]'),
    });
    const m = parseMessage(buf);
    expect(m).toMatchObject({ type: MessageType.CON, code: Code.POST, messageId: 0xbeef });
    expect(m.token).toEqual(Buffer.from([1, 2, 3, 4]));
    expect(m.options.map((o) => [o.number, o.value.length])).toEqual([
      [Option.URI_PATH, 2],
      [Option.URI_PATH, 300],
      [Option.CONTENT_FORMAT, 1],
      [Option.SIZE1, 2],
    ]);
    expect(m.payload.toString()).toBe('[{"n":"a","v":1}]');
  });

  it('generates what another implementation (coap-packet) parses', () => {
    const buf = serializeMessage({
      type: MessageType.ACK,
      code: Code.CHANGED,
      messageId: 7,
      token: Buffer.from('tok'),
      options: [
        { number: Option.SIZE1, value: encodeUint(1024) },
        { number: Option.MAX_AGE, value: encodeUint(30) },
        { number: 2000, value: Buffer.alloc(20, 1) },
      ],
      payload: Buffer.from('diagnostic'),
    });
    const p = parse(buf);
    expect(p).toMatchObject({ code: '2.04', ack: true, messageId: 7 });
    expect(p.options.map((o) => [String(o.name), o.value.length])).toEqual([
      ['Max-Age', 1],
      ['Size1', 2],
      ['2000', 20],
    ]);
    expect(p.payload.toString()).toBe('diagnostic');
  });

  it.each([
    ['a datagram shorter than a header', '40 01 00'],
    ['a token length of 9 (reserved)', '49 01 00 01 010203040506070809'],
    ['a token that runs past the end', '44 01 00 01 0102'],
    ['an Empty message with a token', '41 00 00 01 aa'],
    ['an Empty message with bytes after the header', '40 00 00 01 ff'],
    ['a payload marker without payload', '40 01 00 01 ff'],
    ['an option delta of 15 that is not a payload marker', '40 01 00 01 f1 00'],
    ['an option length of 15', '40 01 00 01 bf'],
    ['an option value that runs past the end', '40 01 00 01 b5 7631'],
    ['an extended option delta cut short', '40 01 00 01 d0'],
    ['an extended option length cut short', '40 01 00 01 be 01'],
  ])('rejects %s as a format error', (_what, bytes) => {
    expect(() => parseMessage(hex(bytes))).toThrow(FormatError);
  });

  it('rejects an unknown version', () => {
    expect(() => parseMessage(hex('80 01 00 01'))).toThrow(/version/);
  });

  it('round-trips extended option deltas and lengths (13+ and 269+)', () => {
    const options = [
      { number: 12, value: Buffer.alloc(12) },
      { number: 25, value: Buffer.alloc(13) },
      { number: 300, value: Buffer.alloc(268) },
      { number: 1000, value: Buffer.alloc(269) },
      { number: 65000, value: Buffer.alloc(0) },
    ];
    const m = parseMessage(serializeMessage({ type: MessageType.NON, code: Code.GET, messageId: 1, options }));
    expect(m.options.map((o) => [o.number, o.value.length])).toEqual(options.map((o) => [o.number, o.value.length]));
  });

  it('encodes block options as RFC 7959 §2.2 describes', () => {
    expect(encodeBlock({ num: 0, more: true, szx: 6 })).toEqual(Buffer.from([0x0e]));
    expect(encodeBlock({ num: 5, more: false, szx: 2 })).toEqual(Buffer.from([0x52]));
    expect(decodeBlock(Buffer.from([0x01, 0x2e]))).toEqual({ num: 18, more: true, szx: 6 });
    expect(decodeBlock(Buffer.from([0x0f]))).toBeNull(); // SZX 7 is reserved
  });
});
