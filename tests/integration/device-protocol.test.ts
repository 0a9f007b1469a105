/**
 * Device protocol v1 end to end on real UDP: a CoAP client → the bridge → the API → the database.
 * Every answer the protocol defines, in every content format, on every storage engine.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { encode } from 'cbor-x';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, deliverUntilSeen, ProvisioningService, MeterKind } from '@askue/api/testing';
import { Code, codeString, MessageType, Option, type CoapMessage, UdpPeer, startBridge, loadConfig, createLogger } from '@askue/device-bridge/testing';
import { request } from '../support/coap-client.js';
import { BRIDGE_SECRET, startSystem, type System } from '../support/system.js';

const run = promisify(execFile);
const json = (v: unknown) => Buffer.from(JSON.stringify(v));
const nowS = () => Math.floor(Date.now() / 1000);

/** The answer to the request a peer sent: piggybacked, or separate after an empty ACK (acknowledged, as a modem does). */
async function answerTo(peer: UdpPeer): Promise<CoapMessage> {
  for (;;) {
    const [m] = await peer.next(1, 10_000);
    if (m.code === Code.EMPTY) continue;
    if (m.type === MessageType.CON) peer.send({ type: MessageType.ACK, code: Code.EMPTY, messageId: m.messageId });
    return m;
  }
}

async function count(s: System, where = ''): Promise<number> {
  const rows = await s.api.api.orm.em.fork().getConnection().execute<Array<{ n: string | number }>>(`select count(*) as n from reading ${where}`);
  return Number(rows[0].n);
}

describe.each(engines)('device protocol v1 over real UDP on %s', (engine) => {
  let s: System;
  let readings: string;
  let otherToken: string;

  beforeAll(async () => {
    s = await startSystem(engine);
    readings = `/v1/${s.token}/readings`;
    otherToken = (await new ProvisioningService(s.api.api.orm.em.fork()).createController('C-2', [{ serial: 'E-2', kind: MeterKind.ELECTRICITY }])).token;
  });
  afterAll(() => s.close());

  describe('2.04 Changed, only after the readings are stored', () => {
    const formats: Array<[string, number, (v: unknown) => Buffer]> = [
      ['application/senml+json (110)', 110, json],
      ['application/senml+cbor (112)', 112, (v) => encode(v)],
      ['application/json (50)', 50, json],
      ['application/cbor (60)', 60, (v) => encode(v)],
    ];
    it.each(formats)('stores a pack sent as %s', async (_name, format, enc) => {
      const t = nowS() - 100 - format; // a distinct time per format
      const before = await count(s);
      const answer = await request(s.coapPort, readings, {
        format,
        payload: enc([
          { bn: 'E-0001:', bt: t, n: 'energy', u: 'kWh', v: 1000.5 },
          { n: 'power', u: 'W', v: 800 },
          { bn: 'CW-0001:', n: 'volume', u: 'm3', v: 12.5 },
        ]),
      });
      expect(answer.code).toBe('2.04');
      expect(await count(s)).toBe(before + 3);
      const stored = await count(s, `where quantity = 'energy' and value = 1000500`);
      expect(stored).toBeGreaterThan(0);
    });

    it('answers a repeated pack 2.04 again and stores nothing new', async () => {
      const pack = json([{ bn: 'E-0001:', bt: nowS() - 50, n: 'power', u: 'W', v: 10 }]);
      expect((await request(s.coapPort, readings, { format: 110, payload: pack })).code).toBe('2.04');
      const before = await count(s);
      expect((await request(s.coapPort, readings, { format: 110, payload: pack })).code).toBe('2.04');
      expect(await count(s)).toBe(before);
    });

    it('processes a retransmitted datagram (same message ID) once and answers it the same way', async () => {
      const peer = await UdpPeer.open(s.coapPort);
      try {
        const message = {
          code: Code.POST,
          messageId: 4242,
          token: Buffer.from('rt'),
          options: [
            ...['v1', s.token, 'readings'].map((p) => ({ number: Option.URI_PATH, value: Buffer.from(p) })),
            { number: Option.CONTENT_FORMAT, value: Buffer.from([110]) },
          ],
          payload: json([{ bn: 'HW-0001:', bt: nowS() - 30, n: 'temperature', u: 'Cel', v: 57.5 }]),
        };
        const before = await count(s);
        peer.send(message);
        peer.send(message);
        const [first] = await peer.next(1);
        peer.send(message);
        const [again] = await peer.next(1);
        expect(first).toMatchObject({ type: MessageType.ACK, code: Code.CHANGED, messageId: 4242 });
        expect(again).toEqual(first);
        expect(await peer.silence(300)).toBe(true);
        expect(await count(s)).toBe(before + 1);
      } finally {
        peer.close();
      }
    });
  });

  describe('4.00 Bad Request with a short diagnostic', () => {
    const twice = nowS() - 400;
    it.each([
      ['a malformed pack', Buffer.from('[{"bn":"E-0001:",'), 'not valid JSON'],
      ['an unknown quantity', json([{ n: 'E-0001:reactive_power', v: 1 }]), 'unknown quantity reactive_power'],
      ['a wrong unit', json([{ n: 'E-0001:power', u: 'kW', v: 1 }]), 'power: unit must be W'],
      ['a time in the future', json([{ n: 'E-0001:power', v: 1, t: nowS() + 86_400 }]), 'power: time in the future'],
      ['an impossible value', json([{ n: 'E-0001:voltage_l1', v: -230 }]), 'voltage_l1: value out of range'],
      ['a value in kWh that overflows once converted to Wh', json([{ bn: 'E-0001:', n: 'energy', u: 'kWh', v: 1e306 }]), 'energy: value out of range'],
      ['a base time that overflows once converted to milliseconds', json([{ bn: 'E-0001:', bt: 1e306, n: 'energy', v: 1 }]), 'energy: time in the future'],
      ['a quantity the meter does not measure (volume of an electricity meter)', json([{ n: 'E-0001:volume', u: 'm3', v: 1 }]), 'volume: E-0001 is an electricity meter'],
      [
        'two values for one meter, quantity and time',
        json([{ bn: 'E-0001:', bt: twice, n: 'power', v: 100 }, { n: 'voltage_l1', v: 230 }, { n: 'power', v: 200 }]),
        `power: two values at ${new Date(twice * 1000).toISOString()}`,
      ],
    ])('for %s', async (_what, payload, diagnostic) => {
      const before = await count(s);
      const answer = await request(s.coapPort, readings, { format: 110, payload });
      expect(answer.code).toBe('4.00');
      expect(answer.text).toBe(diagnostic);
      expect(answer.payload.length).toBeLessThanOrEqual(64);
      expect(await count(s)).toBe(before);
    });
  });

  describe('4.01 Unauthorized', () => {
    const pack = json([{ n: 'E-0001:power', v: 1 }]);
    it('for an unknown token', async () => {
      expect((await request(s.coapPort, '/v1/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/readings', { format: 110, payload: pack })).code).toBe('4.01');
    });
    it('for something that cannot be a token', async () => {
      expect((await request(s.coapPort, '/v1/short/readings', { format: 110, payload: pack })).code).toBe('4.01');
    });
    it('for a revoked token', async () => {
      const em = s.api.api.orm.em.fork();
      const { token } = await new ProvisioningService(em).createController('C-REVOKED', [{ serial: 'E-REVOKED', kind: MeterKind.ELECTRICITY }]);
      const p = json([{ n: 'E-REVOKED:power', v: 1 }]);
      expect((await request(s.coapPort, `/v1/${token}/readings`, { format: 110, payload: p })).code).toBe('2.04');
      await em.getConnection().execute(`update device_token set revoked_at = ? where token_hash is not null and controller_id = (select id from controller where serial = 'C-REVOKED')`, [
        em.getPlatform().processDateProperty(new Date()),
      ]);
      expect((await request(s.coapPort, `/v1/${token}/readings`, { format: 110, payload: p })).code).toBe('4.01');
    });
  });

  it('answers a poisoned pack 4.00 and every valid pack that came with it 2.04, from other controllers in the same batch, and stores exactly those', async () => {
    // Packs from several controllers arriving together travel to the API in one GraphQL batch. A reading whose
    // value or time overflows once converted once made the whole batch fail: 5.00 to every modem in it.
    const provisioning = new ProvisioningService(s.api.api.orm.em.fork());
    const third = await provisioning.createController('C-3', [{ serial: 'E-3', kind: MeterKind.ELECTRICITY }]);
    const fourth = await provisioning.createController('C-4', [{ serial: 'CW-4', kind: MeterKind.COLD_WATER }]);
    const t = nowS() - 200;
    const sends: Array<{ who: string; token: string; records: object[] }> = [
      { who: 'C-0001, energy 1e306 kWh', token: s.token, records: [{ bn: 'E-0001:', n: 'energy', u: 'kWh', v: 1e306 }] },
      { who: 'C-2, power 2.5 W', token: otherToken, records: [{ bn: 'E-2:', bt: t, n: 'power', u: 'W', v: 2.5 }] },
      { who: 'C-0001, energy at bt 1e306', token: s.token, records: [{ bn: 'E-0001:', bt: 1e306, n: 'energy', u: 'Wh', v: 1 }] },
      { who: 'C-3, voltage_l1 231.5 V', token: third.token, records: [{ bn: 'E-3:', bt: t, n: 'voltage_l1', u: 'V', v: 231.5 }] },
      { who: 'C-4, volume 7.25 m3', token: fourth.token, records: [{ bn: 'CW-4:', bt: t, n: 'volume', u: 'm3', v: 7.25 }] },
      { who: 'C-0001, temperature 9.5 Cel', token: s.token, records: [{ bn: 'CW-0001:', bt: t, n: 'temperature', u: 'Cel', v: 9.5 }] },
    ];
    const peers = await Promise.all(sends.map(() => UdpPeer.open(s.coapPort)));
    try {
      const before = { ...s.bridge.forwarder.stats, readings: await count(s) };
      // Sent back to back from six sockets: the bridge reads them in one pass and forwards them together.
      sends.forEach(({ token, records }, i) =>
        peers[i].send({
          code: Code.POST,
          messageId: 700 + i,
          token: Buffer.from([i]),
          options: [...['v1', token, 'readings'].map((p) => ({ number: Option.URI_PATH, value: Buffer.from(p) })), { number: Option.CONTENT_FORMAT, value: Buffer.from([110]) }],
          payload: json(records),
        }),
      );
      const answers = await Promise.all(peers.map(answerTo));
      const seen = answers.map((a, i) => `${sends[i].who}: ${codeString(a.code)}${a.payload.length ? ` "${a.payload}"` : ''}`);
      const stored = await s.api.api.orm.em
        .fork()
        .getConnection()
        .execute<Array<{ serial: string; quantity: string; value: number }>>(
          `select m.serial, r.quantity, r.value from reading r join meter m on m.id = r.meter_id where r.time = ? order by m.serial`,
          [s.api.api.orm.em.getPlatform().processDateProperty(new Date(t * 1000))],
        );
      console.log(`[poisoned batch, ${engine}] ${seen.join('; ')}; stored at t: ${stored.map((r) => `${r.serial} ${r.quantity} ${Number(r.value)}`).join(', ')}`);

      expect(answers.map((a) => codeString(a.code))).toEqual(['4.00', '2.04', '4.00', '2.04', '2.04', '2.04']);
      expect(answers[0].payload.toString()).toBe('energy: value out of range');
      expect(answers[2].payload.toString()).toBe('energy: time in the future');
      expect(stored.map((r) => [r.serial, r.quantity, Number(r.value)])).toEqual([
        ['CW-0001', 'temperature', 9.5],
        ['CW-4', 'volume', 7.25],
        ['E-2', 'power', 2.5],
        ['E-3', 'voltage_l1', 231.5],
      ]);
      expect(await count(s)).toBe(before.readings + 4);
      // The four valid packs travelled to the API together, as one GraphQL batch; the poisoned ones never left the bridge.
      expect(s.bridge.forwarder.stats.batches - before.batches).toBe(1);
      expect(s.bridge.forwarder.stats.packs - before.packs).toBe(4);
    } finally {
      peers.forEach((p) => p.close());
    }
  });

  it('4.03 Forbidden for a meter this controller does not serve, storing nothing of the pack', async () => {
    const before = await count(s);
    const answer = await request(s.coapPort, `/v1/${otherToken}/readings`, {
      format: 110,
      payload: json([{ n: 'E-2:power', v: 1 }, { n: 'E-0001:power', v: 1 }]),
    });
    expect(answer.code).toBe('4.03');
    expect(answer.text).toBe('meter E-0001 not served here');
    expect(await count(s)).toBe(before);
  });

  it('4.15 Unsupported Content-Format for text/plain and for a missing Content-Format', async () => {
    const payload = json([{ n: 'E-0001:power', v: 1 }]);
    expect((await request(s.coapPort, readings, { format: 0, payload })).code).toBe('4.15');
    expect((await request(s.coapPort, readings, { payload })).code).toBe('4.15');
  });

  it('4.13 Request Entity Too Large with Size1 above the limit', async () => {
    // Over the 1024-byte payload limit, but still a datagram the client library is willing to send.
    const payload = json([{ n: 'E-0001:power', v: 1, pad: 'x'.repeat(1100) }]);
    expect(payload.length).toBeGreaterThan(1024);
    const answer = await request(s.coapPort, readings, { format: 110, payload });
    expect(answer.code).toBe('4.13');
    expect(answer.options['Size1']).toBe(1024);
  });

  it('4.04 for an unknown resource and 4.05 for a method the resource does not take', async () => {
    expect((await request(s.coapPort, `/v1/${s.token}/nothing`, { format: 110 })).code).toBe('4.04');
    expect((await request(s.coapPort, '/v2/x/readings', { format: 110 })).code).toBe('4.04');
    expect((await request(s.coapPort, readings, { method: 'GET' })).code).toBe('4.05');
  });

  it('pushes a reading sent over CoAP to a graphql-ws subscriber of the customer', async () => {
    const customer = await s.api.signInDemo();
    const sub = s.api.subscribe(customer, `subscription { readingAdded { quantity value unit } }`);
    let v = 1000;
    await deliverUntilSeen(
      () => request(s.coapPort, readings, { format: 110, payload: json([{ n: 'E-0001:power', u: 'W', v: ++v }]) }),
      () => sub.events.some((e) => e.readingAdded.quantity === 'POWER'),
    );
    expect(sub.events.at(-1).readingAdded).toEqual({ quantity: 'POWER', value: v, unit: 'W' });
  });

  it('interoperates with libcoap’s coap-client (a client nobody here wrote)', async () => {
    const file = path.join(tmpdir(), `pack-${process.pid}.json`);
    await writeFile(file, JSON.stringify([{ bn: 'E-0001:', n: 'frequency', u: 'Hz', v: 50.01 }]));
    const ok = await run('coap-client-notls', ['-m', 'post', '-t', '110', '-f', file, '-v', '6', `coap://127.0.0.1:${s.coapPort}${readings}`]);
    expect(ok.stdout + ok.stderr).toMatch(/c:2\.04/);
    const bad = await run('coap-client-notls', ['-m', 'post', '-t', '110', '-f', file, '-v', '6', `coap://127.0.0.1:${s.coapPort}/v1/${'B'.repeat(32)}/readings`]);
    expect(bad.stdout + bad.stderr).toMatch(/4\.01/);
  });
});

describe.each(engines)('5.03 Service Unavailable on %s', (engine) => {
  it('answers 5.03 with Max-Age, never 2.04, when the database is down', async () => {
    const s = await startSystem(engine);
    try {
      await s.api.api.orm.close(true);
      const answer = await request(s.coapPort, `/v1/${s.token}/readings`, { format: 110, payload: json([{ n: 'E-0001:power', v: 1 }]) });
      expect(answer.code).toBe('5.03');
      expect(answer.options['Max-Age']).toBe(10);
    } finally {
      await s.close().catch(() => {});
    }
  });
});

describe('5.03 Service Unavailable when the API cannot be reached', () => {
  it('answers 5.03 with Max-Age', async () => {
    const bridge = await startBridge(
      loadConfig({ COAP_HOST: '127.0.0.1', COAP_PORT: '0', HTTP_PORT: '0', API_URL: 'http://127.0.0.1:9/graphql', BRIDGE_SECRET, LOG_LEVEL: 'silent' }),
      createLogger('silent'),
    );
    try {
      const answer = await request(bridge.address.port, `/v1/${'A'.repeat(32)}/readings`, { format: 110, payload: json([{ n: 'E-0001:power', v: 1 }]) });
      expect(answer.code).toBe('5.03');
      expect(answer.options['Max-Age']).toBe(10);
    } finally {
      await bridge.close();
    }
  });
});
