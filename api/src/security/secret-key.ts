import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';

/**
 * The master secret: SECRET_KEY, or on one machine a key kept in DATA_DIR/secret.key so that captchas and
 * codes issued before a restart stay valid after it.
 */
export async function loadSecretKey(config: Config): Promise<string> {
  if (config.secretKey) return config.secretKey;
  const file = path.join(config.dataDir, 'secret.key');
  try {
    const key = (await readFile(file, 'utf8')).trim();
    if (key.length >= 32) return key;
  } catch {
    /* created below */
  }
  const key = randomBytes(32).toString('base64url');
  await mkdir(config.dataDir, { recursive: true });
  await writeFile(file, key + '\n', { mode: 0o600 });
  return key;
}

/** A key for one purpose, derived from the master secret (so one leaked purpose key reveals nothing else). */
export function deriveKey(master: string, purpose: string): string {
  return createHmac('sha256', master).update(`askue:${purpose}`).digest('base64url');
}

export function hmac(key: string, value: string): string {
  return createHmac('sha256', key).update(value).digest('hex');
}
