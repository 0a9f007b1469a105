/**
 * The checkbox captcha: ALTCHA proof of work, self-hosted (no third party, works offline). A challenge is
 * signed with a key derived from the master secret, expires after 10 minutes, and each solution is accepted
 * once (recorded in the database, so in any API process).
 */
import type { EntityManager } from '@mikro-orm/knex';
import { createChallenge, randomInt } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { verify } from 'altcha-lib/frameworks/shared';
import { UserInputError, because } from '../errors/client-errors.js';
import { UsedCaptcha } from './used-captcha.entity.js';

export const CAPTCHA_TTL_MS = 10 * 60_000;

export interface CaptchaKeys {
  signature: string;
  keySignature: string;
}

export class CaptchaService {
  constructor(
    private readonly em: EntityManager,
    private readonly keys: CaptchaKeys,
    private readonly cost: number,
  ) {}

  /** A new challenge, as the ALTCHA widget expects it from its challenge URL. */
  async challenge(): Promise<Record<string, unknown>> {
    return (await createChallenge({
      algorithm: 'PBKDF2/SHA-256',
      cost: this.cost,
      // Deterministic mode: the server knows the answer's key and verifies in one derivation.
      counter: randomInt(3000, 1000),
      deriveKey,
      hmacSignatureSecret: this.keys.signature,
      hmacKeySignatureSecret: this.keys.keySignature,
      expiresAt: new Date(Date.now() + CAPTCHA_TTL_MS),
    })) as unknown as Record<string, unknown>;
  }

  /** Accepts a solved challenge once; BAD_USER_INPUT (field `captcha`) otherwise. */
  async verify(payload: string | null | undefined): Promise<void> {
    if (!payload || payload.length > 4096) throw new UserInputError(because('CAPTCHA_REQUIRED'), 'captcha');
    const em = this.em;
    const now = new Date();
    const store = {
      get: async () => false,
      set: async () => {},
      // Atomic in the database: two submissions of one solution cannot both pass.
      setIfAbsent: async (id: string) => {
        await em.nativeDelete(UsedCaptcha, { expiresAt: { $lt: now } });
        const inserted = await em
          .createQueryBuilder(UsedCaptcha)
          .insert({ id: id.slice(0, 128), expiresAt: new Date(now.getTime() + CAPTCHA_TTL_MS) })
          .onConflict('id')
          .ignore()
          .execute('run');
        return (inserted as { affectedRows?: number }).affectedRows === 1;
      },
    };
    const result = await verify(payload, deriveKey, this.keys.signature, this.keys.keySignature, store);
    if (result.error) {
      const expired = result.verification && 'expired' in result.verification && result.verification.expired;
      const used = /already used/.test(result.error);
      throw new UserInputError(
        because(expired ? 'CAPTCHA_EXPIRED' : used ? 'CAPTCHA_USED' : 'CAPTCHA_FAILED'),
        'captcha',
      );
    }
  }
}
