/**
 * The ingest channel's client against a WebSocket server of the test's standing in for the API (the real one is in
 * tests/integration, where the fault and cluster tests run over the channel): a batch whose connection dropped
 * before its answer is sent again on the next connection, with the same id; STORAGE_UNAVAILABLE and no answer map
 * to what the forwarder turns into 5.03; a refused credential is reported.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { ApiUnreachable, StorageUnavailable } from '../src/ingest/api-client.js';
import { ChannelApiClient, channelUrlOf } from '../src/ingest/channel-client.js';

const SECRET = 's'.repeat(40);
const pack = { token: 'tok', readings: [{ meter: 'E-1', quantity: 'POWER', time: 1_700_000_000_000, value: 5 }] };
const STORED = { status: 'STORED', stored: 1, duplicates: 0, message: null };

let servers: WebSocketServer[] = [];
let clients: ChannelApiClient[] = [];
afterEach(async () => {
  clients.forEach((c) => c.close());
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
  clients = [];
});

async function server(onFrame: (ws: WebSocket, frame: { id: number; packs: unknown[] }, connection: number) => void): Promise<{ url: string; frames: Array<{ id: number; connection: number }> }> {
  const frames: Array<{ id: number; connection: number }> = [];
  let connections = 0;
  const wss = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    path: '/ingest',
    verifyClient: ({ req }, done) => (req.headers.authorization === `Bearer ${SECRET}` ? done(true) : done(false, 401)),
  });
  servers.push(wss);
  await new Promise((r) => wss.once('listening', r));
  wss.on('connection', (ws) => {
    const connection = ++connections;
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data));
      frames.push({ id: frame.id, connection });
      onFrame(ws, frame, connection);
    });
  });
  return { url: `http://127.0.0.1:${(wss.address() as AddressInfo).port}/graphql`, frames };
}

describe('the ingest channel client', () => {
  it('turns the API’s GraphQL URL into the channel’s', () => {
    expect(channelUrlOf('https://api.example/graphql')).toBe('wss://api.example/ingest');
    expect(channelUrlOf('http://127.0.0.1:3000/graphql?x=1')).toBe('ws://127.0.0.1:3000/ingest');
  });

  it('sends a batch again, with the same id, when the connection dropped before its answer', async () => {
    const api = await server((ws, frame, connection) => {
      if (connection === 1) return void ws.terminate(); // the API restarted mid-batch
      ws.send(JSON.stringify({ id: frame.id, results: frame.packs.map(() => STORED) }));
    });
    const client = new ChannelApiClient(api.url, SECRET, { timeoutMs: 5000 });
    clients.push(client);
    expect(await client.ingest([pack])).toEqual([STORED]);
    expect(api.frames).toEqual([
      { id: 1, connection: 1 },
      { id: 1, connection: 2 },
    ]);
    // The next batch goes on the open connection.
    expect(await client.ingest([pack, pack])).toEqual([STORED, STORED]);
    expect(api.frames.at(-1)).toEqual({ id: 2, connection: 2 });
  });

  it('maps STORAGE_UNAVAILABLE, a silent API and a refused credential to what the devices are told 5.03 for', async () => {
    const api = await server((ws, frame) => {
      if (frame.id === 1) ws.send(JSON.stringify({ id: 1, error: { code: 'STORAGE_UNAVAILABLE', retryAfter: 7 } }));
      // frame 2: never answered
    });
    const client = new ChannelApiClient(api.url, SECRET, { timeoutMs: 300 });
    clients.push(client);
    const down = await client.ingest([pack]).catch((e) => e);
    expect(down).toBeInstanceOf(StorageUnavailable);
    expect(down.retryAfterS).toBe(7);
    await expect(client.ingest([pack])).rejects.toBeInstanceOf(ApiUnreachable);

    const errors: string[] = [];
    const stranger = new ChannelApiClient(api.url, 'w'.repeat(40), { timeoutMs: 300, onError: (e) => errors.push(e.message) });
    clients.push(stranger);
    await expect(stranger.ingest([pack])).rejects.toBeInstanceOf(ApiUnreachable);
    expect(errors).toContain('the ingest channel was refused: HTTP 401');
  });
});
