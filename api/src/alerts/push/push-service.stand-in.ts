/**
 * A push service and one subscribed browser on the loopback (test support), so that sending is tested end to end
 * without the internet: a real HTTP server that checks each request the way a push service does (RFC 8030, the
 * VAPID token of RFC 8292) and decrypts its body the way the browser would (RFC 8291), then hands it to the test.
 *
 * Answers: 201 when the request is valid; 401 for a missing or invalid VAPID token; 403 when the token is signed
 * with another key than the subscription was made for; 400 for a body that does not decrypt or a missing TTL;
 * 413 for a body over 4096 bytes; 404 for another path; or whatever `answerNext` asked for.
 */
import { createECDH, createPublicKey, randomBytes, verify, type ECDH } from 'node:crypto';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decryptPushMessage } from './browser-decrypt.js';
import type { PushSubscription } from './web-push.sender.js';

/** A request the stand-in accepted: what the service worker would get, and who signed it. */
export interface ReceivedPush {
  headers: IncomingHttpHeaders;
  /** The decrypted body, parsed as JSON when it is JSON. */
  payload: unknown;
  vapid: { publicKey: string; claims: VapidClaims };
}

export interface VapidClaims {
  aud: string;
  exp: number;
  sub: string;
}

export interface StandInOptions {
  /** The application server key the browser subscribed with; when set, tokens signed with another are refused. */
  applicationServerKey?: string;
}

/** RFC 8030 §7.2: push services must accept at least 4096 bytes and may refuse more. */
const MAX_BODY_BYTES = 4096;
/** RFC 8292 §2: a token must not be valid for more than 24 hours. */
const MAX_TOKEN_LIFETIME_S = 24 * 60 * 60;
const DEFAULT_WAIT_MS = 5_000;

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** One request the stand-in got: what it accepted, or the status it refused it with and why. */
export type StandInRequest = { push: ReceivedPush } | { refused: { status: number; reason: string } };

export class PushServiceStandIn {
  private readonly arrivals: StandInRequest[] = [];
  private readonly forcedAnswers: number[] = [];
  private readonly waiters = new Set<() => boolean>();
  private taken = 0;

  private constructor(
    private readonly server: http.Server,
    private readonly browserKey: ECDH,
    private readonly authSecret: Buffer,
    /** What the browser's `pushManager.subscribe()` would return: give it to the sender. */
    readonly subscription: PushSubscription,
    private readonly applicationServerKey: string | undefined,
  ) {
    server.on('request', (request, response) => this.receive(request, response));
  }

  /** Starts the server on a free port of 127.0.0.1 and subscribes a new fake browser to it. */
  static async start(options: StandInOptions = {}): Promise<PushServiceStandIn> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const browserKey = createECDH('prime256v1');
    browserKey.generateKeys();
    const authSecret = randomBytes(16);
    const subscription = {
      endpoint: `http://127.0.0.1:${port}/push/${randomBytes(12).toString('base64url')}`,
      keys: { p256dh: browserKey.getPublicKey('base64url', 'uncompressed'), auth: authSecret.toString('base64url') },
    };
    return new PushServiceStandIn(server, browserKey, authSecret, subscription, options.applicationServerKey);
  }

  /** Every request so far, in order: what was received, or why it was refused. */
  get requests(): readonly StandInRequest[] {
    return this.arrivals;
  }

  /** The next `times` valid requests are answered with `status` (e.g. 410 unsubscribed, 500 broken) instead of 201. */
  answerNext(status: number, times = 1): void {
    for (let i = 0; i < times; i++) this.forcedAnswers.push(status);
  }

  /** The next request not yet taken; rejects if the stand-in refused it, or if none arrives in time. */
  next(timeoutMs = DEFAULT_WAIT_MS): Promise<ReceivedPush> {
    const index = this.taken++;
    return new Promise((resolve, reject) => {
      const settle = () => {
        const arrival = this.arrivals[index];
        if (!arrival) return false;
        if ('push' in arrival) resolve(arrival.push);
        else reject(new Error(`the push service refused request ${index + 1} (${arrival.refused.status}): ${arrival.refused.reason}`));
        return true;
      };
      if (settle()) return;
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no push request arrived within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = () => {
        if (!settle()) return false;
        clearTimeout(timer);
        return true;
      };
      this.waiters.add(waiter);
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private receive(request: http.IncomingMessage, response: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let status: number;
      try {
        const push = this.check(request, Buffer.concat(chunks));
        this.arrive({ push });
        status = this.forcedAnswers.shift() ?? 201;
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        this.arrive({ refused: { status: error.status, reason: error.message } });
        status = error.status;
      }
      response.writeHead(status).end();
    });
  }

  private arrive(arrival: StandInRequest): void {
    this.arrivals.push(arrival);
    for (const waiter of this.waiters) if (waiter()) this.waiters.delete(waiter);
  }

  private check(request: http.IncomingMessage, body: Buffer): ReceivedPush {
    const endpoint = new URL(this.subscription.endpoint);
    if (request.method !== 'POST' || request.url !== endpoint.pathname) throw new Refusal(404, `no subscription at ${request.method} ${request.url}`);
    const vapid = verifyVapid(request.headers.authorization, endpoint.origin);
    if (this.applicationServerKey && vapid.publicKey !== this.applicationServerKey) {
      throw new Refusal(403, 'the token is signed with another key than the subscription was made for');
    }
    const ttl = request.headers.ttl;
    if (typeof ttl !== 'string' || !/^\d+$/.test(ttl)) throw new Refusal(400, `TTL header missing or not a number: ${ttl}`);
    if (request.headers['content-encoding'] !== 'aes128gcm') {
      throw new Refusal(400, `Content-Encoding is ${request.headers['content-encoding']}, not aes128gcm`);
    }
    if (body.length > MAX_BODY_BYTES) throw new Refusal(413, `body of ${body.length} bytes is over ${MAX_BODY_BYTES}`);
    let text: string;
    try {
      text = decryptPushMessage(body, this.browserKey, this.authSecret).toString('utf8');
    } catch (error) {
      throw new Refusal(400, `the body does not decrypt: ${(error as Error).message}`);
    }
    return { headers: request.headers, payload: parseIfJson(text), vapid };
  }
}

/** RFC 8292 §3: `vapid t=<ES256 JWT>, k=<uncompressed P-256 public key>`, the token for this push service. */
function verifyVapid(authorization: string | undefined, audience: string): ReceivedPush['vapid'] {
  const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), ?k=([\w-]+)$/.exec(authorization ?? '');
  if (!match) throw new Refusal(401, `Authorization is not "vapid t=…, k=…": ${authorization}`);
  const [, token, publicKey] = match;
  const point = Buffer.from(publicKey, 'base64url');
  if (point.length !== 65 || point[0] !== 0x04) throw new Refusal(401, 'k is not an uncompressed P-256 public key');
  const [header, claims, signature] = token.split('.');
  if (decodeJson(header).alg !== 'ES256') throw new Refusal(401, 'the token is not signed with ES256');
  let key;
  try {
    key = createPublicKey({
      key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') },
      format: 'jwk',
    });
  } catch {
    throw new Refusal(401, 'k is not a point on P-256');
  }
  const signed = Buffer.from(`${header}.${claims}`);
  if (!verify('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))) {
    throw new Refusal(401, 'the token signature does not match k');
  }
  const { aud, exp, sub } = decodeJson(claims);
  const now = Date.now() / 1000;
  if (aud !== audience) throw new Refusal(401, `the token's aud is ${aud}, not ${audience}`);
  if (typeof exp !== 'number' || exp <= now) throw new Refusal(401, `the token expired (exp ${exp})`);
  if (exp > now + MAX_TOKEN_LIFETIME_S) throw new Refusal(401, `the token is valid for more than 24 hours (exp ${exp})`);
  if (typeof sub !== 'string' || !/^(mailto:|https:)/.test(sub)) throw new Refusal(401, `the token's sub is not a contact URL: ${sub}`);
  return { publicKey, claims: { aud, exp, sub } };
}

function decodeJson(part: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new Refusal(401, 'a token part is not base64url JSON');
  }
}

function parseIfJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
