/** The open warnings beside the meters: loaded with the page, kept current by live changes — even those that overtake the load. */
import { describe, expect, it } from 'vitest';
import { OpenAlerts } from './open.svelte';

const alert = (id: string, meter: string | null, rule = 'BURST', resolvedAt: string | null = null, controllerSerial: string | null = null) => ({
  id,
  rule: rule as 'BURST',
  severity: 'CRITICAL' as const,
  meter: meter === null ? null : { id: meter },
  controllerSerial,
  resolvedAt,
});

describe('open warnings', () => {
  it('a meter has its own and its modem’s, but not its modem’s silence (its pill says that)', () => {
    const open = new OpenAlerts();
    open.set([alert('1', '7'), alert('2', '8'), alert('3', null, 'LOW_BATTERY', null, 'C-1'), alert('4', null, 'MODEM_SILENT', null, 'C-1')]);
    expect(open.of({ id: '7', controller: { serial: 'C-1' } }).map((a) => a.id)).toEqual(['1', '3']);
    expect(open.of({ id: '9', controller: null }).map((a) => a.id)).toEqual([]);
  });

  it('opens and ends live', () => {
    const open = new OpenAlerts();
    open.set([]);
    open.changed(alert('1', '7'));
    expect(open.of({ id: '7' }).map((a) => a.id)).toEqual(['1']);
    open.changed(alert('1', '7', 'BURST', '2026-12-07T10:00:00Z'));
    expect(open.of({ id: '7' })).toEqual([]);
  });

  it('a change heard while the page was loading is not undone by the load’s older answer', () => {
    const open = new OpenAlerts();
    open.set([alert('1', '7')]);
    open.loading();
    // The burst ends, and a leak opens, while the reload's request is on its way with the old list.
    open.changed(alert('1', '7', 'BURST', '2026-12-07T10:00:00Z'));
    open.changed(alert('2', '7', 'LEAK'));
    open.set([alert('1', '7')]);
    expect(open.of({ id: '7' }).map((a) => a.id)).toEqual(['2']);
    // Once loaded, a later load's answer is taken as it is.
    open.loading();
    open.set([alert('5', '7')]);
    expect(open.of({ id: '7' }).map((a) => a.id)).toEqual(['5']);
  });
});
