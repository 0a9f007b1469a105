/**
 * The VAPID key pair (RFC 8292) that identifies this product to browsers' push services.
 *
 * It is derived from the master secret rather than generated and stored: the same master secret always gives the
 * same pair, so every API process, a restart and a second machine sharing SECRET_KEY sign with the key that
 * browsers subscribed with. Changing the master secret changes the pair, and then every existing subscription
 * must be renewed by its browser (push services reject a JWT signed with another key than the subscription's).
 */
import { createECDH, hkdfSync } from 'node:crypto';
import { deriveKey } from '../../security/secret-key.js';

/** Base64url, as the `web-push` library and the browser's `applicationServerKey` take them. */
export interface VapidKeys {
  /** The uncompressed P-256 point, 65 bytes. */
  publicKey: string;
  /** The P-256 private scalar, 32 bytes. */
  privateKey: string;
}

/** The order of the P-256 group: a private key is an integer in [1, N - 1]. */
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

export function vapidKeys(master: string): VapidKeys {
  // 48 bytes reduced modulo N - 1 (FIPS 186-5 A.2.1, "extra random bits"): the 128 extra bits make the bias of the
  // reduction negligible, and adding 1 keeps the scalar off zero.
  const seed = Buffer.from(hkdfSync('sha256', deriveKey(master, 'web-push-vapid'), '', 'p256-private-key', 48));
  const scalar = (BigInt('0x' + seed.toString('hex')) % (P256_ORDER - 1n)) + 1n;
  const privateKey = Buffer.from(scalar.toString(16).padStart(64, '0'), 'hex');
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(privateKey);
  return { publicKey: ecdh.getPublicKey('base64url', 'uncompressed'), privateKey: privateKey.toString('base64url') };
}
