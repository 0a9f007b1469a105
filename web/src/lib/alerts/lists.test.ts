import { describe, expect, it } from 'vitest';
import { appendHistory, applyChange, type AlertLists } from './lists.js';

const a = (id: string, resolvedAt: string | null = null) => ({ id, resolvedAt });
const lists = (): AlertLists<ReturnType<typeof a>> => ({ open: [a('3'), a('2')], history: [a('1', '2026-12-01T00:00:00Z')], historyTotal: 40 });

describe('the alerts page lists', () => {
  it('a new open alert joins «now» at the top; a changed one keeps its place', () => {
    expect(applyChange(lists(), a('4')).open.map((x) => x.id)).toEqual(['4', '3', '2']);
    const changed = applyChange(lists(), { ...a('2'), acknowledged: true } as never);
    expect(changed.open.map((x) => x.id)).toEqual(['3', '2']);
    expect((changed.open[1] as { acknowledged?: boolean }).acknowledged).toBe(true);
  });

  it('a resolved alert leaves «now» for the top of the history, counted once', () => {
    const r = applyChange(lists(), a('3', '2026-12-05T10:00:00Z'));
    expect(r.open.map((x) => x.id)).toEqual(['2']);
    expect(r.history.map((x) => x.id)).toEqual(['3', '1']);
    expect(r.historyTotal).toBe(41);
    const again = applyChange(r, a('3', '2026-12-05T10:00:00Z'));
    expect(again.history.map((x) => x.id)).toEqual(['3', '1']);
    expect(again.historyTotal).toBe(41);
  });

  it('the next page is appended without repeating what is shown', () => {
    const r = appendHistory(applyChange(lists(), a('3', '2026-12-05T10:00:00Z')), [a('3', 'x'), a('0', 'y')], 41);
    expect(r.history.map((x) => x.id)).toEqual(['3', '1', '0']);
    expect(r.historyTotal).toBe(41);
  });
});
