/**
 * The integrator guide's examples, run as an integrator would run them, against a live server: the guide
 * cannot rot without this failing.
 */
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '@askue/api/testing';

const require = createRequire(import.meta.url);
const apiDir = path.dirname(require.resolve('@askue/api/package.json'));

function runExample(file: string, env: Record<string, string>, onLine?: (line: string) => void): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', `examples/${file}`], { cwd: apiDir, env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
      for (const line of String(d).split('\n')) if (line) onLine?.(line);
    });
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill(), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

describe('the integrator guide’s examples, against a live server', () => {
  let t: TestApi;
  let pat: string;

  beforeAll(async () => {
    t = await startTestApi();
    const session = await t.signInDemo();
    pat = (await t.gql(`mutation { createAccessToken(name: "examples") { token } }`, {}, session)).data.createAccessToken.token;
    const token = t.api.demo!.controller.token;
    await t.ingest([{ token, readings: [{ meter: 'E-0001', quantity: 'POWER', time: Date.now() - 5000, value: 750 }] }]);
  });
  afterAll(() => t.close());

  it('query.ts lists the meters with their newest readings and yesterday’s consumption', async () => {
    const r = await runExample('query.ts', { ASKUE_URL: t.url, ASKUE_TOKEN: pat });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('E-0001 (ELECTRICITY)');
    expect(r.out).toMatch(/ {2}POWER = 750 W at /);
    expect(r.out).toMatch(/CW-0001: \d+\.\d{3} m3 yesterday/);
  });

  it('subscribe.ts prints live readings as they are stored', async () => {
    const token = t.api.demo!.controller.token;
    let connected = false;
    const done = runExample('subscribe.ts', { ASKUE_URL: t.url, ASKUE_TOKEN: pat, STOP_AFTER: '2' });
    // Keep storing readings until the example has printed two of them and stopped.
    let v = 0;
    const feeding = setInterval(() => {
      void t.ingest([{ token, readings: [{ meter: 'CW-0001', quantity: 'VOLUME', time: Date.now(), value: 10 + ++v / 1000 }] }]);
      connected = true;
    }, 200);
    const r = await done;
    clearInterval(feeding);
    expect(connected).toBe(true);
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(2);
    expect(r.out).toMatch(/VOLUME = 10\.\d+ m3/);
  });

  it('webhook-receiver.ts takes a signed warning once, and refuses a forged one', async () => {
    // A free port for the receiver, so that the webhook can be registered before it starts.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as AddressInfo).port;
        probe.close(() => resolve(p));
      });
    });
    const session = await t.signInDemo();
    const hook = (await t.gql(`mutation($u: String!) { createWebhook(url: $u, description: "example") { id secret } }`, { u: `http://127.0.0.1:${port}/askue` }, session)).data.createWebhook;
    let listening!: () => void;
    const ready = new Promise<void>((r) => (listening = r));
    const done = runExample('webhook-receiver.ts', { WEBHOOK_SECRET: hook.secret, PORT: String(port), STOP_AFTER: '1' }, (line) => line.startsWith('listening') && listening());
    await ready;
    // A forged message: signed with another secret.
    const forged = await fetch(`http://127.0.0.1:${port}/askue`, { method: 'POST', headers: { 'x-askue-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`, 'idempotency-key': 'forged' }, body: '{"type":"alert.opened","data":{}}' });
    expect(forged.status).toBe(401);
    // 400 litres through the hot-water meter within half an hour: a burst, sent to the webhook.
    const now = Date.now();
    await t.ingest([{ token: t.api.demo!.controller.token, readings: [0, 1, 2].map((i) => ({ meter: 'HW-0001', quantity: 'VOLUME', time: now - 30 * 60_000 + i * 15 * 60_000, value: 20 + i * 0.2 })) }]);
    const r = await done;
    expect(r.code).toBe(0);
    expect(r.err).toBe('refused: POST /askue without a valid signature\n');
    expect(r.out.trim().split('\n')).toEqual([`listening on http://127.0.0.1:${port}`, expect.stringMatching(/^alert\.opened BURST \(CRITICAL\): .*HW-0001/)]);
    const deliveries = (await t.gql(`{ viewer { webhooks { id deliveries { event status responseStatus } } } }`, {}, session)).data.viewer.webhooks.find((w: { id: string }) => w.id === hook.id).deliveries;
    expect(deliveries).toEqual([{ event: 'alert.opened', status: 'DELIVERED', responseStatus: 200 }]);
  });
});
