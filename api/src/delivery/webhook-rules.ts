/**
 * The rules every webhook we send follows — to suppliers (submissions/) and to integrators (webhooks/) — so that a
 * receiver verifies both the same way (api/docs/suppliers.md, api/docs/integrators.md):
 *
 * Signature: `X-Askue-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` with the receiver's secret.
 * The timestamp inside the signed text stops replays: a receiver refuses a signature older than
 * SIGNATURE_TOLERANCE_S. The same scheme signs the receipts suppliers send back to us.
 *
 * Retries: the first after a minute, doubling up to four hours, each delay drawn from its upper half (jitter); the
 * `Idempotency-Key` header stays the same on every retry of one message.
 */
import { createHmac } from 'node:crypto';
import { secretsEqual } from '../security/tokens.js';

export const SIGNATURE_HEADER = 'X-Askue-Signature';
export const SIGNATURE_TOLERANCE_S = 300;

export function sign(secret: string, body: string, timestampS: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestampS}.${body}`).digest('hex');
  return `t=${timestampS},v1=${v1}`;
}

/**
 * A receiver's secret, derived rather than stored: from a server key of the kind of receiver, what it is
 * (`supplier:<id>`, `webhook:<id>`) and a version that rotating raises — a copy of the database signs nothing.
 */
export function derivedSecret(key: string, subject: string, version: number): string {
  return 'whsec_' + createHmac('sha256', key).update(`${subject}:${version}`).digest('base64url');
}

export type SignatureCheck = 'ok' | 'malformed' | 'stale' | 'mismatch';

export function verify(secret: string, body: string, header: string | undefined, nowS: number): SignatureCheck {
  const m = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header?.trim() ?? '');
  if (!m) return 'malformed';
  const t = Number(m[1]);
  if (Math.abs(nowS - t) > SIGNATURE_TOLERANCE_S) return 'stale';
  return secretsEqual(sign(secret, body, t), header!.trim()) ? 'ok' : 'mismatch';
}

export const BACKOFF = { baseMs: 60_000, maxMs: 4 * 3_600_000 };

/** The delay before retry number `attempt` (1 = after the first failure). */
export function backoffMs(attempt: number, random: () => number): number {
  const full = Math.min(BACKOFF.maxMs, BACKOFF.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(full * (0.5 + random() / 2));
}
