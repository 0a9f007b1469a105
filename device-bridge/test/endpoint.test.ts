import { afterEach, describe, expect, it } from 'vitest';
import { Code, MessageType, Option } from '../src/coap/constants.js';
import { CoapEndpoint, type CoapHandler } from '../src/coap/endpoint.js';
import { decodeUint, getOption } from '../src/coap/message.js';
import { UdpPeer } from './udp-peer.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const path = (...segments: string[]) => segments.map((s) => ({ number: Option.URI_PATH, value: Buffer.from(s) }));

describe('CoAP endpoint on a real UDP socket', () => {
  let endpoint: CoapEndpoint;
  let peer: UdpPeer;
  let calls = 0;

  async function start(handler: CoapHandler, options: { piggybackMs?: number; maxInFlight?: number; maxExchanges?: number } = {}) {
    calls = 0;
    endpoint = new CoapEndpoint({
      handler: (req) => {
        calls++;
        return handler(req);
      },
      ...options,
    });
    const { port } = await endpoint.listen(0, '127.0.0.1');
    peer = await UdpPeer.open(port);
  }

  afterEach(async () => {
    peer?.close();
    await endpoint?.close();
  });

  it('answers a quick confirmable request piggybacked in the ACK, echoing message ID and token', async () => {
    await start(() => ({ code: Code.CHANGED }));
    peer.send({ code: Code.POST, messageId: 0x1234, token: Buffer.from('ab'), options: path('x') });
    const [ack] = await peer.next();
    expect(ack).toMatchObject({ type: MessageType.ACK, code: Code.CHANGED, messageId: 0x1234 });
    expect(ack.token.toString()).toBe('ab');
  });

  it('sends an empty ACK first and a separate confirmable response when the answer takes longer', async () => {
    await start(() => new Promise((r) => setTimeout(() => r({ code: Code.CHANGED }), 200)), { piggybackMs: 50 });
    peer.send({ code: Code.POST, messageId: 7, token: Buffer.from('t1') });
    const [emptyAck, response] = await peer.next(2);
    expect(emptyAck).toMatchObject({ type: MessageType.ACK, code: Code.EMPTY, messageId: 7 });
    expect(response).toMatchObject({ type: MessageType.CON, code: Code.CHANGED });
    expect(response.token.toString()).toBe('t1');
    // Acknowledged, the separate response is not retransmitted.
    peer.send({ type: MessageType.ACK, code: Code.EMPTY, messageId: response.messageId });
    expect(await peer.silence(2500)).toBe(true);
  });

  it('retransmits an unacknowledged separate response', async () => {
    await start(() => new Promise((r) => setTimeout(() => r({ code: Code.CHANGED }), 100)), { piggybackMs: 10 });
    peer.send({ code: Code.POST, messageId: 8, token: Buffer.from('t2') });
    const [, first, again] = await peer.next(3, 5000);
    expect(again).toEqual(first);
  });

  it('handles a retransmission that arrives while the first copy is in progress only once', async () => {
    await start(() => new Promise((r) => setTimeout(() => r({ code: Code.CHANGED }), 150)));
    peer.send({ code: Code.POST, messageId: 9, token: Buffer.from('t3') });
    peer.send({ code: Code.POST, messageId: 9, token: Buffer.from('t3') });
    const [ack] = await peer.next();
    expect(ack).toMatchObject({ type: MessageType.ACK, code: Code.CHANGED, messageId: 9 });
    expect(await peer.silence()).toBe(true);
    expect(calls).toBe(1);
  });

  it('answers a later retransmission with the same response again, without handling it again', async () => {
    await start(() => ({ code: Code.BAD_REQUEST, payload: Buffer.from('bad') }));
    peer.send({ code: Code.POST, messageId: 10, token: Buffer.from('t4') });
    const [first] = await peer.next();
    peer.send({ code: Code.POST, messageId: 10, token: Buffer.from('t4') });
    const [second] = await peer.next();
    expect(second).toEqual(first);
    expect(calls).toBe(1);
  });

  it('handles a request that reuses a recent message ID with another token as new: it is not a copy, and its readings must not be acknowledged unstored', async () => {
    await start(() => ({ code: Code.CHANGED }));
    peer.send({ code: Code.POST, messageId: 11, token: Buffer.from('first') });
    expect((await peer.next())[0]).toMatchObject({ type: MessageType.ACK, code: Code.CHANGED, messageId: 11, token: Buffer.from('first') });
    // The modem restarted and counts message IDs from the same place again, from the same port.
    peer.send({ code: Code.POST, messageId: 11, token: Buffer.from('second') });
    expect((await peer.next())[0]).toMatchObject({ type: MessageType.ACK, code: Code.CHANGED, messageId: 11, token: Buffer.from('second') });
    expect(calls).toBe(2);
    expect(endpoint.stats).toMatchObject({ duplicates: 0, reusedIds: 1 });
    // A copy of the second one is still a duplicate.
    peer.send({ code: Code.POST, messageId: 11, token: Buffer.from('second') });
    expect((await peer.next())[0]).toMatchObject({ token: Buffer.from('second') });
    expect(calls).toBe(2);
    expect(endpoint.stats.duplicates).toBe(1);
  });

  it('remembers the newest maxExchanges exchanges: beyond the bound the oldest is handled again, a recent one is not', async () => {
    await start(() => ({ code: Code.CHANGED }), { maxExchanges: 100 });
    for (let mid = 1; mid <= 250; mid++) {
      peer.send({ code: Code.POST, messageId: mid, token: Buffer.from([mid & 0xff]) });
      await peer.next();
    }
    expect(calls).toBe(250);
    peer.send({ code: Code.POST, messageId: 249, token: Buffer.from([249]) });
    expect((await peer.next())[0]).toMatchObject({ type: MessageType.ACK, code: Code.CHANGED, messageId: 249 });
    expect(calls).toBe(250);
    peer.send({ code: Code.POST, messageId: 3, token: Buffer.from([3]) });
    expect((await peer.next())[0]).toMatchObject({ type: MessageType.ACK, code: Code.CHANGED, messageId: 3 });
    expect(calls).toBe(251);
  });

  it('rejects a confirmable message it cannot parse with a bare Reset (no error text)', async () => {
    await start(() => ({ code: Code.CHANGED }));
    peer.sendRaw(hex('49 02 ab cd 010203040506070809')); // token length 9
    const [rst] = await peer.next();
    expect(rst).toMatchObject({ type: MessageType.RST, code: Code.EMPTY, messageId: 0xabcd });
    expect(rst.payload.length).toBe(0);
    expect(calls).toBe(0);
  });

  it('drops a non-confirmable message it cannot parse, and garbage, silently', async () => {
    await start(() => ({ code: Code.CHANGED }));
    peer.sendRaw(hex('59 02 ab cd 010203040506070809'));
    peer.sendRaw(hex('ff'));
    peer.sendRaw(hex('81 02 00 01'));
    expect(await peer.silence()).toBe(true);
  });

  it('answers a CoAP ping (an empty confirmable message) with Reset', async () => {
    await start(() => ({ code: Code.CHANGED }));
    peer.sendRaw(hex('40 00 12 34'));
    const [rst] = await peer.next();
    expect(rst).toMatchObject({ type: MessageType.RST, messageId: 0x1234 });
  });

  it('answers a non-confirmable request non-confirmably', async () => {
    await start(() => ({ code: Code.CONTENT, payload: Buffer.from('hi') }));
    peer.send({ type: MessageType.NON, code: Code.GET, messageId: 11, token: Buffer.from('n') });
    const [res] = await peer.next();
    expect(res).toMatchObject({ type: MessageType.NON, code: Code.CONTENT });
    expect(res.payload.toString()).toBe('hi');
  });

  it('answers 4.02 Bad Option for an unknown critical option, and 5.05 for a proxy request', async () => {
    await start(() => ({ code: Code.CHANGED }));
    peer.send({ code: Code.POST, messageId: 12, options: [{ number: 2049, value: Buffer.from([1]) }] });
    peer.send({ code: Code.POST, messageId: 13, options: [{ number: Option.PROXY_URI, value: Buffer.from('coap://x/') }] });
    const [a, b] = await peer.next(2);
    expect([a.code, b.code].sort()).toEqual([Code.BAD_OPTION, Code.PROXYING_NOT_SUPPORTED].sort());
    expect(calls).toBe(0);
  });

  it('ignores an unknown elective option', async () => {
    await start(() => ({ code: Code.CHANGED }));
    peer.send({ code: Code.POST, messageId: 14, options: [{ number: 2048, value: Buffer.from([1]) }] });
    const [a] = await peer.next();
    expect(a.code).toBe(Code.CHANGED);
  });

  it('turns requests away with 5.03 and Max-Age when too many are in progress', async () => {
    await start(() => new Promise((r) => setTimeout(() => r({ code: Code.CHANGED }), 300)), { maxInFlight: 1 });
    peer.send({ code: Code.POST, messageId: 15 });
    peer.send({ code: Code.POST, messageId: 16 });
    const answers = await peer.next(2);
    const busy = answers.find((m) => m.messageId === 16)!;
    expect(busy.code).toBe(Code.SERVICE_UNAVAILABLE);
    expect(decodeUint(getOption(busy, Option.MAX_AGE)!)).toBe(5);
  });

  it('answers 5.00 without text when the handler fails', async () => {
    await start(() => {
      throw new Error('secret internals');
    });
    peer.send({ code: Code.POST, messageId: 17 });
    const [res] = await peer.next();
    expect(res.code).toBe(Code.INTERNAL_SERVER_ERROR);
    expect(res.payload.length).toBe(0);
  });
});
