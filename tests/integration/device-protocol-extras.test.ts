/**
 * The rest of device protocol v1 end to end on real UDP — a CoAP client → the bridge → the API → the database:
 * block-wise packs (Block1), GET /time, GET /config observed with changes pushed from the API without polling,
 * and the per-controller rate limit. Our own raw client for exact wire checks, libcoap's coap-client for
 * interoperability.
 */
import { execFile, spawn } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverUntilSeen, engines, DeviceConfigService, MeterKind, ProvisioningService, reportingPhaseS } from '@askue/api/testing';
import { Code, ContentFormat, MessageType, Option, decodeBlock, decodeUint, encodeBlock, encodeUint, getOption, parseMessage, type CoapMessage, type CoapOption, UdpPeer } from '@askue/device-bridge/testing';
import { startSystem, type System } from '../support/system.js';

const run = promisify(execFile);
/** Small enough to go over it quickly in a test; the default is 64 KiB. */
const MAX_BODY = 16 * 1024;

const opt = (number: number, value: number | string): CoapOption => ({ number, value: typeof value === 'number' ? encodeUint(value) : Buffer.from(value) });
const uri = (...segments: string[]) => segments.map((s) => opt(Option.URI_PATH, s));
const uintOf = (m: CoapMessage, n: number) => {
  const v = getOption(m, n);
  return v === undefined ? undefined : decodeUint(v);
};

/** `count` energy readings of E-0001, one a second from `startS`: about 20 bytes a reading. */
function pack(count: number, startS: number, value = 1000): Buffer {
  return Buffer.from(
    JSON.stringify([{ bn: 'E-0001:', bt: startS, n: 'energy', u: 'Wh', v: value }, ...Array.from({ length: count - 1 }, (_, i) => ({ n: 'energy', t: i + 1, v: value + i + 1 }))]),
  );
}

describe.each(engines)('device protocol v1 extras over real UDP on %s', (engine) => {
  let s: System;
  let peer: UdpPeer;
  let controllerId: number;
  let mid = 1;
  let startS = Math.floor(Date.now() / 1000) - 80_000;

  const count = async (where = '') => {
    const rows = await s.api.api.orm.em.fork().getConnection().execute<Array<{ n: string | number }>>(`select count(*) as n from reading ${where}`);
    return Number(rows[0].n);
  };
  const changeInterval = (seconds: number) => new DeviceConfigService(s.api.api.orm.em.fork(), s.api.api.deps.pubSub).setReportingInterval(controllerId, seconds);

  async function ask(message: { code: number; options: CoapOption[]; token?: string; payload?: Buffer }, p = peer): Promise<CoapMessage> {
    const messageId = mid++;
    p.send({ code: message.code, messageId, token: Buffer.from(message.token ?? 'x'), options: message.options, payload: message.payload });
    const [answer] = await p.next(1, 10_000);
    expect(answer.messageId).toBe(messageId);
    return answer;
  }

  /** Posts `body` to readings in blocks of 2^(szx+4) bytes; the answers, block by block. */
  async function postBlockwise(body: Buffer, szx: number, size1?: number): Promise<CoapMessage[]> {
    const size = 1 << (szx + 4);
    const answers: CoapMessage[] = [];
    for (let num = 0; num * size < body.length; num++) {
      const more = (num + 1) * size < body.length;
      const options = [...uri('v1', s.token, 'readings'), opt(Option.CONTENT_FORMAT, ContentFormat.SENML_JSON), { number: Option.BLOCK1, value: encodeBlock({ num, more, szx }) }];
      if (num === 0 && size1 !== undefined) options.push(opt(Option.SIZE1, size1));
      const answer = await ask({ code: Code.POST, options, token: `b${num}`, payload: body.subarray(num * size, (num + 1) * size) });
      answers.push(answer);
      if (answer.code !== Code.CONTINUE) break;
    }
    return answers;
  }

  beforeAll(async () => {
    s = await startSystem(engine, { MAX_BODY_BYTES: String(MAX_BODY) });
    peer = await UdpPeer.open(s.coapPort);
    const rows = await s.api.api.orm.em.fork().getConnection().execute<Array<{ id: number }>>(`select id from controller where serial = 'C-0001'`);
    controllerId = Number(rows[0].id);
  });
  afterAll(async () => {
    peer?.close();
    await s?.close();
  });

  describe('block-wise packs (Block1)', () => {
    it('stores a pack of 100 readings sent in blocks: 2.31 per block, then 2.04 with the last Block1', async () => {
      const body = pack(100, (startS += 200));
      expect(body.length).toBeGreaterThan(1024);
      const before = await count();
      const answers = await postBlockwise(body, 6);
      const last = answers.at(-1)!;
      expect(answers.slice(0, -1).map((a) => a.code)).toEqual(Array(answers.length - 1).fill(Code.CONTINUE));
      expect(last.code).toBe(Code.CHANGED);
      expect(decodeBlock(getOption(last, Option.BLOCK1)!)).toEqual({ num: answers.length - 1, more: false, szx: 6 });
      expect(await count()).toBe(before + 100);
    });

    it('answers 4.13 with Size1 at the first block when Size1 announces more than the limit, and stores nothing', async () => {
      const before = await count();
      const answers = await postBlockwise(pack(1000, (startS += 2000)), 6, 20_000);
      expect(answers).toHaveLength(1);
      expect(answers[0].code).toBe(Code.REQUEST_ENTITY_TOO_LARGE);
      expect(uintOf(answers[0], Option.SIZE1)).toBe(MAX_BODY);
      expect(await count()).toBe(before);
    });

    it('answers 4.13 with Size1 once the blocks add up to more than the limit, and stores nothing', async () => {
      const body = pack(1000, (startS += 2000));
      expect(body.length).toBeGreaterThan(MAX_BODY);
      const before = await count();
      const answers = await postBlockwise(body, 6);
      expect(answers).toHaveLength(MAX_BODY / 1024 + 1);
      expect(answers.at(-1)!.code).toBe(Code.REQUEST_ENTITY_TOO_LARGE);
      expect(uintOf(answers.at(-1)!, Option.SIZE1)).toBe(MAX_BODY);
      expect(await count()).toBe(before);
    });

    it('interoperates with libcoap’s coap-client sending a large pack in 64-byte blocks (-b 64)', async () => {
      const file = path.join(tmpdir(), `pack-block-${process.pid}-${engine}.json`);
      await writeFile(file, pack(100, (startS += 200), 5000));
      try {
        const before = await count();
        const blocks = s.bridge.endpoint.stats.blocks;
        const r = await run('coap-client-notls', ['-m', 'post', '-t', '110', '-b', '64', '-f', file, '-v', '6', `coap://127.0.0.1:${s.coapPort}/v1/${s.token}/readings`]);
        const printed = r.stdout + r.stderr;
        expect(printed).toMatch(/Block1:0\/M\/64/); // the first block it sent
        expect(printed).toMatch(/c:2\.04 .*Block1:\d+\/_\/64/); // the answer to its last
        expect(s.bridge.endpoint.stats.blocks - blocks).toBeGreaterThan(40);
        expect(await count()).toBe(before + 100);
      } finally {
        await rm(file, { force: true });
      }
    });
  });

  describe('GET /time and /config', () => {
    it('/time answers the server clock within a second', async () => {
      const answer = await ask({ code: Code.GET, options: uri('v1', s.token, 'time') });
      expect(answer.code).toBe(Code.CONTENT);
      expect(uintOf(answer, Option.CONTENT_FORMAT)).toBe(ContentFormat.JSON);
      const { t } = JSON.parse(answer.payload.toString());
      expect(Math.abs(t * 1000 - Date.now())).toBeLessThan(1000);
    });

    it("/config answers the controller's reporting interval, and its phase inside it derived from its id", async () => {
      const answer = await ask({ code: Code.GET, options: uri('v1', s.token, 'config') });
      expect(answer.code).toBe(Code.CONTENT);
      const config = JSON.parse(answer.payload.toString());
      expect(config).toEqual({ serial: 'C-0001', interval: expect.any(Number), max_body: MAX_BODY, phase: expect.any(Number) });
      const rows = await s.api.api.orm.em.fork().getConnection().execute<Array<{ s: number }>>(`select reporting_interval_s as s from controller where id = ?`, [controllerId]);
      expect(config.interval).toBe(Number(rows[0].s));
      expect(config.phase).toBe(reportingPhaseS(controllerId, config.interval));
      expect(Number.isInteger(config.phase)).toBe(true);
      expect(config.phase).toBeGreaterThanOrEqual(0);
      expect(config.phase).toBeLessThan(config.interval);
    });

    it('/config gives each controller the phase of its own id, in SenML too, and a new one with a new interval', async () => {
      const provisioning = new ProvisioningService(s.api.api.orm.em.fork());
      const tag = engine.toUpperCase();
      for (let i = 0; i < 3; i++) {
        const created = await provisioning.createController(`C-PHASE-${tag}-${i}`, [{ serial: `E-PHASE-${tag}-${i}`, kind: MeterKind.ELECTRICITY }]);
        const id = created.controller.id;
        const json = await ask({ code: Code.GET, options: uri('v1', created.token, 'config') });
        expect(JSON.parse(json.payload.toString())).toMatchObject({ interval: 900, phase: reportingPhaseS(id, 900) });
        const senml = await ask({ code: Code.GET, options: [...uri('v1', created.token, 'config'), opt(Option.ACCEPT, ContentFormat.SENML_JSON)] });
        expect(JSON.parse(senml.payload.toString())).toContainEqual({ n: 'phase', u: 's', v: reportingPhaseS(id, 900) });
        if (i === 0) {
          await new DeviceConfigService(s.api.api.orm.em.fork(), s.api.api.deps.pubSub).setReportingInterval(id, 3600);
          // The bridge may hold the old answer for DEVICE_CACHE_S, unless the change reached it first.
          await expect
            .poll(async () => JSON.parse((await ask({ code: Code.GET, options: uri('v1', created.token, 'config') })).payload.toString()), { timeout: 8000, interval: 500 })
            .toMatchObject({ interval: 3600, phase: reportingPhaseS(id, 3600) });
        }
      }
    });

    it('both answer 4.01 for an unknown token', async () => {
      for (const resource of ['time', 'config']) {
        const answer = await ask({ code: Code.GET, options: uri('v1', 'Q'.repeat(32), resource) });
        expect(answer.code).toBe(Code.UNAUTHORIZED);
        expect(answer.payload.length).toBe(0);
      }
    });

    it('an observer of /config is notified within seconds of a change made in the API, without polling', async () => {
      const observer = await UdpPeer.open(s.coapPort);
      try {
        const registration = await ask({ code: Code.GET, options: [...uri('v1', s.token, 'config'), opt(Option.OBSERVE, 0)], token: 'watch' }, observer);
        expect(registration.code).toBe(Code.CONTENT);
        const seq = uintOf(registration, Option.OBSERVE)!;
        expect(seq).toBeTypeOf('number');
        await s.bridge.feed.ready();
        // The bridge's subscription may still be on its way to the API: change again until a notification comes.
        let interval = JSON.parse(registration.payload.toString()).interval;
        await deliverUntilSeen(
          () => changeInterval((interval = interval === 600 ? 660 : 600)),
          () => observer.received.length > 0,
          10_000,
        );
        // A change made before the subscription was up may have arrived too: the latest one is what counts.
        const intervalOf = (m: CoapMessage) => JSON.parse(m.payload.toString()).interval;
        await expect.poll(() => observer.received.map((b) => intervalOf(parseMessage(b))), { timeout: 5000 }).toContain(interval);
        const notifications = await observer.next(observer.received.length);
        let previous = seq;
        for (const n of notifications) {
          expect(n).toMatchObject({ type: MessageType.CON, code: Code.CONTENT });
          expect(n.token.toString()).toBe('watch');
          expect(uintOf(n, Option.OBSERVE)!).toBeGreaterThan(previous);
          previous = uintOf(n, Option.OBSERVE)!;
          observer.send({ type: MessageType.ACK, code: Code.EMPTY, messageId: n.messageId });
        }
        expect(intervalOf(notifications.at(-1)!)).toBe(interval);

        // Once the link is up, one change is one notification.
        await changeInterval((interval += 120));
        const [next] = await observer.next(1, 5000);
        expect(intervalOf(next)).toBe(interval);
        observer.send({ type: MessageType.ACK, code: Code.EMPTY, messageId: next.messageId });
        // A GET without Observe ends the observation.
        const plain = await ask({ code: Code.GET, options: uri('v1', s.token, 'config'), token: 'watch' }, observer);
        expect(uintOf(plain, Option.OBSERVE)).toBeUndefined();
        await changeInterval((interval += 120));
        expect(await observer.silence(500)).toBe(true);
      } finally {
        observer.close();
      }
    });

    it('interoperates with libcoap’s coap-client observing /config (-s 5)', async () => {
      await s.bridge.feed.ready();
      const before = s.bridge.observers.size;
      const child = spawn('coap-client-notls', ['-s', '5', `coap://127.0.0.1:${s.coapPort}/v1/${s.token}/config`], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      const exited = new Promise((resolve) => child.on('exit', resolve));
      try {
        await expect.poll(() => s.bridge.observers.size, { timeout: 4000 }).toBe(before + 1);
        let interval = 1800;
        await deliverUntilSeen(
          () => changeInterval((interval += 60)),
          () => out.includes(`"interval":${interval}`),
          4000,
        );
        await exited;
        expect(out).toContain(`"interval":${interval}`);
      } finally {
        child.kill();
      }
    });
  });

  it('answers 4.29 with Max-Age once a controller has used its burst (default 60), and forwards nothing', async () => {
    const tag = engine.toUpperCase();
    const { token } = await new ProvisioningService(s.api.api.orm.em.fork()).createController(`C-FLOOD-${tag}`, [
      { serial: `E-FLOOD-${tag}`, kind: MeterKind.ELECTRICITY },
    ]);
    for (let i = 0; i < 60; i++) expect((await ask({ code: Code.GET, options: uri('v1', token, 'time') })).code).toBe(Code.CONTENT);
    const limited = await ask({ code: Code.GET, options: uri('v1', token, 'time') });
    expect(limited.code).toBe(Code.TOO_MANY_REQUESTS);
    expect(uintOf(limited, Option.MAX_AGE)).toBeGreaterThanOrEqual(1);
    const before = await count();
    const post = await ask({
      code: Code.POST,
      options: [...uri('v1', token, 'readings'), opt(Option.CONTENT_FORMAT, ContentFormat.SENML_JSON)],
      payload: Buffer.from(JSON.stringify([{ n: `E-FLOOD-${tag}:power`, v: 1 }])),
    });
    expect(post.code).toBe(Code.TOO_MANY_REQUESTS);
    expect(await count()).toBe(before);
  });
});
