import { describe, expect, it } from 'vitest';
import { due, dueText } from './due';

const now = Date.parse('2026-11-24T12:00:00Z');
const at = (ms: number) => new Date(now + ms).toISOString();

describe('the one-hour promise', () => {
  it('counts the time left down to the second, rounding up', () => {
    expect(due(at(3_600_000), now)).toEqual({ overdue: false, seconds: 3600, urgency: 'ok' });
    expect(due(at(42 * 60_000 + 16_500), now)).toEqual({ overdue: false, seconds: 2537, urgency: 'ok' });
    expect(dueText(due(at(42 * 60_000 + 16_500), now))).toBe('осталось 42:17');
  });

  it('flags the last quarter of an hour', () => {
    expect(due(at(15 * 60_000), now).urgency).toBe('soon');
    expect(due(at(15 * 60_000 + 1), now).urgency).toBe('ok');
    expect(dueText(due(at(500), now))).toBe('осталось 0:01');
  });

  it('turns overdue at the promised time and counts how late', () => {
    expect(due(at(0), now)).toEqual({ overdue: true, seconds: 0, urgency: 'overdue' });
    expect(dueText(due(at(-(3 * 60_000 + 5_900)), now))).toBe('просрочено на 3:05');
    expect(dueText(due(at(-(2 * 3_600_000 + 7 * 60_000)), now))).toBe('просрочено на 2 ч 7 мин');
  });
});
