/**
 * Proof of a phone (SMS codes) and single-use link tokens. Codes: 6 digits from the CSPRNG, valid 10 minutes,
 * single use, bound to phone and purpose and to the client that asked (a challenge it must send back), 5 attempts,
 * stored as an HMAC. Sending is rate-limited per phone and purpose (one a minute), per phone (five an hour) and per
 * client address.
 */
import { randomInt } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/knex';
import { UserInputError, because } from '../errors/client-errors.js';
import type { Channels } from '../delivery/channels.js';
import { codeSms, type OperatorName } from '../delivery/messages.js';
import { hmac } from '../security/secret-key.js';
import { RULES, type RateLimits } from '../security/rate-limits.js';
import { hashSecret, newSecret } from '../security/tokens.js';
import type { Account, Language } from './account.entity.js';
import { OneTimeToken, TokenPurpose } from './one-time-token.entity.js';
import { CodePurpose, PhoneCode } from './phone-code.entity.js';

export const CODE_TTL_MS = 10 * 60_000;
export const CODE_ATTEMPTS = 5;
export const CODE_LENGTH = 6;

export const TOKEN_TTL_MS: Record<TokenPurpose, number> = {
  [TokenPurpose.EMAIL_CONFIRMATION]: 24 * 3600_000,
  [TokenPurpose.PASSWORD_RESET]: 3600_000,
  [TokenPurpose.PHONE_VERIFIED]: 30 * 60_000,
};

/** The resend countdown runs per phone and purpose: a recovery code right after registering is not refused. */
export const resendKey = (phone: string, purpose: CodePurpose) => `${purpose}:${phone}`;

export interface CodeSent {
  /** Seconds until another code may be requested for this phone and purpose. */
  resendAfter: number;
  /** Seconds the code stays valid. */
  expiresIn: number;
  codeLength: number;
  /** Goes back with the code: only the client that asked can try it. */
  challenge: string;
}

export interface VerificationDeps {
  channels: Channels;
  limits: RateLimits;
  codeKey: string;
  operatorName: OperatorName;
}

export class VerificationService {
  constructor(
    private readonly em: EntityManager,
    private readonly deps: VerificationDeps,
  ) {}

  /**
   * Sends a code by SMS — or, when `send` is false, stores a code nobody receives and sends nothing: a recovery
   * for a phone without an account must look exactly like one with an account, down to the attempts left.
   */
  async sendCode(phone: string, purpose: CodePurpose, ip: string, options: { send?: boolean; account?: Account; language?: Language } = {}): Promise<CodeSent> {
    await this.deps.limits.spend(['codeResend', resendKey(phone, purpose)], ['codePerPhone', phone], ['codePerIp', ip]);
    const code = String(randomInt(0, 10 ** CODE_LENGTH)).padStart(CODE_LENGTH, '0');
    const challenge = newSecret(24);
    const now = Date.now();
    // Earlier codes for the phone stay as they are: each answers only to its own challenge, so a stranger's request
    // for the same phone cannot void the owner's code (the per-phone sending limits bound how many there are).
    const entry = new PhoneCode(phone, purpose, this.hash(phone, purpose, code), hashSecret(challenge), new Date(now + CODE_TTL_MS));
    entry.account = options.account ?? null;
    this.em.persist(entry);
    await this.em.flush();
    if (options.send !== false) await this.deps.channels.sms(phone, codeSms(this.deps.operatorName, purpose, code, options.language ?? options.account?.language));
    return { resendAfter: RULES.codeResend.duration, expiresIn: CODE_TTL_MS / 1000, codeLength: CODE_LENGTH, challenge };
  }

  /**
   * Consumes the code when right; a clear Russian error (field `code`) otherwise. Only the code asked for with
   * `challenge` is tried: without it nothing is compared and nothing of the owner's is spent. A guess is paid for
   * before it is compared, twice: a point of the request's limit (a right code gets it back) and one of the code's
   * five attempts, so a burst of guesses gets no more comparisons than that.
   */
  async checkCode(phone: string, purpose: CodePurpose, code: string, challenge: string): Promise<PhoneCode> {
    const entry = challenge ? await this.em.findOne(PhoneCode, { phone, purpose, challengeHash: hashSecret(challenge) }) : null;
    if (!entry) throw new UserInputError(because('CODE_NOT_REQUESTED'), 'code');
    if (entry.usedAt) throw new UserInputError(because('CODE_USED'), 'code');
    const attempt = await this.deps.limits.spend(['codeChecks', String(entry.id)]);
    const normalized = code.replace(/\s/g, '');
    if (entry.expiredAt()) throw new UserInputError(because('CODE_EXPIRED'), 'code');
    const taken = await this.takeAttempt(entry);
    if (taken === null) {
      if ((await this.em.count(PhoneCode, { id: entry.id, usedAt: null })) === 0) throw new UserInputError(because('CODE_USED'), 'code');
      throw new UserInputError(because('CODE_TOO_MANY_ATTEMPTS'), 'code');
    }
    if (!/^\d{6}$/.test(normalized) || this.hash(phone, purpose, normalized) !== entry.codeHash) {
      const left = CODE_ATTEMPTS - taken - 1;
      throw new UserInputError(
        left > 0 ? because('WRONG_CODE_ATTEMPTS_LEFT', { attemptsLeft: left }) : because('WRONG_CODE_NO_ATTEMPTS_LEFT'),
        'code',
      );
    }
    const used = await this.em.nativeUpdate(PhoneCode, { id: entry.id, usedAt: null }, { usedAt: new Date() });
    if (used !== 1) throw new UserInputError(because('CODE_USED'), 'code');
    await attempt.refund();
    entry.markUsed();
    return entry;
  }

  /**
   * Takes one of the code's attempts before the code is compared: returns how many were taken before this
   * one, or null when none is left (or the code was used meanwhile). Attempts only ever grow by one, so a
   * concurrent guess that took the expected value is followed to the next: every guess that gets here is
   * either compared or told the code is spent, never told «wrong» unchecked.
   */
  private async takeAttempt(entry: PhoneCode): Promise<number | null> {
    for (let n = entry.attempts; n < CODE_ATTEMPTS; n++) {
      if ((await this.em.nativeUpdate(PhoneCode, { id: entry.id, attempts: n, usedAt: null }, { attempts: n + 1 })) === 1) return n;
    }
    return null;
  }

  /** A new single-use token; the secret is returned once and only its hash is kept. */
  async issueToken(purpose: TokenPurpose, fields: { account?: Account; phone?: string; email?: string }): Promise<string> {
    const secret = newSecret(32);
    const token = new OneTimeToken(purpose, hashSecret(secret), new Date(Date.now() + TOKEN_TTL_MS[purpose]));
    token.account = fields.account ?? null;
    token.phone = fields.phone ?? null;
    token.email = fields.email ?? null;
    this.em.persist(token);
    await this.em.flush();
    return secret;
  }

  /** Uses up a token (atomically: a second use of the same link fails); null when unknown, expired or used. */
  async useToken(purpose: TokenPurpose, secret: string): Promise<OneTimeToken | null> {
    if (!secret || secret.length > 200) return null;
    const token = await this.em.findOne(OneTimeToken, { tokenHash: hashSecret(secret), purpose }, { populate: ['account'] });
    if (!token?.usableAt()) return null;
    const at = new Date();
    if ((await this.em.nativeUpdate(OneTimeToken, { id: token.id, usedAt: null }, { usedAt: at })) !== 1) return null;
    token.markUsed(at);
    return token;
  }

  private hash(phone: string, purpose: CodePurpose, code: string): string {
    return hmac(this.deps.codeKey, `${purpose}:${phone}:${code}`);
  }
}
