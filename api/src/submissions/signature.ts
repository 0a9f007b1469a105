/** A supplier's webhook secret (the signature itself and the retry rules: delivery/webhook-rules.ts). */
import { derivedSecret } from '../delivery/webhook-rules.js';

/** Derived from the server's key, the supplier's id and a version (raising the version rotates it). */
export function supplierSecret(key: string, supplier: { id: number; secretVersion: number }): string {
  return derivedSecret(key, `supplier:${supplier.id}`, supplier.secretVersion);
}
