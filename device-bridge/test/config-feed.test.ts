/**
 * The bridge's subscription to configuration changes, against a small stand-in for the API that speaks
 * graphql-transport-ws on a real socket (the real API is in tests/integration).
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { ConfigFeed } from '../src/devices/config-feed.js';
import type { DeviceConfig } from '../src/devices/device-api.js';

const SECRET = 's'.repeat(40);
const device = (interval: number): DeviceConfig => ({ controllerId: '7', serial: 'C-7', reportingIntervalS: interval, reportingPhaseS: interval - 1, serverTime: new Date().toISOString() });

/** Accepts connection_init with the right credential, records subscriptions, and lets the test push or drop. */
class FakeApi {
  readonly wss: WebSocketServer;
  readonly subscriptions: Array<{ socket: WebSocket; id: string; query: string }> = [];
  readonly inits: unknown[] = [];

  constructor() {
    this.wss = new WebSocketServer({ port: 0, host: '127.0.0.1', path: '/graphql', handleProtocols: () => 'graphql-transport-ws' });
    this.wss.on('connection', (socket) => {
      socket.on('message', (raw) => {
        const m = JSON.parse(raw.toString());
        if (m.type === 'connection_init') {
          this.inits.push(m.payload);
          if (m.payload?.authorization !== `Bearer ${SECRET}`) return socket.close(4403, 'Forbidden');
          socket.send(JSON.stringify({ type: 'connection_ack' }));
        } else if (m.type === 'subscribe') {
          this.subscriptions.push({ socket, id: m.id, query: m.payload.query });
        } else if (m.type === 'ping') {
          socket.send(JSON.stringify({ type: 'pong' }));
        }
      });
    });
  }

  listening() {
    return new Promise((resolve) => this.wss.once('listening', resolve));
  }

  get url() {
    return `http://127.0.0.1:${(this.wss.address() as AddressInfo).port}/graphql`;
  }

  push(d: DeviceConfig) {
    const { socket, id } = this.subscriptions.at(-1)!;
    socket.send(JSON.stringify({ id, type: 'next', payload: { data: { deviceConfigChanged: d } } }));
  }

  dropAll() {
    for (const client of this.wss.clients) client.terminate();
  }

  close() {
    this.dropAll();
    return new Promise((r) => this.wss.close(r));
  }
}

describe('the subscription to configuration changes', () => {
  let api: FakeApi;
  let feed: ConfigFeed;

  afterEach(async () => {
    await feed?.close();
    await api?.close();
  });

  async function start(secret = SECRET) {
    api = new FakeApi();
    await api.listening();
    const changes: DeviceConfig[] = [];
    let resyncs = 0;
    feed = new ConfigFeed({
      url: api.url,
      secret,
      onChange: (d) => changes.push(d),
      onResync: () => resyncs++,
      maxRetryWaitMs: 200,
    });
    feed.start();
    return { changes, resyncs: () => resyncs };
  }

  it('connects with the service credential, subscribes to deviceConfigChanged and hands on each change', async () => {
    const { changes } = await start();
    await feed.ready();
    await expect.poll(() => api.subscriptions.length).toBe(1);
    expect(api.inits).toEqual([{ authorization: `Bearer ${SECRET}` }]);
    expect(api.subscriptions[0].query).toContain('deviceConfigChanged');
    api.push(device(600));
    api.push(device(300));
    await expect.poll(() => changes.map((c) => c.reportingIntervalS)).toEqual([600, 300]);
  });

  it('reconnects when the connection drops, subscribes again, and asks for a resynchronisation', async () => {
    const { changes, resyncs } = await start();
    await feed.ready();
    await expect.poll(() => api.subscriptions.length).toBe(1);
    expect(resyncs()).toBe(0);
    api.dropAll();
    await expect.poll(() => api.subscriptions.length, { timeout: 5000 }).toBe(2);
    expect(resyncs()).toBe(1);
    expect(feed.connected).toBe(true);
    api.push(device(1200));
    await expect.poll(() => changes.at(-1)?.reportingIntervalS).toBe(1200);
  });

  it('keeps trying while refused (a wrong secret), and closes at once even then', async () => {
    await start('wrong'.repeat(10));
    await expect.poll(() => api.inits.length, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    expect(feed.connected).toBe(false);
    const started = Date.now();
    await feed.close();
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
