/**
 * The v1 resources /time and /config, observe, Accept and the rate limit, through the real endpoint, routes,
 * observer registry, token cache and limiter on real UDP sockets. The API behind the bridge is replaced by a
 * small in-memory stand-in (tests/integration runs the real one).
 */
import { decode } from 'cbor-x';
import { afterEach, describe, expect, it } from 'vitest';
import { Code, ContentFormat, MessageType, Option } from '../src/coap/constants.js';
import { CoapEndpoint, type EndpointOptions } from '../src/coap/endpoint.js';
import { decodeUint, encodeUint, getOption, type CoapMessage, type CoapOption } from '../src/coap/message.js';
import { ObserverRegistry, type ObserveOptions } from '../src/coap/observe.js';
import type { DeviceApi, DeviceConfig } from '../src/devices/device-api.js';
import { DeviceDirectory } from '../src/devices/directory.js';
import type { ApiClient, PackInput } from '../src/ingest/api-client.js';
import { Forwarder } from '../src/ingest/forwarder.js';
import { RateLimiter, type RateLimitOptions } from '../src/protocol/rate-limit.js';
import { createRoutes, type ConfigObservation, type Routes } from '../src/routes.js';
import { UdpPeer } from './udp-peer.js';

const TOKEN = 'A'.repeat(32);
const OTHER = 'B'.repeat(32);
const UNKNOWN = 'Z'.repeat(32);

const opt = (number: number, value: number | string): CoapOption => ({ number, value: typeof value === 'number' ? encodeUint(value) : Buffer.from(value) });
const path = (...segments: string[]) => segments.map((s) => opt(Option.URI_PATH, s));
const uintOf = (m: CoapMessage, number: number) => {
  const v = getOption(m, number);
  return v === undefined ? undefined : decodeUint(v);
};
const jsonOf = (m: CoapMessage) => JSON.parse(m.payload.toString());

class Api implements ApiClient, DeviceApi {
  readonly devices = new Map<string, DeviceConfig>([
    [TOKEN, { controllerId: '1', serial: 'C-0001', reportingIntervalS: 900, reportingPhaseS: 417, serverTime: new Date().toISOString() }],
    [OTHER, { controllerId: '2', serial: 'C-0002', reportingIntervalS: 900, reportingPhaseS: 83, serverTime: new Date().toISOString() }],
  ]);
  readonly packs: PackInput[] = [];
  lookups = 0;
  /** When set, every pack is answered INVALID with this message. */
  invalid: string | null = null;

  async deviceConfig(token: string) {
    this.lookups++;
    return this.devices.get(token) ?? null;
  }

  async ingest(packs: PackInput[]) {
    this.packs.push(...packs);
    const invalid = this.invalid;
    if (invalid !== null) return packs.map(() => ({ status: 'INVALID' as const, stored: 0, duplicates: 0, message: invalid }));
    return packs.map((p) => ({ status: this.devices.has(p.token) ? ('STORED' as const) : ('UNAUTHORIZED' as const), stored: p.readings.length, duplicates: 0, message: null }));
  }

  set(token: string, change: Partial<DeviceConfig>) {
    this.devices.set(token, { ...this.devices.get(token)!, ...change });
  }
}

describe('GET /time and /config, observe, Accept and 4.29 on a real UDP socket', () => {
  let endpoint: CoapEndpoint;
  let observers: ObserverRegistry<ConfigObservation>;
  let routes: Routes;
  let api: Api;
  let port: number;
  const peers: UdpPeer[] = [];
  let mid = 1;

  async function start(
    options: {
      rate?: Partial<RateLimitOptions>;
      unknown?: Partial<RateLimitOptions>;
      observe?: Partial<ObserveOptions>;
      endpoint?: Partial<EndpointOptions>;
      cacheMs?: number;
      draining?: () => boolean;
    } = {},
  ) {
    api = new Api();
    const devices = new DeviceDirectory(api, { ttlMs: options.cacheMs ?? 5000 });
    endpoint = new CoapEndpoint({ handler: (req) => routes.handler(req), ...options.endpoint });
    observers = new ObserverRegistry(endpoint, { maxObservers: 100, maxPerGroup: 4, ...options.observe });
    routes = createRoutes({
      forwarder: new Forwarder(api),
      devices,
      observers,
      limiter: new RateLimiter({ perMinute: 600, burst: 100, ...options.rate }),
      unknownSources: new RateLimiter({ perMinute: 600, burst: 100, ...options.unknown }),
      draining: options.draining,
      shutdownRetryS: 30,
      maxPayloadBytes: 1024,
      maxBodyBytes: 65536,
    });
    port = (await endpoint.listen(0, '127.0.0.1')).port;
    return peer();
  }

  async function peer() {
    const p = await UdpPeer.open(port);
    peers.push(p);
    return p;
  }

  function get(p: UdpPeer, token: string, resource: string, extra: { observe?: number; accept?: number; tok?: string; code?: number } = {}) {
    const options = path('v1', token, resource);
    if (extra.observe !== undefined) options.push(opt(Option.OBSERVE, extra.observe));
    if (extra.accept !== undefined) options.push(opt(Option.ACCEPT, extra.accept));
    p.send({ code: extra.code ?? Code.GET, messageId: mid++, token: Buffer.from(extra.tok ?? 'obs1'), options });
  }

  async function ask(p: UdpPeer, token: string, resource: string, extra: Parameters<typeof get>[3] = {}) {
    get(p, token, resource, extra);
    return (await p.next())[0];
  }

  afterEach(async () => {
    peers.splice(0).forEach((p) => p.close());
    observers?.clear();
    await endpoint?.close();
  });

  describe('/time', () => {
    it('answers the server clock as {"t": seconds} in JSON when no Accept is given, never cacheable', async () => {
      const p = await start();
      const before = Date.now() / 1000;
      const res = await ask(p, TOKEN, 'time');
      expect(res).toMatchObject({ type: MessageType.ACK, code: Code.CONTENT });
      expect(uintOf(res, Option.CONTENT_FORMAT)).toBe(ContentFormat.JSON);
      expect(uintOf(res, Option.MAX_AGE)).toBe(0);
      const { t } = jsonOf(res);
      expect(t).toBeGreaterThanOrEqual(before);
      expect(t).toBeLessThanOrEqual(Date.now() / 1000);
    });

    it('answers in the representation asked for with Accept: CBOR, SenML JSON, SenML CBOR', async () => {
      const p = await start();
      const cbor = await ask(p, TOKEN, 'time', { accept: ContentFormat.CBOR });
      expect(uintOf(cbor, Option.CONTENT_FORMAT)).toBe(ContentFormat.CBOR);
      expect(Math.abs(decode(cbor.payload).t - Date.now() / 1000)).toBeLessThan(2);

      const senml = await ask(p, TOKEN, 'time', { accept: ContentFormat.SENML_JSON });
      expect(uintOf(senml, Option.CONTENT_FORMAT)).toBe(ContentFormat.SENML_JSON);
      const [record] = jsonOf(senml);
      expect(record).toMatchObject({ n: 'time', u: 's' });
      expect(Math.abs(record.v - Date.now() / 1000)).toBeLessThan(2);

      const senmlCbor = await ask(p, TOKEN, 'time', { accept: ContentFormat.SENML_CBOR });
      expect(uintOf(senmlCbor, Option.CONTENT_FORMAT)).toBe(ContentFormat.SENML_CBOR);
      const [labels] = decode(senmlCbor.payload) as Array<Record<number, unknown> | Map<number, unknown>>;
      const entries = labels instanceof Map ? Object.fromEntries(labels) : labels;
      expect(entries[0]).toBe('time'); // n
      expect(entries[1]).toBe('s'); // u
    });

    it('answers 4.06 Not Acceptable for a representation it does not serve', async () => {
      const p = await start();
      expect((await ask(p, TOKEN, 'time', { accept: ContentFormat.TEXT_PLAIN })).code).toBe(Code.NOT_ACCEPTABLE);
      expect((await ask(p, TOKEN, 'config', { accept: 41 })).code).toBe(Code.NOT_ACCEPTABLE);
    });

    it('answers 4.01 for an unknown token and for something that cannot be a token, with no payload', async () => {
      const p = await start();
      for (const resource of ['time', 'config']) {
        for (const token of [UNKNOWN, 'short']) {
          const res = await ask(p, token, resource);
          expect(res.code).toBe(Code.UNAUTHORIZED);
          expect(res.payload.length).toBe(0);
        }
      }
    });

    it('answers 4.05 for a method other than GET', async () => {
      const p = await start();
      expect((await ask(p, TOKEN, 'time', { code: Code.POST })).code).toBe(Code.METHOD_NOT_ALLOWED);
      expect((await ask(p, TOKEN, 'config', { code: Code.PUT })).code).toBe(Code.METHOD_NOT_ALLOWED);
    });

    it('asks the API about a token once for repeated requests within the cache time', async () => {
      const p = await start();
      for (let i = 0; i < 3; i++) expect((await ask(p, TOKEN, 'time')).code).toBe(Code.CONTENT);
      expect(api.lookups).toBe(1);
    });
  });

  describe('/config', () => {
    it("answers the controller's settings in JSON", async () => {
      const p = await start();
      const res = await ask(p, TOKEN, 'config');
      expect(res.code).toBe(Code.CONTENT);
      expect(uintOf(res, Option.CONTENT_FORMAT)).toBe(ContentFormat.JSON);
      expect(jsonOf(res)).toEqual({ serial: 'C-0001', interval: 900, max_body: 65536, phase: 417 });
      // New fields go last: a modem reading the older ones by position still finds them where they were.
      expect(Object.keys(jsonOf(res))).toEqual(['serial', 'interval', 'max_body', 'phase']);
      expect(uintOf(res, Option.OBSERVE)).toBeUndefined();
    });

    it('as a SenML pack when asked for SenML, with the serial as base name', async () => {
      const p = await start();
      const res = await ask(p, TOKEN, 'config', { accept: ContentFormat.SENML_JSON });
      expect(jsonOf(res)).toEqual([
        { bn: 'C-0001:', n: 'interval', u: 's', v: 900 },
        { n: 'max_body', u: 'B', v: 65536 },
        { n: 'phase', u: 's', v: 417 },
      ]);
    });

    it('in SenML CBOR with integer labels, the phase as a record of its own', async () => {
      const p = await start();
      const res = await ask(p, TOKEN, 'config', { accept: ContentFormat.SENML_CBOR });
      expect(uintOf(res, Option.CONTENT_FORMAT)).toBe(ContentFormat.SENML_CBOR);
      const records = (decode(res.payload) as Array<Record<number, unknown> | Map<number, unknown>>).map((r) => (r instanceof Map ? Object.fromEntries(r) : r));
      expect(records).toEqual([
        { [-2]: 'C-0001:', 0: 'interval', 1: 's', 2: 900 },
        { 0: 'max_body', 1: 'B', 2: 65536 },
        { 0: 'phase', 1: 's', 2: 417 },
      ]);
    });
  });

  describe('observe (RFC 7641)', () => {
    async function register(p: UdpPeer, tok = 'obs1', accept?: number) {
      const res = await ask(p, TOKEN, 'config', { observe: 0, tok, accept });
      expect(res.code).toBe(Code.CONTENT);
      expect(uintOf(res, Option.OBSERVE)).toBeTypeOf('number');
      return res;
    }

    async function change(interval: number, token = TOKEN, phase = interval - 1) {
      api.set(token, { reportingIntervalS: interval, reportingPhaseS: phase });
      await routes.configChanged(api.devices.get(token)!.controllerId);
    }

    it('registers with Observe=0 and notifies a change with the same token, a larger sequence number, as confirmable', async () => {
      const p = await start();
      const first = await register(p, 'tk', ContentFormat.CBOR);
      await change(600);
      const [n] = await p.next();
      expect(n).toMatchObject({ type: MessageType.CON, code: Code.CONTENT });
      expect(n.token.toString()).toBe('tk');
      expect(uintOf(n, Option.OBSERVE)!).toBeGreaterThan(uintOf(first, Option.OBSERVE)!);
      expect(uintOf(n, Option.CONTENT_FORMAT)).toBe(ContentFormat.CBOR);
      expect(decode(n.payload)).toEqual({ serial: 'C-0001', interval: 600, max_body: 65536, phase: 599 });
      p.send({ type: MessageType.ACK, code: Code.EMPTY, messageId: n.messageId });

      await change(300);
      const [n2] = await p.next();
      expect(uintOf(n2, Option.OBSERVE)!).toBeGreaterThan(uintOf(n, Option.OBSERVE)!);
      expect(decode(n2.payload).interval).toBe(300);
      p.send({ type: MessageType.ACK, code: Code.EMPTY, messageId: n2.messageId });
      expect(observers.size).toBe(1);
    });

    it('sends nothing for a change that leaves the configuration as it was, and nothing to observers of another controller', async () => {
      const p = await start();
      await register(p);
      await routes.configChanged('1');
      await change(120, OTHER);
      expect(await p.silence(300)).toBe(true);
    });

    it('deregisters on a GET without Observe, and on Observe=1', async () => {
      const p = await start();
      await register(p);
      const plain = await ask(p, TOKEN, 'config');
      expect(uintOf(plain, Option.OBSERVE)).toBeUndefined();
      expect(observers.size).toBe(0);
      await change(600);
      expect(await p.silence(300)).toBe(true);

      await register(p, 'again');
      const off = await ask(p, TOKEN, 'config', { observe: 1, tok: 'again' });
      expect(off.code).toBe(Code.CONTENT);
      expect(uintOf(off, Option.OBSERVE)).toBeUndefined();
      expect(observers.size).toBe(0);
    });

    it('deregisters an observer that answers a notification with Reset', async () => {
      const p = await start();
      await register(p);
      await change(600);
      const [n] = await p.next();
      p.send({ type: MessageType.RST, code: Code.EMPTY, messageId: n.messageId });
      await expect.poll(() => observers.size).toBe(0);
      await change(300);
      expect(await p.silence(300)).toBe(true);
    });

    it('notifies a change of the phase alone', async () => {
      const p = await start();
      await register(p);
      await change(900, TOKEN, 12);
      const [n] = await p.next();
      expect(jsonOf(n)).toMatchObject({ interval: 900, phase: 12 });
      p.send({ type: MessageType.ACK, code: Code.EMPTY, messageId: n.messageId });
    });

    it('deregisters an observer that acknowledges none of the retransmissions of a notification', async () => {
      const p = await start({ endpoint: { ackTimeoutMs: 40, maxRetransmit: 2 } });
      await register(p);
      await change(600);
      const copies = await p.next(3, 3000); // the notification and its two retransmissions
      expect(new Set(copies.map((c) => c.messageId)).size).toBe(1);
      await expect.poll(() => observers.size, { timeout: 3000 }).toBe(0);
      await change(300);
      expect(await p.silence(300)).toBe(true);
    });

    it('ends the observation with a 4.01 notification when the token is revoked', async () => {
      const p = await start();
      await register(p);
      api.devices.delete(TOKEN);
      await routes.configChanged('1');
      const [n] = await p.next();
      expect(n.code).toBe(Code.UNAUTHORIZED);
      expect(uintOf(n, Option.OBSERVE)).toBeUndefined();
      expect(observers.size).toBe(0);
    });

    it('keeps a bounded number of observers per controller, replacing the oldest', async () => {
      const a = await start({ observe: { maxPerGroup: 2 } });
      const b = await peer();
      const c = await peer();
      await register(a);
      await register(b);
      await register(c);
      expect(observers.size).toBe(2);
      await change(600);
      expect((await b.next())[0].code).toBe(Code.CONTENT);
      expect((await c.next())[0].code).toBe(Code.CONTENT);
      expect(await a.silence(300)).toBe(true);
    });

    it('serves a registration beyond the total bound as a plain GET, without Observe', async () => {
      const a = await start({ observe: { maxObservers: 1 } });
      const b = await peer();
      await register(a);
      const res = await ask(b, OTHER, 'config', { observe: 0 });
      expect(res.code).toBe(Code.CONTENT);
      expect(uintOf(res, Option.OBSERVE)).toBeUndefined();
      expect(observers.size).toBe(1);
    });

    it('after a reconnection to the API, tells observers what changed while it was away', async () => {
      const p = await start();
      await register(p);
      api.set(TOKEN, { reportingIntervalS: 1800 }); // no announcement reached the bridge
      await routes.resync();
      const [n] = await p.next();
      expect(jsonOf(n).interval).toBe(1800);
    });
  });

  describe('4.29 Too Many Requests', () => {
    it('answers 4.29 with Max-Age once a controller has used its burst, forwarding nothing, and counts each controller alone', async () => {
      const p = await start({ rate: { perMinute: 6, burst: 3 } });
      for (let i = 0; i < 3; i++) expect((await ask(p, TOKEN, 'time')).code).toBe(Code.CONTENT);
      const lookups = api.lookups;
      const limited = await ask(p, TOKEN, 'time');
      expect(limited.code).toBe(Code.TOO_MANY_REQUESTS);
      expect(uintOf(limited, Option.MAX_AGE)).toBe(10);
      expect(limited.payload.length).toBe(0);

      p.send({
        code: Code.POST,
        messageId: mid++,
        options: [...path('v1', TOKEN, 'readings'), opt(Option.CONTENT_FORMAT, ContentFormat.SENML_JSON)],
        payload: Buffer.from(JSON.stringify([{ n: 'E-0001:power', v: 1 }])),
      });
      expect((await p.next())[0].code).toBe(Code.TOO_MANY_REQUESTS);
      expect(api.packs).toEqual([]);
      expect(api.lookups).toBe(lookups);

      expect((await ask(p, OTHER, 'time')).code).toBe(Code.CONTENT);
    });

    it('stops an address that presents unknown tokens before it costs the API anything, while valid modems behind it keep working', async () => {
      const p = await start({ unknown: { perMinute: 3, burst: 3 }, cacheMs: 0 });
      expect((await ask(p, TOKEN, 'time')).code).toBe(Code.CONTENT);
      for (let i = 0; i < 3; i++) expect((await ask(p, `${UNKNOWN.slice(0, 30)}${i}x`, 'time')).code).toBe(Code.UNAUTHORIZED);
      const lookups = api.lookups;
      const scanning = await ask(p, `${UNKNOWN.slice(0, 30)}yy`, 'time');
      expect(scanning.code).toBe(Code.TOO_MANY_REQUESTS);
      expect(uintOf(scanning, Option.MAX_AGE)).toBeGreaterThanOrEqual(1);
      // Garbage that cannot be a token is refused the same way once the address is stopped.
      expect((await ask(p, 'not-a-token', 'time')).code).toBe(Code.UNAUTHORIZED);
      expect((await ask(p, UNKNOWN, 'config')).code).toBe(Code.TOO_MANY_REQUESTS);
      expect(api.lookups).toBe(lookups);
      // The modem whose token proved valid is not held back by its neighbour.
      expect((await ask(p, TOKEN, 'time')).code).toBe(Code.CONTENT);
      // Another client address (127.0.0.2 is loopback too) is not affected; this one still is, for new tokens.
      expect((await ask(await peer(), OTHER, 'time')).code).toBe(Code.TOO_MANY_REQUESTS);
      const elsewhere = await UdpPeer.open(port, '127.0.0.1', '127.0.0.2');
      peers.push(elsewhere);
      expect((await ask(elsewhere, OTHER, 'time')).code).toBe(Code.CONTENT);
    });
  });

  describe('POST /readings', () => {
    it("holds the API's diagnostic to 64 bytes in a 4.00, whatever its length", async () => {
      const p = await start();
      api.invalid = `power: ${'ю'.repeat(60)}`;
      p.send({
        code: Code.POST,
        messageId: mid++,
        options: [...path('v1', TOKEN, 'readings'), opt(Option.CONTENT_FORMAT, ContentFormat.SENML_JSON)],
        payload: Buffer.from(JSON.stringify([{ n: 'E-0001:power', v: 1 }])),
      });
      const [answer] = await p.next();
      expect(answer.code).toBe(Code.BAD_REQUEST);
      expect(answer.payload.toString()).toBe(`power: ${'ю'.repeat(28)}`);
    });
  });

  describe('shutting down', () => {
    it('answers new requests 5.03 with Max-Age and asks the API nothing', async () => {
      let draining = false;
      const p = await start({ draining: () => draining });
      expect((await ask(p, TOKEN, 'time')).code).toBe(Code.CONTENT);
      draining = true;
      const lookups = api.lookups;
      const refused = await ask(p, TOKEN, 'config');
      expect(refused.code).toBe(Code.SERVICE_UNAVAILABLE);
      expect(uintOf(refused, Option.MAX_AGE)).toBe(30);
      expect(api.lookups).toBe(lookups);
    });
  });
});
