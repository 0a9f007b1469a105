import { describe, expect, it } from 'vitest';
import { applyChange, shows } from './live';

const alert = (id: number, resolved = false, rule = 'BURST') => ({ id: String(id), rule, resolvedAt: resolved ? '2026-12-06T03:00:00Z' : null });
const OPEN = { open: true, rule: '' };

describe('the operators’ warnings under live changes', () => {
  it('shows by state and rule', () => {
    expect(shows(OPEN, alert(1))).toBe(true);
    expect(shows(OPEN, alert(1, true))).toBe(false);
    expect(shows({ open: false, rule: '' }, alert(1, true))).toBe(true);
    expect(shows({ open: null, rule: 'LEAK' }, alert(1))).toBe(false);
    expect(shows({ open: null, rule: 'LEAK' }, alert(1, true, 'LEAK'))).toBe(true);
  });

  it('a new open warning comes in first; one of another rule does not', () => {
    const list = { alerts: [alert(9), alert(5)], total: 7 };
    expect(applyChange(list, alert(12), OPEN, true)).toEqual({ alerts: [alert(12), alert(9), alert(5)], total: 8 });
    expect(applyChange(list, alert(12, false, 'LEAK'), { open: true, rule: 'BURST' }, true)).toBe(list);
  });

  it('a listed warning takes its new state, or leaves when the filter no longer shows it', () => {
    const list = { alerts: [alert(9), alert(5)], total: 2 };
    const read = { ...alert(5), acknowledgedAt: 'now' };
    expect(applyChange(list, read, OPEN, false).alerts[1]).toBe(read);
    expect(applyChange(list, alert(9, true), OPEN, false)).toEqual({ alerts: [alert(5)], total: 1 });
    expect(applyChange(list, alert(9, true), { open: null, rule: '' }, false)).toEqual({ alerts: [alert(9, true), alert(5)], total: 2 });
  });

  it('an older one resolved comes in at its place among the resolved, or is left to the next page', () => {
    const resolved = { open: false, rule: '' };
    const list = { alerts: [alert(9, true), alert(5, true)], total: 4 };
    expect(applyChange(list, alert(7, true), resolved, true).alerts.map((a) => a.id)).toEqual(['9', '7', '5']);
    // Older than everything loaded while more pages remain: counted, and «Показать ещё» brings it.
    expect(applyChange(list, alert(3, true), resolved, true)).toEqual({ alerts: list.alerts, total: 5 });
    expect(applyChange(list, alert(3, true), resolved, false).alerts.map((a) => a.id)).toEqual(['9', '5', '3']);
  });
});
