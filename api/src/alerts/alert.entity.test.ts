/** Quiet hours as an account sets them: within a day, across midnight, off; and what is refused. */
import { describe, expect, it } from 'vitest';
import { AlertPreferences } from './alert.entity.js';

describe('quiet hours', () => {
  const prefs = (from: number | null, to: number | null) => {
    const p = new AlertPreferences({ id: 1 } as never);
    p.setQuietHours(from, to);
    return p;
  };
  const quiet = (p: AlertPreferences) => Array.from({ length: 24 }, (_, h) => h).filter((h) => p.quietAt(h));

  it('span midnight when they start after they end, and are off without hours', () => {
    expect(quiet(prefs(23, 7))).toEqual([0, 1, 2, 3, 4, 5, 6, 23]);
    expect(quiet(prefs(13, 15))).toEqual([13, 14]);
    expect(quiet(prefs(null, null))).toEqual([]);
  });

  it('refuse half a pair, hours outside 0–23, fractions and an empty span', () => {
    for (const [from, to] of [[22, null], [null, 7], [24, 7], [22, -1], [22.5, 7], [7, 7]] as Array<[number | null, number | null]>) {
      expect(() => prefs(from, to), `${from}–${to}`).toThrow(RangeError);
    }
  });
});
