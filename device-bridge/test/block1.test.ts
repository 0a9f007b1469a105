import { afterEach, describe, expect, it } from 'vitest';
import { Code, MessageType, Option } from '../src/coap/constants.js';
import { CoapEndpoint, type CoapRequest, type EndpointOptions } from '../src/coap/endpoint.js';
import { decodeBlock, decodeUint, encodeBlock, encodeUint, getOption, type CoapMessage, type CoapOption } from '../src/coap/message.js';
import { UdpPeer } from './udp-peer.js';

const uri = (...segments: string[]) => segments.map((s) => ({ number: Option.URI_PATH, value: Buffer.from(s) }));
const block1Of = (m: CoapMessage) => {
  const b = getOption(m, Option.BLOCK1);
  return b && decodeBlock(b);
};
/** A body whose every byte says where it is: a reassembly mistake shows up as a different buffer. */
const body = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7 + 3) & 0xff));

describe('Block1: request bodies sent block-wise (RFC 7959 §2.5), on a real UDP socket', () => {
  let endpoint: CoapEndpoint;
  let peer: UdpPeer;
  let handled: CoapRequest[];
  let port: number;
  let mid = 100;

  async function start(options: Partial<EndpointOptions> = {}) {
    handled = [];
    endpoint = new CoapEndpoint({
      handler: (req) => {
        handled.push(req);
        return { code: Code.CHANGED };
      },
      maxBodyBytes: 1024,
      ...options,
    });
    port = (await endpoint.listen(0, '127.0.0.1')).port;
    peer = await UdpPeer.open(port);
  }

  /** Sends block `num` of `whole` in blocks of 2^(szx+4) bytes and returns the answer. */
  async function sendBlock(whole: Buffer, num: number, szx: number, extra: { token?: string; size1?: number; path?: string; messageId?: number } = {}) {
    const size = 1 << (szx + 4);
    const chunk = whole.subarray(num * size, (num + 1) * size);
    const more = (num + 1) * size < whole.length;
    const options: CoapOption[] = [...uri(extra.path ?? 'upload'), { number: Option.BLOCK1, value: encodeBlock({ num, more, szx }) }];
    if (extra.size1 !== undefined) options.push({ number: Option.SIZE1, value: encodeUint(extra.size1) });
    const messageId = extra.messageId ?? mid++;
    peer.send({ code: Code.POST, messageId, token: Buffer.from(extra.token ?? `t${num}`), options, payload: chunk });
    const [answer] = await peer.next();
    expect(answer.messageId).toBe(messageId);
    return answer;
  }

  afterEach(async () => {
    peer?.close();
    await endpoint?.close();
  });

  it('answers every block but the last 2.31 Continue echoing its Block1, and hands the handler the whole body once', async () => {
    await start();
    const whole = body(200); // 64 + 64 + 64 + 8 bytes
    for (let num = 0; num < 3; num++) {
      const answer = await sendBlock(whole, num, 2, { token: `tok-${num}` }); // a new token per block is allowed
      expect(answer).toMatchObject({ type: MessageType.ACK, code: Code.CONTINUE });
      expect(answer.token.toString()).toBe(`tok-${num}`);
      expect(block1Of(answer)).toEqual({ num, more: true, szx: 2 });
      expect(handled).toEqual([]);
    }
    const final = await sendBlock(whole, 3, 2);
    expect(final.code).toBe(Code.CHANGED);
    expect(block1Of(final)).toEqual({ num: 3, more: false, szx: 2 });
    expect(handled).toHaveLength(1);
    expect(handled[0].payload.equals(whole)).toBe(true);
    expect(endpoint.blockTransfers).toBe(0);
  });

  it('handles a body that fits in its first block without waiting for more', async () => {
    await start();
    const whole = body(40);
    const answer = await sendBlock(whole, 0, 6);
    expect(answer.code).toBe(Code.CHANGED);
    expect(block1Of(answer)).toEqual({ num: 0, more: false, szx: 6 });
    expect(handled[0].payload.equals(whole)).toBe(true);
  });

  it('answers a duplicate of a block (same message ID) with the same 2.31 and does not count its bytes twice', async () => {
    await start();
    const whole = body(150);
    const first = await sendBlock(whole, 0, 2, { messageId: 7000 });
    const again = await sendBlock(whole, 0, 2, { messageId: 7000 });
    expect(again).toEqual(first);
    await sendBlock(whole, 1, 2);
    const duplicate = await sendBlock(whole, 1, 2, { messageId: mid - 1 });
    expect(duplicate.code).toBe(Code.CONTINUE);
    expect((await sendBlock(whole, 2, 2)).code).toBe(Code.CHANGED);
    expect(handled).toHaveLength(1);
    expect(handled[0].payload.equals(whole)).toBe(true);
    expect(endpoint.stats.duplicates).toBe(2);
  });

  it('answers 4.08 Request Entity Incomplete for a gap, and for a block of a transfer it never saw begin', async () => {
    await start();
    const whole = body(300);
    await sendBlock(whole, 0, 2);
    expect((await sendBlock(whole, 2, 2)).code).toBe(Code.REQUEST_ENTITY_INCOMPLETE);
    // The gap ended the transfer: what follows is incomplete too.
    expect((await sendBlock(whole, 3, 2)).code).toBe(Code.REQUEST_ENTITY_INCOMPLETE);
    expect((await sendBlock(whole, 1, 2, { path: 'other' })).code).toBe(Code.REQUEST_ENTITY_INCOMPLETE);
    expect(handled).toEqual([]);
    expect(endpoint.blockTransfers).toBe(0);
  });

  it('answers 4.13 with Size1 at the first block when the client announces a body over the limit', async () => {
    await start();
    const whole = body(2048);
    const answer = await sendBlock(whole, 0, 6, { size1: whole.length });
    expect(answer.code).toBe(Code.REQUEST_ENTITY_TOO_LARGE);
    expect(decodeUint(getOption(answer, Option.SIZE1)!)).toBe(1024);
    expect(endpoint.blockTransfers).toBe(0);
    expect((await sendBlock(whole, 1, 6)).code).toBe(Code.REQUEST_ENTITY_INCOMPLETE);
    expect(handled).toEqual([]);
  });

  it('answers 4.13 with Size1 as soon as the blocks add up to more than the limit, and drops what it held', async () => {
    await start({ maxBodyBytes: 200 });
    const whole = body(400);
    for (let num = 0; num < 3; num++) expect((await sendBlock(whole, num, 2)).code).toBe(Code.CONTINUE);
    expect(endpoint.blockTransfers).toBe(1);
    const answer = await sendBlock(whole, 3, 2); // 256 bytes > 200
    expect(answer.code).toBe(Code.REQUEST_ENTITY_TOO_LARGE);
    expect(decodeUint(getOption(answer, Option.SIZE1)!)).toBe(200);
    expect(endpoint.blockTransfers).toBe(0);
    expect((await sendBlock(whole, 4, 2)).code).toBe(Code.REQUEST_ENTITY_INCOMPLETE);
    expect(handled).toEqual([]);
  });

  it('answers 4.00 for a block whose payload is not its block size while more blocks are announced', async () => {
    await start();
    peer.send({ code: Code.POST, messageId: 1, options: [...uri('upload'), { number: Option.BLOCK1, value: encodeBlock({ num: 0, more: true, szx: 2 }) }], payload: body(10) });
    const [answer] = await peer.next();
    expect(answer.code).toBe(Code.BAD_REQUEST);
    expect(handled).toEqual([]);
  });

  it('keeps transfers of different resources and different clients apart', async () => {
    await start();
    const other = await UdpPeer.open(port);
    try {
      const a = body(100);
      const b = Buffer.from(body(100)).reverse();
      await sendBlock(a, 0, 2, { path: 'a' });
      await sendBlock(b, 0, 2, { path: 'b' });
      // The same path from another client is another transfer.
      other.send({ code: Code.POST, messageId: 1, options: [...uri('a'), { number: Option.BLOCK1, value: encodeBlock({ num: 1, more: false, szx: 2 }) }], payload: a.subarray(64) });
      expect((await other.next())[0].code).toBe(Code.REQUEST_ENTITY_INCOMPLETE);
      expect((await sendBlock(b, 1, 2, { path: 'b' })).code).toBe(Code.CHANGED);
      expect((await sendBlock(a, 1, 2, { path: 'a' })).code).toBe(Code.CHANGED);
      expect(handled.map((r) => [r.path[0], r.payload.equals(r.path[0] === 'a' ? a : b)])).toEqual([
        ['b', true],
        ['a', true],
      ]);
    } finally {
      other.close();
    }
  });

  it('forgets a transfer that waits too long for its next block, and the oldest one when too many are open', async () => {
    await start({ blockTimeoutMs: 150, maxBlockTransfers: 2 });
    const whole = body(200);
    await sendBlock(whole, 0, 2, { path: 'slow' });
    await new Promise((r) => setTimeout(r, 300));
    expect((await sendBlock(whole, 1, 2, { path: 'slow' })).code).toBe(Code.REQUEST_ENTITY_INCOMPLETE);

    await sendBlock(whole, 0, 2, { path: 'one' });
    await sendBlock(whole, 0, 2, { path: 'two' });
    await sendBlock(whole, 0, 2, { path: 'three' }); // evicts "one"
    expect(endpoint.blockTransfers).toBe(2);
    expect((await sendBlock(whole, 1, 2, { path: 'one' })).code).toBe(Code.REQUEST_ENTITY_INCOMPLETE);
    expect((await sendBlock(whole, 1, 2, { path: 'three' })).code).toBe(Code.CONTINUE);
  });

  it('puts the Block1 of the last block into a separate response too', async () => {
    endpoint = new CoapEndpoint({
      handler: () => new Promise((r) => setTimeout(() => r({ code: Code.CHANGED }), 150)),
      piggybackMs: 20,
    });
    peer = await UdpPeer.open((await endpoint.listen(0, '127.0.0.1')).port);
    const whole = body(100);
    expect((await sendBlock(whole, 0, 2)).code).toBe(Code.CONTINUE);
    peer.send({ code: Code.POST, messageId: 5555, token: Buffer.from('last'), options: [...uri('upload'), { number: Option.BLOCK1, value: encodeBlock({ num: 1, more: false, szx: 2 }) }], payload: whole.subarray(64) });
    const [emptyAck, response] = await peer.next(2);
    expect(emptyAck).toMatchObject({ type: MessageType.ACK, code: Code.EMPTY, messageId: 5555 });
    expect(response).toMatchObject({ type: MessageType.CON, code: Code.CHANGED });
    expect(block1Of(response)).toEqual({ num: 1, more: false, szx: 2 });
    peer.send({ type: MessageType.ACK, code: Code.EMPTY, messageId: response.messageId });
  });
});
