/**
 * The bridges' ingest channel (/ingest) as a bridge meets it: refused without the service credential, answers each
 * batch after the commit with one result per pack (a resent batch counts as duplicates), answers a malformed frame
 * with BAD_REQUEST and stays open, and leaves graphql-ws at /graphql and other paths as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BRIDGE_SECRET, startTestApi, toColumns, type TestApi } from './harness.js';

function open(url: string, secret?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: secret ? { authorization: `Bearer ${secret}` } : {} });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Sends one frame and waits for the answer with the same id (or any answer, for frames without one). */
function ask(ws: WebSocket, frame: string, id: unknown): Promise<any> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const answer = JSON.parse(String(data));
      if (answer.id !== id) return;
      ws.off('message', onMessage);
      resolve(answer);
    };
    ws.on('message', onMessage);
    ws.send(frame);
  });
}

describe('the ingest channel', () => {
  let t: TestApi;
  let url: string;
  beforeAll(async () => {
    t = await startTestApi();
    url = t.url.replace(/^http/, 'ws') + '/ingest';
  });
  afterAll(() => t.close());

  it('refuses a connection without the service credential, or with another secret', async () => {
    await expect(open(url)).rejects.toThrow('HTTP 401');
    await expect(open(url, 'x'.repeat(40))).rejects.toThrow('HTTP 401');
    await expect(open(t.url.replace(/^http/, 'ws') + '/elsewhere', BRIDGE_SECRET)).rejects.toThrow('HTTP 400');
  });

  it('stores a batch and answers after the commit, one result per pack; the same batch again is duplicates; a bad frame is refused alone', async () => {
    const ws = await open(url, BRIDGE_SECRET);
    try {
      const token = t.api.demo!.controller.token;
      const time = Date.now() - 60_000;
      const packs = [
        toColumns({ token, readings: [{ meter: 'E-0001', quantity: 'POWER', time, value: 812 }, { meter: 'E-0001', quantity: 'VOLTAGE_L1', time, value: 229.5 }] }),
        toColumns({ token: 'no-such-token', readings: [{ meter: 'E-0001', quantity: 'POWER', time, value: 1 }] }),
      ];
      const first = await ask(ws, JSON.stringify({ id: 1, packs }), 1);
      expect(first.results.map((r: { status: string; stored: number; duplicates: number }) => [r.status, r.stored, r.duplicates])).toEqual([
        ['STORED', 2, 0],
        ['UNAUTHORIZED', 0, 0],
      ]);
      // Stored means readable: the customer sees the power reading through GraphQL.
      const session = await t.signInDemo();
      const latest = await t.gql(`{ viewer { meters { serial lastReadings { quantity value time } } } }`, {}, session);
      const e = latest.data.viewer.meters.find((m: { serial: string }) => m.serial === 'E-0001');
      expect(e.lastReadings.find((r: { quantity: string }) => r.quantity === 'POWER')).toEqual({ quantity: 'POWER', value: 812, time: new Date(time).toISOString() });

      const again = await ask(ws, JSON.stringify({ id: 'resend-1', packs: packs.slice(0, 1) }), 'resend-1');
      expect(again.results).toEqual([{ status: 'STORED', stored: 0, duplicates: 2, message: null }]);

      expect(await ask(ws, 'not json', null)).toEqual({ id: null, error: { code: 'BAD_REQUEST', message: 'a frame is one JSON object' } });
      const bad = await ask(ws, JSON.stringify({ id: 3, packs: [{ token, meters: ['E-0001'], quantities: ['POWER'], times: ['yesterday'], values: [1] }] }), 3);
      expect(bad.error.code).toBe('BAD_REQUEST');
      // Still open and working.
      const after = await ask(ws, JSON.stringify({ id: 4, packs: [toColumns({ token, readings: [{ meter: 'E-0001', quantity: 'POWER', time: time + 1000, value: 900 }] })] }), 4);
      expect(after.results[0]).toMatchObject({ status: 'STORED', stored: 1 });
    } finally {
      ws.close();
    }
  });
});
