/**
 * What a browser does with a push message it receives (test support): RFC 8291 decryption of an aes128gcm body
 * (RFC 8188), written with node:crypto alone.
 *
 * Not http_ece: `web-push` encrypts with http_ece, so decrypting with it too would agree with any mistake of its own.
 * This is a second, independent reading of the RFCs, checked against RFC 8291's worked example.
 */
import { createDecipheriv, hkdfSync, type ECDH } from 'node:crypto';

const SALT_BYTES = 16;
const TAG_BYTES = 16;
/** Record delimiter of the last (and, in Web Push, only) record (RFC 8188 §2). */
const LAST_RECORD = 0x02;

/**
 * @param browserKey the subscription's P-256 key pair (its public half is `keys.p256dh`)
 * @param authSecret the subscription's 16-byte `keys.auth`
 * @throws when the body is malformed, was encrypted for another subscription, or was altered
 */
export function decryptPushMessage(body: Buffer, browserKey: ECDH, authSecret: Buffer): Buffer {
  // Header (RFC 8188 §2.1): salt, record size, key id = the sender's ephemeral public key (RFC 8291 §4).
  if (body.length < SALT_BYTES + 5) throw new Error('body shorter than the aes128gcm header');
  const salt = body.subarray(0, SALT_BYTES);
  const recordSize = body.readUInt32BE(SALT_BYTES);
  const keyIdLength = body[SALT_BYTES + 4];
  const senderKey = body.subarray(SALT_BYTES + 5, SALT_BYTES + 5 + keyIdLength);
  const record = body.subarray(SALT_BYTES + 5 + keyIdLength);
  if (keyIdLength !== 65) throw new Error(`key id is ${keyIdLength} bytes, not a 65-byte P-256 public key`);
  if (record.length > recordSize) throw new Error('a push message must be a single record (RFC 8291 §4)');
  if (record.length < TAG_BYTES + 1) throw new Error('record shorter than its tag');

  // Keys (RFC 8291 §3.3-3.4): ECDH, mixed with the auth secret, then RFC 8188's content key and nonce.
  const sharedSecret = browserKey.computeSecret(senderKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), browserKey.getPublicKey(), senderKey]);
  const ikm = Buffer.from(hkdfSync('sha256', sharedSecret, authSecret, keyInfo, 32));
  const contentKey = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));

  const decipher = createDecipheriv('aes-128-gcm', contentKey, nonce);
  decipher.setAuthTag(record.subarray(record.length - TAG_BYTES));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - TAG_BYTES)), decipher.final()]);

  // Padding (RFC 8188 §2): the content, one delimiter byte, then zeros.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== LAST_RECORD) throw new Error('the record does not end with the last-record delimiter');
  return padded.subarray(0, end);
}

