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

/** 15 aliases of one meter's hourly consumption, a page of `first` intervals each (`first` spelled as given). */
const pages = (first: string | null, node = 'from consumption') =>
  Array.from(
    { length: 15 },
    (_, i) => `p${i}: meter(id: $id) { consumption(resolution: HOUR, ${first === null ? '' : `first: ${first}, `}from: "2025-01-01T00:00:00Z", to: "2025-03-01T00:00:00Z") { edges { node { ${node} } } } }`,
  ).join('\n');
/**
 * Armor's formula by hand: node { from consumption } = 2 + 1.5 × 2 = 5; edges = 2 + 1.5 × 5 = 9.5; a page of 1000 =
 * (2 + 1.5 × 9.5) × 1000 = 16,250; meter = 2 + 1.5 × 16,250 = 24,377; viewer = 2 + 1.5 × 15 × 24,377 = 548,484.5.
 */
const COST_OF_15_PAGES_OF_1000 = 548_485;
const OVER_COST = { code: 'GRAPHQL_VALIDATION_FAILED', cost: COST_OF_15_PAGES_OF_1000, maxCost: 150_000 };
const COST_MESSAGE = `Запрос слишком дорогой: стоимость ${COST_OF_15_PAGES_OF_1000} при пределе 150000. Уменьшите first или число псевдонимов`;

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
    expect(r.errors).toEqual([{ message: 'Токен интеграции даёт доступ только на чтение', extensions: { code: 'FORBIDDEN', reason: 'READ_ONLY_TOKEN', params: {} } }]);
    expect((await t.gql(`{ viewer { account { address } } }`, {}, pat)).data.viewer.account.address).not.toBe('Москва');
  });

  it('answers a variable of the wrong form with 400 and BAD_USER_INPUT — a query (compiled by graphql-jit) as a mutation', async () => {
    const session = await t.signInDemo();
    const query = await t.gql(`query($f: DateTime!) { viewer { meters { statistics(from: $f, to: "2026-01-01T00:00:00Z") { count } } } }`, { f: 'yesterday' }, pat);
    const mutation = await t.gql(`mutation($f: DateTime!) { setAwayMode(from: $f) { from } }`, { f: 'yesterday' }, session);
    for (const r of [query, mutation]) {
      expect(r.status).toBe(400);
      expect(r.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/^Variable "\$f" got invalid value "yesterday"; DateTime cannot represent/), extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);
    }
    // Over WebSocket, a subscription's and a query's: an error message for that operation, the socket stays.
    const ws = await RawSocket.open(t.wsUrl, session);
    try {
      ws.subscribe('live', `subscription($f: DateTime) { readingAdded(since: $f) { value } }`, { f: 'yesterday' });
      ws.subscribe('query', `query($f: DateTime!) { viewer { meters { statistics(from: $f, to: "2026-01-01T00:00:00Z") { count } } } }`, { f: 'yesterday' });
      await ws.until(() => ws.of('live').length > 0 && ws.of('query').length > 0, 'both answers');
      for (const id of ['live', 'query']) {
        expect(ws.of(id)).toEqual([{ id, type: 'error', payload: [expect.objectContaining({ message: expect.stringMatching(/^Variable "\$f" got invalid value "yesterday"; DateTime cannot represent/), extensions: { code: 'BAD_USER_INPUT' } })] }]);
      }
      expect(ws.closed).toBeNull();
    } finally {
      ws.close();
    }
  });

  it('still answers errors raised while running with 200 beside the data', async () => {
    const r = await t.gql(`{ contacts { email } devices { serial } }`);
    expect(r.status).toBe(200);
    expect(r.data).toBeNull();
    expect(r.errors!.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('names no field a mistyped one may have meant, over WebSocket as over HTTP', async () => {
    const http = await t.gql(`{ viewer { acount { id } } }`, {}, pat);
    expect(http.errors).toEqual([expect.objectContaining({ message: 'Cannot query field "acount" on type "Viewer". [Suggestion hidden]?', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
    const ws = await RawSocket.open(t.wsUrl, pat);
    try {
      ws.subscribe('typo', `{ viewer { acount { id } } }`);
      await ws.until(() => ws.of('typo').length > 0, 'an answer');
      expect(ws.of('typo')).toEqual([{ id: 'typo', type: 'error', payload: [expect.objectContaining({ message: http.errors![0].message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })] }]);
    } finally {
      ws.close();
    }
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
      expect(ws.of('write')).toEqual([{ id: 'write', type: 'error', payload: [{ message: 'Токен интеграции даёт доступ только на чтение', extensions: { code: 'FORBIDDEN', reason: 'READ_ONLY_TOKEN', params: {} } }] }]);

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

describe.each(engines)('the cost limit on %s', (engine) => {
  let t: TestApi;
  let session: string;
  let meterId: string;
  beforeAll(async () => {
    t = await startTestApi({ engine });
    session = await t.signInDemo();
    const meters = (await t.gql(`{ viewer { meters { id serial } } }`, {}, session)).data.viewer.meters;
    meterId = meters.find((m: { serial: string }) => m.serial === 'E-0001').id;
  });
  afterAll(() => t.close());

  it('refuses 15 pages of 1000 intervals alike whether `first` is written in the query, passed as a variable or defaulted by one', async () => {
    const literal = await t.gql(`query($id: ID!) { viewer { ${pages('1000')} } }`, { id: meterId }, session);
    const variable = await t.gql(`query($id: ID!, $n: Int!) { viewer { ${pages('$n')} } }`, { id: meterId, n: 1000 }, session);
    const defaulted = await t.gql(`query($id: ID!, $n: Int = 1000) { viewer { ${pages('$n')} } }`, { id: meterId }, session);
    for (const r of [literal, variable, defaulted]) {
      expect(r.status).toBe(400);
      expect(r).not.toHaveProperty('data');
      expect(r.errors).toEqual([{ message: COST_MESSAGE, extensions: OVER_COST }]);
    }
  });

  it('counts the `first` the schema gives when the query leaves it out (100 for consumption)', async () => {
    // With zones in each interval a default page costs 6,742.625 per meter: 15 of them and the viewer 151,711.06 (given rounded up).
    const r = await t.gql(`query($id: ID!) { viewer { ${pages(null, 'from to consumption complete zones { zone name consumption }')} } }`, { id: meterId }, session);
    expect(r.status).toBe(400);
    expect(r.errors![0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', cost: 151_712, maxCost: 150_000 });
  });

  it('runs the same 15 pages when the variable asks for 100 intervals each', async () => {
    const r = await t.gql(`query($id: ID!, $n: Int!) { viewer { ${pages('$n')} } }`, { id: meterId, n: 100 }, session);
    expect(r.status).toBe(200);
    expect(r.errors).toBeUndefined();
    expect(Object.keys(r.data.viewer)).toHaveLength(15);
  });

  it('refuses both spellings over WebSocket with an error message carrying the cost, and the socket stays open', async () => {
    const ws = await RawSocket.open(t.wsUrl, session);
    try {
      ws.subscribe('literal', `query($id: ID!) { viewer { ${pages('1000')} } }`, { id: meterId });
      ws.subscribe('variable', `query($id: ID!, $n: Int!) { viewer { ${pages('$n')} } }`, { id: meterId, n: 1000 });
      await ws.until(() => ws.of('literal').length > 0 && ws.of('variable').length > 0, 'both answers');
      for (const id of ['literal', 'variable']) expect(ws.of(id)).toEqual([{ id, type: 'error', payload: [{ message: COST_MESSAGE, extensions: OVER_COST }] }]);
      ws.subscribe('small', `query($id: ID!, $n: Int!) { viewer { ${pages('$n')} } }`, { id: meterId, n: 1 });
      await ws.until(() => ws.of('small').some((m) => m.type === 'complete'), 'the small query to complete');
      expect(ws.of('small')[0]).toMatchObject({ type: 'next', payload: { data: { viewer: { p0: { consumption: { edges: expect.any(Array) } } } } } });
      expect(ws.closed).toBeNull();
    } finally {
      ws.close();
    }
  });
});
