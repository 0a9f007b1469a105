/**
 * Running the API in production: probes, metrics, request ids, security headers, Retry-After, connection limits,
 * client addresses behind proxies, and logs that never hold a secret.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLogger } from '../src/log.js';
import { clientIp } from '../src/http/websocket.js';
import { redactUrl } from '../src/http/request-log.js';
import { inlineScriptHashes } from '../src/http/security-headers.js';
import { confirmEmail, registerAccount, SIGN_IN, VIEWER } from './accounts-support.js';
import { BRIDGE_SECRET, engines, startTestApi, startWithDelivery, type DeliveringTestApi, type TestApi } from './harness.js';

const SHELL = `<!doctype html><html><head><script type="module">import('/_app/start.js')</script></head><body><script>
  window.started = true;
</script></body></html>`;

/** A hashed chunk as the cabinet's build holds it: with a .br and a .gz beside it (adapter-static `precompress`). */
const CHUNK_PATH = '/_app/immutable/chunks/app.Dq3x9.js';
const CHUNK = `export const greeting = ${JSON.stringify('Показания счётчика '.repeat(200))};\n`;

async function webDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'askue-web-'));
  await writeFile(path.join(dir, 'index.html'), SHELL);
  const chunk = path.join(dir, CHUNK_PATH);
  await mkdir(path.dirname(chunk), { recursive: true });
  await writeFile(chunk, CHUNK);
  await writeFile(`${chunk}.br`, brotliCompressSync(CHUNK));
  await writeFile(`${chunk}.gz`, gzipSync(CHUNK));
  return dir;
}

/** GET with exactly the Accept-Encoding given; the body as sent (not decoded). */
function getRaw(url: string, acceptEncoding?: string) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    httpGet(url, { headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts) }));
    }).on('error', reject);
  });
}

/** Opens a graphql-transport-ws socket; resolves once acknowledged, closed or refused at the handshake. */
function openSocket(url: string, token: string, headers: Record<string, string> = {}) {
  return new Promise<{ socket: WebSocket; acknowledged: boolean; closeCode?: number; httpStatus?: number }>((resolve) => {
    const socket = new WebSocket(url, 'graphql-transport-ws', { headers });
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.on('message', (data) => {
      if (JSON.parse(String(data)).type === 'connection_ack') resolve({ socket, acknowledged: true });
    });
    socket.on('close', (code) => resolve({ socket, acknowledged: false, closeCode: code }));
    socket.on('unexpected-response', (_req, res) => resolve({ socket, acknowledged: false, httpStatus: res.statusCode }));
    socket.on('error', () => {});
  });
}

describe('addresses and redaction (pure)', () => {
  it('takes the client address that many proxies from the right of X-Forwarded-For, never the client’s own claim', () => {
    const req = (xff: string | undefined, peer = '10.0.0.5') => ({ headers: xff ? { 'x-forwarded-for': xff } : {}, socket: { remoteAddress: peer } }) as never;
    expect(clientIp(req('6.6.6.6, 203.0.113.7'), 0)).toBe('10.0.0.5');
    // One proxy (10.0.0.5) appended what it saw (203.0.113.7); 6.6.6.6 was written by the client itself.
    expect(clientIp(req('6.6.6.6, 203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientIp(req('203.0.113.7, 10.0.0.9'), 2)).toBe('203.0.113.7');
    expect(clientIp(req(undefined), 1)).toBe('10.0.0.5');
    expect(clientIp(req('203.0.113.7'), 5)).toBe('203.0.113.7');
  });

  it('hides the values of secret query parameters in logged URLs', () => {
    expect(redactUrl('/recovery/reset?token=abc&x=1')).toBe('/recovery/reset?token=[скрыто]&x=1');
    expect(redactUrl('/bind?serial=C-1&code=ABCD-EFGH')).toBe('/bind?serial=C-1&code=[скрыто]');
    expect(redactUrl('/confirm-email?%74oken=abc')).toBe('/confirm-email?%74oken=[скрыто]');
    expect(redactUrl('/meters/1')).toBe('/meters/1');
    expect(redactUrl('/bind?serial=C-1&claimCode=AB&smsCode=1234&access_token=t&Password=p')).toBe(
      '/bind?serial=C-1&claimCode=[скрыто]&smsCode=[скрыто]&access_token=[скрыто]&Password=[скрыто]',
    );
  });

  it('logs the GraphQL endpoint without its query string, however the path is spelled', () => {
    expect(redactUrl('/graphql?query=%7B%20viewer%20%7D&variables=%7B%22w%22%3A%22secret%22%7D')).toBe('/graphql');
    expect(redactUrl('/GraphQL/?variables={"p":"x"}')).toBe('/GraphQL/');
    expect(redactUrl('/graphql/anything?variables=x')).toBe('/graphql/anything');
    expect(redactUrl('/graphqlish?variables=x')).toBe('/graphqlish?variables=x');
  });

  it('hashes each inline script, not external ones', () => {
    const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    expect(inlineScriptHashes(SHELL)).toEqual([sha("import('/_app/start.js')"), sha('\n  window.started = true;\n')]);
    expect(inlineScriptHashes('<script src="/a.js"></script>')).toEqual([]);
  });
});

describe.each(engines)('operations on %s', (engine) => {
  let t: TestApi;
  let web: string;
  beforeAll(async () => {
    web = await webDir();
    t = await startTestApi({ engine, env: { SERVE_WEB: '1', WEB_DIR: web, WS_PER_ACCOUNT: '2', WS_PER_IP: '4' } });
  });
  afterAll(async () => {
    await t.close();
    await rm(web, { recursive: true, force: true });
  });

  it('answers liveness and readiness, and readiness turns 503 when shutting down', async () => {
    expect(await (await fetch(`${t.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', database: 'ok', pubsub: 'in-process', shutdown: false });
    t.api.deps.health.shuttingDown = true;
    try {
      const draining = await fetch(`${t.url}/readyz`);
      expect(draining.status).toBe(503);
      expect(await draining.json()).toMatchObject({ status: 'unavailable', shutdown: true });
      // Still serving what is in flight or arrives meanwhile.
      expect((await t.gql(`{ contacts { phones { number } } }`)).status).toBe(200);
    } finally {
      t.api.deps.health.shuttingDown = false;
    }
  });

  it('exposes Prometheus metrics to this machine only, counting readings and errors', async () => {
    const { controller } = t.api.demo!;
    const pack = { token: controller.token, readings: [{ meter: 'E-0001', quantity: 'POWER', time: Date.now() - 30_000, value: 1500 }] };
    expect((await t.ingest([pack]))[0]).toMatchObject({ status: 'STORED', stored: 1 });
    expect((await t.ingest([pack]))[0]).toMatchObject({ status: 'STORED', duplicates: 1 });
    await t.gql(`{ viewer { account { id } } nope }`);
    const res = await fetch(`${t.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^askue_api_readings_total\{outcome="stored"\} 1$/m);
    expect(text).toMatch(/^askue_api_readings_total\{outcome="duplicate"\} 1$/m);
    expect(text).toMatch(/^askue_api_graphql_errors_total\{code="GRAPHQL_VALIDATION_FAILED"\} [1-9]/m);
    expect(text).toMatch(/^askue_api_http_request_duration_seconds_count\{route="graphql",method="POST",status="200"\} [1-9]/m);
    expect(text).toMatch(/^askue_api_process_resident_memory_bytes /m);
    // Subscriptions running now, across sockets.
    const sub = t.subscribe(await t.signInDemo(), `subscription { readingAdded { value } }`);
    const scrape = async () => (await (await fetch(`${t.url}/metrics`)).text()).match(/^askue_api_subscriptions (\d+)$/m)?.[1];
    await expect.poll(scrape).toBe('1');
    await sub.close();
    await expect.poll(scrape).toBe('0');
    // Through a reverse proxy it is someone else asking.
    expect((await fetch(`${t.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.7' } })).status).toBe(403);
  });

  it('gives every response a request id, keeping a sane one the caller sent', async () => {
    const own = await fetch(`${t.url}/healthz`, { headers: { 'x-request-id': 'bridge-1-42' } });
    expect(own.headers.get('x-request-id')).toBe('bridge-1-42');
    const made = await fetch(`${t.url}/healthz`, { headers: { 'x-request-id': `evil id with spaces ${'x'.repeat(80)}` } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends the cabinet with a strict CSP that allows exactly its inline scripts, and security headers everywhere', async () => {
    const page = await fetch(`${t.url}/recovery/reset?token=x`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(SHELL);
    const csp = page.headers.get('content-security-policy')!;
    const scriptSrc = csp.split('; ').find((d) => d.startsWith('script-src '))!;
    expect(scriptSrc).toBe(`script-src 'self' ${inlineScriptHashes(SHELL).join(' ')}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    const api = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    expect(api.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(api.headers.get('referrer-policy')).toBe('same-origin');
    expect(api.headers.get('x-powered-by')).toBeNull();
  });

  it('sends the cabinet’s assets precompressed — Brotli, else gzip, else plain — cached for a year', async () => {
    const br = await getRaw(`${t.url}${CHUNK_PATH}`, 'gzip, deflate, br');
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/^(text|application)\/javascript; charset=utf-8$/i);
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.body.length).toBeLessThan(Buffer.byteLength(CHUNK) / 10);
    expect(brotliDecompressSync(br.body).toString('utf8')).toBe(CHUNK);

    const gz = await getRaw(`${t.url}${CHUNK_PATH}`, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString('utf8')).toBe(CHUNK);

    const plain = await getRaw(`${t.url}${CHUNK_PATH}`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString('utf8')).toBe(CHUNK);

    // A missing hashed asset is a 404, not the cabinet's shell.
    expect((await getRaw(`${t.url}/_app/immutable/chunks/gone.js`, 'br')).status).toBe(404);
  });

  it('serves GraphQL over POST only: any other method gets 405 with Allow: POST and a GraphQL-shaped error', async () => {
    const query = encodeURIComponent('{ __typename }');
    const answers = [
      // With the header that gets a GET past Apollo's CSRF check, it used to run.
      await fetch(`${t.url}/graphql?query=${query}`, { headers: { 'apollo-require-preflight': '1' } }),
      await fetch(`${t.url}/GraphQL/?query=${query}`, { headers: { 'apollo-require-preflight': '1' } }),
      await fetch(`${t.url}/graphql`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) }),
    ];
    for (const res of answers) {
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await res.json()).toEqual({ errors: [{ message: 'GraphQL принимается только POST-запросом (JSON в теле запроса)', extensions: { code: 'BAD_REQUEST' } }] });
    }
  });

  it('publishes the limits it enforces, with this deployment’s settings', async () => {
    const r = await t.gql(`{ limits { rateLimits { name points windowSeconds blockSeconds } request { maxBodyBytes maxAliases maxCost webSocketsPerAccount webSocketsPerAddress } } }`);
    const rules = Object.fromEntries(r.data.limits.rateLimits.map((l: { name: string }) => [l.name, l]));
    expect(rules.signInPhoneIp).toEqual({ name: 'signInPhoneIp', points: 5, windowSeconds: 900, blockSeconds: 900 });
    expect(rules.codeResend).toEqual({ name: 'codeResend', points: 1, windowSeconds: 60, blockSeconds: null });
    expect(rules.codePerIp.points).toBe(10_000); // CODES_PER_IP_PER_HOUR as the harness sets it
    expect(r.data.limits.request).toEqual({ maxBodyBytes: 1_048_576, maxAliases: 15, maxCost: 150_000, webSocketsPerAccount: 2, webSocketsPerAddress: 4 });
  });

  it('says Retry-After in HTTP when an answer is RATE_LIMITED', async () => {
    const phone = '+79000000555';
    for (let i = 0; i < 5; i++) await t.gql(SIGN_IN, { p: phone, w: `guess-${i}` });
    const limited = await t.gql(SIGN_IN, { p: phone, w: 'guess-5' });
    expect(limited.errors![0].extensions.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBe(limited.errors![0].extensions.retryAfter);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(800);
  });

  it('closes a WebSocket beyond the per-account limit with 4430 (too many connections) and refuses a handshake beyond the per-address limit with 429', async () => {
    const token = await t.signInDemo();
    const url = t.wsUrl;
    const sockets: WebSocket[] = [];
    try {
      const first = await openSocket(url, token);
      const second = await openSocket(url, token);
      sockets.push(first.socket, second.socket);
      expect([first.acknowledged, second.acknowledged]).toEqual([true, true]);
      const third = await openSocket(url, token);
      expect(third.closeCode).toBe(4430);
      // Another account from the same address still gets in, up to 4 sockets per address.
      const bridge = await openSocket(url, BRIDGE_SECRET);
      const bridge2 = await openSocket(url, BRIDGE_SECRET);
      sockets.push(bridge.socket, bridge2.socket);
      expect([bridge.acknowledged, bridge2.acknowledged]).toEqual([true, true]);
      const fifth = await openSocket(url, BRIDGE_SECRET);
      expect(fifth.httpStatus).toBe(429);
      // Once one closes, there is room again.
      await new Promise<void>((resolve) => {
        first.socket.once('close', () => resolve());
        first.socket.close();
      });
      await expect.poll(async () => (await openSocket(url, token)).acknowledged).toBe(true);
    } finally {
      for (const s of sockets) s.close();
    }
  });
});

describe.each(engines)('behind a reverse proxy on %s', (engine) => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi({ engine, env: { TRUST_PROXY: '1', WS_PER_IP: '1' } });
  });
  afterAll(() => t.close());

  it('counts per-address limits by the address the proxy saw', async () => {
    const sockets: WebSocket[] = [];
    try {
      const a = await openSocket(t.wsUrl, BRIDGE_SECRET, { 'x-forwarded-for': '203.0.113.1' });
      const b = await openSocket(t.wsUrl, BRIDGE_SECRET, { 'x-forwarded-for': '203.0.113.2' });
      sockets.push(a.socket, b.socket);
      expect([a.acknowledged, b.acknowledged]).toEqual([true, true]);
      // A client claiming another address in front of the proxy's entry changes nothing.
      const again = await openSocket(t.wsUrl, BRIDGE_SECRET, { 'x-forwarded-for': '198.51.100.9, 203.0.113.1' });
      expect(again.httpStatus).toBe(429);
    } finally {
      for (const s of sockets) s.close();
    }
  });
});

describe('logs', () => {
  let t: DeliveringTestApi;
  let web: string;
  const lines: string[] = [];

  beforeAll(async () => {
    web = await webDir();
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    t = await startWithDelivery({ env: { SERVE_WEB: '1', WEB_DIR: web }, log: createLogger('trace', 'api', sink) });
  });
  afterAll(async () => {
    await t.close();
    await rm(web, { recursive: true, force: true });
  });

  it('never hold a password, an SMS code, a session or access token, a captcha solution or an email link token', async () => {
    const secrets: string[] = [];
    const captcha = await t.captcha();
    secrets.push(captcha);
    const user = await registerAccount(t, { password: 'Horse-battery-staple-42' });
    const smsCode = t.sms.messages.at(-1)!.text.match(/\d{4,8}/)![0];
    secrets.push(user.password, user.token, smsCode);
    await t.gql(SIGN_IN, { p: user.phone, w: 'wrong-password-Zebra' });
    secrets.push('wrong-password-Zebra');
    const session = (await t.gql(SIGN_IN, { p: user.phone, w: user.password })).data.signIn.token;
    secrets.push(session);
    const access = (await t.gql(`mutation { createAccessToken(name: "Логи") { token } }`, {}, session)).data.createAccessToken.token;
    secrets.push(access);
    expect((await t.gql(VIEWER, {}, access)).data.viewer.account.phone).toBe(user.phone);
    // A variable of the wrong type: GraphQL repeats the value to the client, never to the log.
    await t.gql(SIGN_IN, { p: user.phone, w: 987654321987 });
    secrets.push('987654321987');
    await confirmEmail(t, user.email);
    await t.gql(`mutation($l: String!) { requestPasswordRecovery(login: $l) { channel } }`, { l: user.email });
    const link = await t.mail.link(user.email, /восстановление пароля/);
    const resetToken = link.searchParams.get('token')!;
    secrets.push(resetToken);
    // The link is opened in a browser (the cabinet's page), then used.
    expect((await fetch(`${t.url}${link.pathname}${link.search}`, { headers: { accept: 'text/html' } })).status).toBe(200);
    const reset = await t.gql(`mutation($t: String!, $w: String!) { resetPassword(token: $t, password: $w) { token } }`, { t: resetToken, w: 'New-password-Hippo-77' });
    secrets.push('New-password-Hippo-77', reset.data.resetPassword.token);

    // GETs carrying every kind of secret in the URL: the GraphQL endpoint refuses them (405), a page serves them
    // (200), and both are logged — at debug and above, all captured here.
    const demo = t.api.demo!;
    const everySecret = { password: user.password, smsCode, deviceToken: demo.controller.token, sessionToken: session, recoveryToken: resetToken, claimCode: demo.spare.claimCode };
    secrets.push(demo.controller.token, demo.spare.claimCode);
    const q = (s: string) => encodeURIComponent(s);
    const gets = [
      `/graphql?query=${q('mutation($p: String!, $w: String!) { signIn(phone: $p, password: $w) { token } }')}&variables=${q(JSON.stringify({ p: user.phone, w: user.password }))}`,
      `/graphql?query=${q('query($t: String!) { deviceConfig(token: $t) { serial } }')}&variables=${q(JSON.stringify({ t: demo.controller.token }))}`,
      `/GraphQL/?query=${q('{ __typename }')}&variables=${q(JSON.stringify(everySecret))}`,
      `/graphql?${Object.entries(everySecret).map(([k, v]) => `${k}=${q(v)}`).join('&')}`,
      `/bind?serial=${demo.spare.serial}&${Object.entries(everySecret).map(([k, v]) => `${k}=${q(v)}`).join('&')}`,
    ];
    const statuses = [];
    for (const path of gets) statuses.push((await fetch(`${t.url}${path}`, { headers: { accept: 'text/html', 'apollo-require-preflight': '1', authorization: `Bearer ${BRIDGE_SECRET}` } })).status);
    expect(statuses).toEqual([405, 405, 405, 405, 200]);

    const log = lines.join('');
    // The log is not empty: requests were logged, with their ids, and the link's path without its token.
    expect(log).toMatch(/"url":"\/recovery\/reset\?token=\[скрыто\]"/);
    expect(log).toMatch(/"method":"POST","url":"\/graphql"/);
    // URLs are logged percent-encoded ("%22Horse…" would hide a password from a search for "Horse…"): search both.
    const decoded = log.replace(/%[0-9A-Fa-f]{2}/g, (h) => String.fromCharCode(parseInt(h.slice(1), 16)));
    for (const secret of secrets) {
      const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      expect(log, `a secret reached the log: ${secret.slice(0, 4)}…`).not.toMatch(new RegExp(`(?<![0-9A-Za-z])${escaped}(?![0-9A-Za-z])`));
      expect(decoded, `a secret reached the log percent-encoded: ${secret.slice(0, 4)}…`).not.toMatch(new RegExp(`(?<![0-9A-Za-z])${escaped}(?![0-9A-Za-z])`));
    }
    // The GETs were logged, by path: the endpoint's without its query string, the page's with the values hidden.
    expect(log.match(/"method":"GET","url":"\/graphql"/g)).toHaveLength(3);
    expect(log).toMatch(/"method":"GET","url":"\/GraphQL\/"/);
    expect(log).toContain(`"url":"/bind?serial=${demo.spare.serial}&password=[скрыто]&smsCode=[скрыто]&deviceToken=[скрыто]&sessionToken=[скрыто]&recoveryToken=[скрыто]&claimCode=[скрыто]"`);
  });
});
