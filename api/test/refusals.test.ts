/**
 * Requests refused before they run — a syntax error, a limit, a write with a read-only token — as a client sees
 * them: over HTTP a 400/403-class status with the code in the body (never 500, which says "our fault, retry");
 * over WebSocket an `error` message for that one operation, while the socket and its other subscriptions go on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { engines, startTestApi, type TestApi } from './harness.js';

/** A graphql-transport-ws socket driven by hand, recording every message as it came over the wire. */
class RawSocket {
  readonly messages: any[] = [];
  closed: { code: number; reason: string } | null = null;
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.messages.push(JSON.parse(String(data))));
    socket.on('close', (code, reason) => (this.closed = { code, reason: String(reason) }));
  }

  static async open(url: string, token: string): Promise<RawSocket> {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const raw = new RawSocket(socket);
    raw.send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
    await raw.until(() => raw.messages.some((m) => m.type === 'connection_ack'), 'connection_ack');
    return raw;
  }

  send(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  subscribe(id: string, query: string, variables?: Record<string, unknown>): void {
    this.send({ id, type: 'subscribe', payload: { query, variables } });
  }

  of(id: string): any[] {
    return this.messages.filter((m) => m.id === id);
  }

  async until(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.messages)}, closed ${JSON.stringify(this.closed)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    this.socket.close();
  }
}

const TOO_MANY_TOKENS = `{ ${'__typename '.repeat(2001)}}`;
const WRITE = `mutation { updateProfile(input: { address: "Москва" }) { address } }`;

describe.each(engines)('requests refused before they run, on %s', (engine) => {
  let t: TestApi;
  let pat: string;
  beforeAll(async () => {
    t = await startTestApi({ engine });
    const session = await t.signInDemo();
    pat = (await t.gql(`mutation { createAccessToken(name: "Отказы") { token } }`, {}, session)).data.createAccessToken.token;
  });
  afterAll(() => t.close());

  it('answers a syntax error with 400 and GRAPHQL_PARSE_FAILED', async () => {
    const r = await t.gql(`{ viewer {`);
    expect(r.status).toBe(400);
    expect(r.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/^Syntax Error: Expected Name, found <EOF>/), extensions: { code: 'GRAPHQL_PARSE_FAILED' } })]);
  });

  it('answers a document over the token limit with 400 and GRAPHQL_PARSE_FAILED', async () => {
    const r = await t.gql(TOO_MANY_TOKENS);
    expect(r.status).toBe(400);
    expect(r.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/^Syntax Error: Document contains more tha[nt] 2000 tokens\. Parsing aborted\.$/), extensions: { code: 'GRAPHQL_PARSE_FAILED' } })]);
  });

  it('answers a write with a read-only integrator token with 403 and FORBIDDEN, and changes nothing', async () => {
    const r = await t.gql(WRITE, {}, pat);
    expect(r.status).toBe(403);
    expect(r).not.toHaveProperty('data');
    expect(r.errors).toEqual([{ message: 'Токен интеграции даёт доступ только на чтение', extensions: { code: 'FORBIDDEN' } }]);
    expect((await t.gql(`{ viewer { account { address } } }`, {}, pat)).data.viewer.account.address).not.toBe('Москва');
  });

  it('still answers errors raised while running with 200 beside the data', async () => {
    const r = await t.gql(`{ contacts { email } devices { serial } }`);
    expect(r.status).toBe(200);
    expect(r.data).toBeNull();
    expect(r.errors!.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('answers each refused operation on a WebSocket with an error message for its id, and the socket and another subscription keep delivering', async () => {
    const ws = await RawSocket.open(t.wsUrl, pat);
    try {
      ws.subscribe('live', `subscription { readingAdded { quantity value } }`);
      ws.subscribe('syntax', `{ viewer {`);
      ws.subscribe('tokens', TOO_MANY_TOKENS);
      ws.subscribe('write', WRITE);
      await ws.until(() => ['syntax', 'tokens', 'write'].every((id) => ws.of(id).length > 0), 'an answer to each refused operation');
      expect(ws.of('syntax')).toEqual([{ id: 'syntax', type: 'error', payload: [expect.objectContaining({ extensions: { code: 'GRAPHQL_PARSE_FAILED' } })] }]);
      expect(ws.of('tokens')).toEqual([
        { id: 'tokens', type: 'error', payload: [expect.objectContaining({ message: expect.stringMatching(/^Syntax Error: Document contains more tha[nt] 2000 tokens\. Parsing aborted\.$/), extensions: { code: 'GRAPHQL_PARSE_FAILED' } })] },
      ]);
      expect(ws.of('write')).toEqual([{ id: 'write', type: 'error', payload: [{ message: 'Токен интеграции даёт доступ только на чтение', extensions: { code: 'FORBIDDEN' } }] }]);

      // The subscription beside them is alive: a reading stored now reaches it, on the same socket.
      let value = 100;
      const send = () => t.ingest([{ token: t.api.demo!.controller.token, readings: [{ meter: 'E-0001', quantity: 'POWER', time: Date.now(), value: ++value }] }]);
      const deadline = Date.now() + 5000;
      while (!ws.of('live').length && Date.now() < deadline) {
        await send();
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(ws.of('live')[0]).toMatchObject({ id: 'live', type: 'next', payload: { data: { readingAdded: { quantity: 'POWER' } } } });
      expect(ws.closed).toBeNull();
      // And the socket still takes new operations.
      ws.subscribe('after', `{ viewer { account { phone } } }`);
      await ws.until(() => ws.of('after').some((m) => m.type === 'complete'), 'the query after the refusals to complete');
      expect(ws.of('after')[0]).toEqual({ id: 'after', type: 'next', payload: { data: { viewer: { account: { phone: t.api.demo!.phone } } } } });
      expect(ws.closed).toBeNull();
    } finally {
      ws.close();
    }
  });
});
