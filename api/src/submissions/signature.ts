/** A supplier's webhook secret (the signature itself and the retry rules: delivery/webhook-rules.ts). */
import { createHmac } from 'node:crypto';

/** Derived from the server's key, the supplier's id and a version (raising the version rotates it). */
export function supplierSecret(key: string, supplier: { id: number; secretVersion: number }): string {
  return 'whsec_' + createHmac('sha256', key).update(`supplier:${supplier.id}:${supplier.secretVersion}`).digest('base64url');
}
