/**
 * Rate limits (rate-limiter-flexible): in memory on one machine, in Redis when REDIS_URL is set so that all API
 * processes count together; if Redis fails, each process falls back to counting in memory rather than letting
 * everything through.
 *
 * A guess at a secret (a password, an SMS code, a claim code) pays its point BEFORE the secret is compared, in
 * one atomic step of the limiter (`spend`): a burst of guesses — concurrent requests, many operations on one
 * WebSocket, aliases — cannot all pass a check made before the first failure is counted. A guess that proves
 * right gets its own point back (`Attempt.refund`), and only its own.
 */
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Cluster, Redis } from 'ioredis';
import { ReasonedError, ErrorCode, because } from '../errors/client-errors.js';

export class RateLimitedError extends ReasonedError {
  constructor(
    readonly retryAfterS: number,
    /** Said instead of «too many attempts» (RATE_LIMITED) when the limit is not about the client's attempts (see REFUSALS). */
    refusal: 'SMS_RESEND_WAIT' | 'SMS_HOURLY_LIMIT' | 'RATE_LIMITED' = 'RATE_LIMITED',
  ) {
    super(ErrorCode.RATE_LIMITED, because(refusal, { retryAfter: retryAfterS }), { retryAfter: retryAfterS });
  }
}

/**
 * Limits whose refusal is not the client's fault: one SMS a minute is a wait, not «too many attempts», and
 * the answer says plainly when the next code can be sent (the reasons' messages are in errors/reasons.ts).
 */
const REFUSALS: Partial<Record<LimitName, 'SMS_RESEND_WAIT' | 'SMS_HOURLY_LIMIT'>> = {
  codeResend: 'SMS_RESEND_WAIT',
  codePerPhone: 'SMS_HOURLY_LIMIT',
};

interface Rule {
  points: number;
  /** Window, seconds. */
  duration: number;
  /** Once the points are spent, refuse for this long (seconds; default: until the window ends). */
  blockDuration?: number;
}

/** The published limits (also in the integrator guide). */
export const RULES = {
  /** Failed sign-ins for one phone from one address: 5 per 15 minutes, then 15 minutes' wait; a success forgets them. */
  signInPhoneIp: { points: 5, duration: 900, blockDuration: 900 },
  /** Failed sign-ins from one address, any phone: 30 per hour (SIGN_IN_FAILURES_PER_IP_PER_HOUR). */
  signInIp: { points: 30, duration: 3600, blockDuration: 900 },
  /**
   * SMS codes to one phone for one purpose (registration, recovery, phone change): one per minute, the resend
   * countdown. Per purpose, so that asking for a recovery code right after registering is not refused; a phone
   * cannot be pumped with SMS through the purposes either: it gets 5 an hour whatever they are for…
   */
  codeResend: { points: 1, duration: 60 },
  /** …the hourly cap per phone. */
  codePerPhone: { points: 5, duration: 3600 },
  /** SMS codes requested from one address: 20 per hour (CODES_PER_IP_PER_HOUR). */
  codePerIp: { points: 20, duration: 3600 },
  /** Guesses of one requested code: 10 per 15 minutes (it dies after 5 wrong ones); a right one is not counted. Per code, not per phone: a stranger's guesses at a code of their own must not lock the owner out. */
  codeChecks: { points: 10, duration: 900, blockDuration: 900 },
  /** Recovery emails and confirmation emails per address or account: 5 per hour. */
  emails: { points: 5, duration: 3600 },
  /** Wrong current passwords when changing phone, email or password: 10 per 15 minutes per account. */
  reauth: { points: 10, duration: 900, blockDuration: 900 },
  /** Callback requests and feedback messages per address: 5 per hour; per phone: 3 per hour. */
  contactForms: { points: 5, duration: 3600 },
  callbackPerPhone: { points: 3, duration: 3600 },
  /** Photos uploaded per account: 30 per hour. */
  uploads: { points: 30, duration: 3600 },
  /**
   * Wrong binding guesses (serial + claim code) per account: 10 per hour. A right code is not counted, so
   * binding and unbinding one's own devices never adds guesses.
   */
  bindAccount: { points: 10, duration: 3600, blockDuration: 3600 },
  /**
   * Wrong binding guesses from one address, any account: 30 per hour (BIND_FAILURES_PER_IP_PER_HOUR).
   * Nothing is counted per device: a limit per device would let a stranger lock its owner out with 20 wrong
   * guesses. Guessing one device's code from many accounts and addresses gets nowhere anyway (see
   * devices/claim-codes.ts for the arithmetic).
   */
  bindIp: { points: 30, duration: 3600, blockDuration: 3600 },
  /** Warning emails per account: 10 per hour (one episode is one message; this caps a storm of episodes). */
  alertEmails: { points: 10, duration: 3600 },
  /** Warning SMS per account, only for what cannot wait (a leak, a burst, use while away): 3 per hour. */
  alertSms: { points: 3, duration: 3600 },
} satisfies Record<string, Rule>;

export type LimitName = keyof typeof RULES;

/** One attempt at a secret, paid for on every limit it counts against. */
export interface Attempt {
  /** The secret proved right: gives this attempt's own points back (never more: earlier failures stay counted). */
  refund(): Promise<void>;
}

type PerIp = { codesPerIpPerHour: number; signInFailuresPerIpPerHour: number; bindFailuresPerIpPerHour: number; contactFormsPerIpPerHour?: number };

export class RateLimits {
  private readonly limiters = new Map<LimitName, RateLimiterAbstract>();

  constructor(redis: Redis | Cluster | null, prefix: string, perIp: PerIp) {
    const rules: Record<LimitName, Rule> = {
      ...RULES,
      codePerIp: { ...RULES.codePerIp, points: perIp.codesPerIpPerHour },
      signInIp: { ...RULES.signInIp, points: perIp.signInFailuresPerIpPerHour },
      bindIp: { ...RULES.bindIp, points: perIp.bindFailuresPerIpPerHour },
      contactForms: { ...RULES.contactForms, points: perIp.contactFormsPerIpPerHour ?? RULES.contactForms.points },
    };
    for (const [name, rule] of Object.entries(rules) as Array<[LimitName, Rule]>) {
      const keyPrefix = `${prefix}:rl:${name}`;
      const memory = new RateLimiterMemory({ ...rule, keyPrefix });
      this.limiters.set(name, redis ? new RateLimiterRedis({ ...rule, keyPrefix, storeClient: redis, insuranceLimiter: memory }) : memory);
    }
  }

  /** Spends a point; RATE_LIMITED (with the wait) when none is left. */
  async consume(name: LimitName, key: string, points = 1): Promise<void> {
    try {
      await this.limiters.get(name)!.consume(key, points);
    } catch (res) {
      if (res instanceof RateLimiterRes) throw new RateLimitedError(Math.max(1, Math.ceil(res.msBeforeNext / 1000)), REFUSALS[name]);
      throw res;
    }
  }

  /**
   * Spends a point on each limit, in order, each in one atomic step of its limiter (a Redis script, or a
   * synchronous update in memory). When one refuses, the points already taken by the others are given back:
   * nothing was tried. Call it before comparing a secret, never after.
   */
  async spend(...keys: Array<readonly [LimitName, string]>): Promise<Attempt> {
    const taken: Array<readonly [LimitName, string]> = [];
    try {
      for (const [name, key] of keys) {
        await this.consume(name, key);
        taken.push([name, key]);
      }
    } catch (err) {
      await this.giveBack(taken);
      throw err;
    }
    return { refund: () => this.giveBack(taken) };
  }

  private async giveBack(keys: ReadonlyArray<readonly [LimitName, string]>): Promise<void> {
    await Promise.all(keys.map(([name, key]) => this.limiters.get(name)!.reward(key, 1)));
  }

  async reset(name: LimitName, key: string): Promise<void> {
    await this.limiters.get(name)!.delete(key);
  }
}
