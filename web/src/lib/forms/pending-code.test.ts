import { beforeEach, describe, expect, it } from 'vitest';
import { clearPendingCode, pendingCode, savePendingCode, type PendingCode } from './pending-code';

/** The tab's sessionStorage, as the browser keeps it: strings by key. */
const stored = new Map<string, string>();
Object.assign(globalThis, {
  sessionStorage: {
    getItem: (k: string) => stored.get(k) ?? null,
    setItem: (k: string, v: string) => void stored.set(k, String(v)),
    removeItem: (k: string) => void stored.delete(k),
  },
});

const NOW = Date.UTC(2026, 11, 6, 12);
const sent: PendingCode = { phone: '+79001234567', challenge: 'c-1', codeLength: 6, expiresAt: NOW + 600_000, resendAt: NOW + 60_000 };

describe('a pending SMS code kept for the tab', () => {
  beforeEach(() => stored.clear());

  it('comes back while it is valid, for its own flow only', () => {
    savePendingCode('register', sent);
    expect(pendingCode('register', NOW + 599_999)).toEqual(sent);
    expect(pendingCode('recovery', NOW)).toBeNull();
  });

  it('is gone once it has expired, and is removed from the storage then', () => {
    savePendingCode('register', sent);
    expect(pendingCode('register', NOW + 600_000)).toBeNull();
    expect(stored.size).toBe(0);
  });

  it('is gone when cleared (used, or the customer went back to change the number)', () => {
    savePendingCode('register', sent);
    clearPendingCode('register');
    expect(pendingCode('register', NOW)).toBeNull();
  });

  it('ignores what this module did not write: broken JSON, missing or mistyped fields', () => {
    for (const bad of ['{', 'null', '"x"', JSON.stringify({ ...sent, challenge: undefined }), JSON.stringify({ ...sent, expiresAt: String(sent.expiresAt) })]) {
      stored.set('askue:code:register', bad);
      expect(pendingCode('register', NOW)).toBeNull();
      expect(stored.has('askue:code:register')).toBe(false);
    }
  });

  it('a code without a known length (recovery) still comes back', () => {
    const { codeLength: _, ...recovery } = sent;
    savePendingCode('recovery', recovery);
    expect(pendingCode('recovery', NOW)).toEqual(recovery);
  });
});
