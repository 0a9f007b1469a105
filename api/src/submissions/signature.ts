/**
 * Webhook signatures (api/docs/suppliers.md): `X-Askue-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<body>">` with the supplier's secret. The timestamp inside the signed text stops replays: a receiver refuses
 * a signature older than SIGNATURE_TOLERANCE_S. The same scheme signs the receipts suppliers send back to us.
 */
import { createHmac } from 'node:crypto';
import { secretsEqual } from '../security/tokens.js';

export const SIGNATURE_HEADER = 'X-Askue-Signature';
export const SIGNATURE_TOLERANCE_S = 300;

export function sign(secret: string, body: string, timestampS: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestampS}.${body}`).digest('hex');
  return `t=${timestampS},v1=${v1}`;
}

export type SignatureCheck = 'ok' | 'malformed' | 'stale' | 'mismatch';

export function verify(secret: string, body: string, header: string | undefined, nowS: number): SignatureCheck {
  const m = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header?.trim() ?? '');
  if (!m) return 'malformed';
  const t = Number(m[1]);
  if (Math.abs(nowS - t) > SIGNATURE_TOLERANCE_S) return 'stale';
  return secretsEqual(sign(secret, body, t), header!.trim()) ? 'ok' : 'mismatch';
}

/** A supplier's webhook secret: derived from the server's key, its id and a version (raising the version rotates it). */
export function supplierSecret(key: string, supplier: { id: number; secretVersion: number }): string {
  return 'whsec_' + createHmac('sha256', key).update(`supplier:${supplier.id}:${supplier.secretVersion}`).digest('base64url');
}
