/**
 * Rate limits (rate-limiter-flexible): in memory on one machine, in Redis when REDIS_URL is set so that all API
 * processes count together; if Redis fails, each process falls back to counting in memory rather than letting
 * everything through. Every guess costs a point where it is checked, so neither aliases nor batching multiply
 * guesses.
 */
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import { ClientError, ErrorCode } from '../graphql/errors.js';

export class RateLimitedError extends ClientError {
  constructor(readonly retryAfterS: number) {
    const wait = retryAfterS > 90 ? `${Math.ceil(retryAfterS / 60)} мин` : `${retryAfterS} с`;
    super(ErrorCode.RATE_LIMITED, `Слишком много попыток. Повторите через ${wait}`, { retryAfter: retryAfterS });
  }
}

interface Rule {
  points: number;
  /** Window, seconds. */
  duration: number;
  /** Once the points are spent, refuse for this long (seconds; default: until the window ends). */
  blockDuration?: number;
}

/** The published limits (also in the integrator guide). */
export const RULES = {
  /** Failed sign-ins for one phone from one address: 5 per 15 minutes, then 15 minutes' wait. */
  signInPhoneIp: { points: 5, duration: 900, blockDuration: 900 },
  /** Failed sign-ins from one address, any phone: 30 per hour (SIGN_IN_FAILURES_PER_IP_PER_HOUR). */
  signInIp: { points: 30, duration: 3600, blockDuration: 900 },
  /** SMS codes to one phone: one per minute (the resend countdown)… */
  codeResend: { points: 1, duration: 60 },
  /** …and 5 per hour. */
  codePerPhone: { points: 5, duration: 3600 },
  /** SMS codes requested from one address: 20 per hour (CODES_PER_IP_PER_HOUR). */
  codePerIp: { points: 20, duration: 3600 },
  /** Code guesses for one phone: 10 per 15 minutes (each code also dies after 5 wrong ones). */
  codeChecks: { points: 10, duration: 900, blockDuration: 900 },
  /** Recovery emails and confirmation emails per address or account: 5 per hour. */
  emails: { points: 5, duration: 3600 },
  /** Password checks for changing phone, email or password: 10 per 15 minutes per account. */
  reauth: { points: 10, duration: 900, blockDuration: 900 },
  /** Callback requests and feedback messages per address: 5 per hour; per phone: 3 per hour. */
  contactForms: { points: 5, duration: 3600 },
  callbackPerPhone: { points: 3, duration: 3600 },
  /** Photos uploaded per account: 30 per hour. */
  uploads: { points: 30, duration: 3600 },
  /** Binding guesses (serial + claim code) per account: 10 per hour. */
  bindAccount: { points: 10, duration: 3600, blockDuration: 3600 },
  /** Binding guesses per device serial, from all accounts together: 20 per day. */
  bindSerial: { points: 20, duration: 86_400 },
} satisfies Record<string, Rule>;

export type LimitName = keyof typeof RULES;

export class RateLimits {
  private readonly limiters = new Map<LimitName, RateLimiterAbstract>();

  constructor(redis: Redis | null, prefix: string, perIp: { codesPerIpPerHour: number; signInFailuresPerIpPerHour: number }) {
    const rules: Record<LimitName, Rule> = {
      ...RULES,
      codePerIp: { ...RULES.codePerIp, points: perIp.codesPerIpPerHour },
      signInIp: { ...RULES.signInIp, points: perIp.signInFailuresPerIpPerHour },
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
      if (res instanceof RateLimiterRes) throw new RateLimitedError(Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
      throw res;
    }
  }

  /** RATE_LIMITED when the points are already spent, without spending one (a sign-in that may succeed). */
  async check(name: LimitName, key: string): Promise<void> {
    const res = await this.limiters.get(name)!.get(key);
    if (res && res.remainingPoints <= 0 && res.msBeforeNext > 0) throw new RateLimitedError(Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
  }

  /** Seconds until a point is available again (0 when one is). */
  async waitFor(name: LimitName, key: string): Promise<number> {
    const res = await this.limiters.get(name)!.get(key);
    return res && res.remainingPoints <= 0 ? Math.max(0, Math.ceil(res.msBeforeNext / 1000)) : 0;
  }

  async reset(name: LimitName, key: string): Promise<void> {
    await this.limiters.get(name)!.delete(key);
  }
}
