/**
 * The leak scenario as the warning rule will read it: backdated to a night the rule can see, flowing in every live
 * interval (after the modem's 0.1 L rounding), and stopped when the toilet is fixed.
 */
import { describe, expect, it } from 'vitest';
import { extraVolume, leakStart, LEAK_FIXED_AFTER_S, SAG_VOLTS, sagWindow, scenarioAdjustments, withExtra } from '../src/simulator/scenarios.js';

/** 2026-12-05 in Moscow (UTC+3) at hh:mm, in seconds. */
const moscow = (hh: number, mm = 0) => Date.UTC(2026, 11, 4, 21 + hh, mm) / 1000;

describe('the leak scenario', () => {
  it('began at the last local midnight at least 2½ hours back', () => {
    expect(leakStart(moscow(9, 30))).toBe(moscow(0));
    expect(leakStart(moscow(2, 30))).toBe(moscow(0));
    expect(leakStart(moscow(2, 29))).toBe(moscow(-24));
  });

  it('shows flow in every 5-second live interval until it is fixed, then none', () => {
    const start = moscow(9, 30);
    const extra = extraVolume('leak', start, true);
    const register = (t: number) => withExtra([{ n: 'volume', v: 12.3456 }], extra, t)[0]!.v;
    const steps = Array.from({ length: 24 }, (_, i) => start + i * 5);
    const litres = steps.slice(1).map((t, i) => Math.round((register(t) - register(steps[i]!)) * 10_000) / 10);
    const fixedAt = (LEAK_FIXED_AFTER_S / 5) | 0;
    expect(litres.slice(0, fixedAt).every((l) => l >= 0.1)).toBe(true);
    expect(litres.slice(fixedAt)).toEqual(Array(litres.length - fixedAt).fill(0));
    // 9½ hours since midnight at 120 L/h, on the register at the start.
    expect(Math.round(extra(start) * 1000)).toBe(1140);
  });

  it('without the history to carry its past, starts now and never stops', () => {
    const start = moscow(9, 30);
    const extra = extraVolume('leak', start, false);
    expect(extra(start)).toBe(0);
    expect(Math.round(extra(start + 3600) * 1000)).toBe(120);
  });
});

describe('the voltage scenario', () => {
  const meters = [
    { serial: 'E-1', kind: 'ELECTRICITY' },
    { serial: 'CW-1', kind: 'COLD_WATER' },
  ];
  const samples = [
    { n: 'voltage_l1', v: 229.5 },
    { n: 'voltage_l2', v: 231 },
  ];

  it('sags phase 1 of the electricity meter alone, from 35 minutes before the start to a minute after it when the history carries it', () => {
    const start = moscow(9, 30);
    const adjust = scenarioAdjustments('voltage', start, true, meters);
    expect(Object.keys(adjust)).toEqual(['E-1']);
    expect(sagWindow(start, true)).toEqual([start - 35 * 60, start + 60]);
    expect(adjust['E-1']!(samples, start - 35 * 60)).toEqual([{ n: 'voltage_l1', v: SAG_VOLTS }, { n: 'voltage_l2', v: 231 }]);
    expect(adjust['E-1']!(samples, start - 35 * 60 - 1)).toEqual(samples);
    expect(adjust['E-1']!(samples, start + 60)).toEqual(samples);
    // Out of the ±10 % band (207–253 V).
    expect(SAG_VOLTS).toBeLessThan(207);
  });

  it('without the history lasts 15 minutes from the start', () => {
    const start = moscow(9, 30);
    expect(sagWindow(start, false)).toEqual([start, start + 15 * 60]);
    expect(Object.keys(scenarioAdjustments('leak', start, false, meters))).toEqual(['CW-1']);
  });
});
