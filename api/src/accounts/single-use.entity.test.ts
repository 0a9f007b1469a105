/**
 * A one-time secret's life: usable until the instant it expires, not at that instant (the SMS code's check and the
 * links' lookup ask the same entity, so they cannot disagree by a millisecond), and never once spent.
 */
import { describe, expect, it } from 'vitest';
import { OneTimeToken, TokenPurpose } from './one-time-token.entity.js';
import { CodePurpose, PhoneCode } from './phone-code.entity.js';

const expiresAt = new Date('2026-12-06T09:00:00.000Z');
const at = (ms: number) => new Date(expiresAt.getTime() + ms);

describe.each([
  ['an SMS code', () => new PhoneCode('+79001234567', CodePurpose.REGISTRATION, 'hash', 'challenge', expiresAt)],
  ['an email link', () => new OneTimeToken(TokenPurpose.PASSWORD_RESET, 'hash', expiresAt)],
])('%s', (_, make) => {
  it('works until the instant it expires, and from that instant on it has expired', () => {
    const secret = make();
    expect([secret.usableAt(at(-1)), secret.expiredAt(at(-1))]).toEqual([true, false]);
    expect([secret.usableAt(at(0)), secret.expiredAt(at(0))]).toEqual([false, true]);
    expect([secret.usableAt(at(1)), secret.expiredAt(at(1))]).toEqual([false, true]);
  });

  it('does not work once spent, however much time it had left', () => {
    const secret = make();
    secret.markUsed(at(-60_000));
    expect(secret.usableAt(at(-30_000))).toBe(false);
    expect(secret.usedAt).toEqual(at(-60_000));
  });
});
