import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../src/protocol/rate-limit.js';

describe('the per-controller token bucket', () => {
  function limiter(perMinute: number, burst: number, maxKeys?: number) {
    let now = 1_000_000;
    const l = new RateLimiter({ perMinute, burst, maxKeys, now: () => now });
    return { l, advance: (ms: number) => (now += ms) };
  }

  it('lets a burst through back to back, then says how many seconds until the next request', () => {
    const { l } = limiter(120, 3);
    expect([l.take('a'), l.take('a'), l.take('a')]).toEqual(Array(3).fill({ allowed: true }));
    // 120 per minute: one every 500 ms, rounded up to whole seconds for Max-Age.
    expect(l.take('a')).toEqual({ allowed: false, retryAfterS: 1 });
  });

  it('refills at the sustained rate and never above the burst', () => {
    const { l, advance } = limiter(6, 2); // one every 10 s
    l.take('a');
    l.take('a');
    expect(l.take('a')).toEqual({ allowed: false, retryAfterS: 10 });
    advance(4_000);
    expect(l.take('a')).toEqual({ allowed: false, retryAfterS: 6 });
    advance(6_000);
    expect(l.take('a')).toEqual({ allowed: true });
    advance(3_600_000);
    expect([l.take('a'), l.take('a'), l.take('a')].map((r) => r.allowed)).toEqual([true, true, false]);
  });

  it('counts each key on its own', () => {
    const { l } = limiter(60, 1);
    expect(l.take('a').allowed).toBe(true);
    expect(l.take('a').allowed).toBe(false);
    expect(l.take('b').allowed).toBe(true);
  });

  it('remembers a bounded number of keys, forgetting the least recently seen', () => {
    const { l } = limiter(60, 1, 2);
    l.take('a');
    l.take('b');
    l.take('a');
    l.take('c'); // forgets b, the least recently seen
    expect(l.size).toBe(2);
    expect(l.take('b').allowed).toBe(true);
    expect(l.take('c').allowed).toBe(false);
  });
});
