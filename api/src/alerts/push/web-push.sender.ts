/**
 * Sends one alert to one browser through its push service (RFC 8030), and says what the caller should do next.
 *
 * The `web-push` library builds the request: the payload encrypted for the subscription (RFC 8291, aes128gcm) and
 * the VAPID token that identifies us (RFC 8292). We send that request ourselves so that one code path serves real
 * push services (https) and the local stand-in (http on the loopback, only when asked), and so that the answer is
 * turned into an outcome instead of an exception: a push service that is down must not break the alert that tried it.
 */
import http from 'node:http';
import https from 'node:https';
import webpush from 'web-push';
import type { VapidKeys } from './vapid.js';

export interface PushSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** What the service worker receives, JSON-encoded. */
export interface PushPayload {
  title: string;
  body: string;
  /** Opened when the notification is clicked. */
  url?: string;
  /** Notifications with the same tag replace each other on the device. */
  tag?: string;
  alertId?: string;
}

export type Urgency = 'very-low' | 'low' | 'normal' | 'high';

export interface SendOptions {
  /** How long the push service keeps the message for an offline device (RFC 8030 §5.2). Default: one day. */
  ttlS?: number;
  /** Lets the device save battery on messages that can wait (RFC 8030 §5.3). Default: 'normal'. */
  urgency?: Urgency;
}

/**
 * GONE: the browser unsubscribed or the subscription expired; delete it and do not send to it again.
 * FAILED retryable: the push service is busy, broken or unreachable; the same request may succeed later.
 * FAILED not retryable: the push service rejected the request itself; sending it again will fail again.
 */
export type PushOutcome =
  | { status: 'SENT' }
  | { status: 'GONE' }
  | { status: 'FAILED'; retryable: boolean; error: string };

export interface PushSenderOptions {
  keys: VapidKeys;
  /** Who push services contact about our traffic: a mailto: or https: URL (RFC 8292 §2.1). */
  subject: string;
  /** The whole exchange with the push service, connecting to reading the answer. Default: 10 000 ms. */
  timeoutMs?: number;
  /** Also accept http endpoints on 127.0.0.1 and localhost, for tests and the local demo. Default: false. */
  allowInsecureLocal?: boolean;
}

/**
 * Push services take at most 4096 bytes of encrypted body (RFC 8030 §7.2); aes128gcm adds 103 (header with the
 * 65-byte key, tag, padding delimiter). 3 KB leaves room for that and for services that count differently.
 */
export const MAX_PAYLOAD_BYTES = 3 * 1024;

const DEFAULT_TTL_S = 24 * 60 * 60;
const DEFAULT_TIMEOUT_MS = 10_000;
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost']);
const ELLIPSIS = '…';
/** Enough of a push service's error body to say why, not enough to flood a log. */
const MAX_ERROR_BODY_CHARS = 300;

export class PushSender {
  private readonly vapid: { subject: string; publicKey: string; privateKey: string };
  private readonly timeoutMs: number;
  private readonly allowInsecureLocal: boolean;

  constructor(options: PushSenderOptions) {
    if (!/^(mailto:|https:\/\/)/.test(options.subject)) {
      throw new Error(`VAPID subject must be a mailto: or https: URL, got "${options.subject}"`);
    }
    this.vapid = { subject: options.subject, ...options.keys };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.allowInsecureLocal = options.allowInsecureLocal ?? false;
  }

  /** The application server key browsers subscribe with (base64url, uncompressed P-256 point). */
  get publicKey(): string {
    return this.vapid.publicKey;
  }

  /**
   * Never rejects for the push service's answer or its absence. Rejects, before sending anything, only for what no
   * retry can fix: an endpoint outside the https rule, subscription keys web-push cannot encrypt for (p256dh not 65 bytes,
   * auth under 16), or a title, url and tag that alone are over MAX_PAYLOAD_BYTES.
   */
  async send(subscription: PushSubscription, payload: PushPayload, options: SendOptions = {}): Promise<PushOutcome> {
    const endpoint = this.checkEndpoint(subscription.endpoint);
    const request = webpush.generateRequestDetails(subscription, encodePayload(payload), {
      vapidDetails: this.vapid,
      TTL: options.ttlS ?? DEFAULT_TTL_S,
      urgency: options.urgency ?? 'normal',
      contentEncoding: 'aes128gcm',
    });
    try {
      const answer = await this.post(endpoint, request.headers, request.body);
      return outcome(answer.status, answer.body);
    } catch (error) {
      return { status: 'FAILED', retryable: true, error: `push service unreachable: ${(error as Error).message}` };
    }
  }

  private checkEndpoint(endpoint: string): URL {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new Error(`Push endpoint is not a URL: "${endpoint}"`);
    }
    if (url.protocol === 'https:') return url;
    if (this.allowInsecureLocal && url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname)) return url;
    const allowed = this.allowInsecureLocal ? 'an https URL (or http on 127.0.0.1/localhost)' : 'an https URL';
    throw new Error(`Push endpoint must be ${allowed}, got "${endpoint}"`);
  }

  private post(url: URL, headers: Record<string, string>, body: Buffer | null): Promise<{ status: number; body: string }> {
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      // The signal aborts the request or, once the answer has begun, its body: both end up here.
      const fail = (error: Error) => reject(error.name === 'AbortError' ? new Error(`no answer within ${this.timeoutMs} ms`) : error);
      const request = transport.request(url, { method: 'POST', headers, signal: AbortSignal.timeout(this.timeoutMs) }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', fail);
      });
      request.on('error', fail);
      request.end(body ?? undefined);
    });
  }
}

/** RFC 8030 §5 and §8: the push service's status says whether to keep, drop or retry the subscription. */
function outcome(status: number, body: string): PushOutcome {
  if (status >= 200 && status < 300) return { status: 'SENT' };
  if (status === 404 || status === 410) return { status: 'GONE' };
  const error = `push service answered ${status}${body ? `: ${body.slice(0, MAX_ERROR_BODY_CHARS)}` : ''}`;
  return { status: 'FAILED', retryable: status === 429 || status >= 500, error };
}

/** The payload as JSON of at most MAX_PAYLOAD_BYTES, the body shortened (with an ellipsis) if it must be. */
export function encodePayload(payload: PushPayload): string {
  const whole = JSON.stringify(payload);
  if (Buffer.byteLength(whole) <= MAX_PAYLOAD_BYTES) return whole;
  // Cut by code points so that no character is split; binary search for the longest body that fits.
  const chars = Array.from(payload.body);
  const encode = (n: number) => JSON.stringify({ ...payload, body: chars.slice(0, n).join('') + ELLIPSIS });
  if (Buffer.byteLength(encode(0)) > MAX_PAYLOAD_BYTES) {
    throw new Error(`Push payload is over ${MAX_PAYLOAD_BYTES} bytes even without its body (title, url or tag too long)`);
  }
  let fits = 0;
  let tooLong = chars.length;
  while (tooLong - fits > 1) {
    const middle = Math.floor((fits + tooLong) / 2);
    if (Buffer.byteLength(encode(middle)) <= MAX_PAYLOAD_BYTES) fits = middle;
    else tooLong = middle;
  }
  return encode(fits);
}
