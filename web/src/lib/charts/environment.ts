/**
 * What every chart shares: uPlot loaded on demand (only pages with a chart pay for it), colours taken from
 * the page's CSS variables (light and dark themes), and time axes in the account's zone and language.
 */
import type uPlotType from 'uplot';
import { t } from '$lib/i18n';
import { wallClock } from '$lib/readings/zoned';

export type UPlot = typeof uPlotType;

let loading: Promise<UPlot> | null = null;

/** uPlot and its stylesheet, fetched the first time a chart is drawn. */
export function loadUPlot(): Promise<UPlot> {
  loading ??= Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')])
    .then(([module]) => module.default)
    .catch((error) => {
      loading = null;
      throw error;
    });
  return loading;
}

export interface ChartColors {
  text: string;
  muted: string;
  grid: string;
  accent: string;
  surface: string;
  /** Series colours in order: distinguishable for the common kinds of colour blindness. */
  series: string[];
  danger: string;
  warn: string;
}

/** Colours from the CSS variables of `element` (so they follow the light or dark theme). */
export function chartColors(element: Element): ChartColors {
  const style = getComputedStyle(element);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const dark = matchMedia('(prefers-color-scheme: dark)').matches;
  return {
    text: v('--text', '#17202b'),
    muted: v('--muted', '#4f5b6b'),
    grid: v('--border', '#d5dbe3'),
    accent: v('--accent', '#0b5cad'),
    surface: v('--surface', '#ffffff'),
    danger: v('--danger', '#b3261e'),
    warn: v('--warn', '#9a5800'),
    // Okabe–Ito: blue, orange, bluish green, vermillion, reddish purple.
    series: dark ? ['#56b4e9', '#e69f00', '#009e73', '#f0e442', '#cc79a7'] : ['#0072b2', '#e69f00', '#009e73', '#d55e00', '#cc79a7'],
  };
}

/** `color` at a given opacity (hex colours only; anything else is returned as it is). */
export function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(color.trim());
  if (!m) return color;
  const n = parseInt(m[1], 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function format(options: Intl.DateTimeFormatOptions, zone: string): Intl.DateTimeFormat {
  const key = JSON.stringify([options, zone]);
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.DateTimeFormat(t.app.locale, { ...options, timeZone: zone })));
  return f;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Labels of a time axis in the account's zone and language: months for coarse steps, dates at local
 * midnight, hours and minutes otherwise («24 нояб.», «14:00»).
 */
export function timeAxisLabels(zone: string) {
  return (_u: unknown, splits: number[], _axis: number, _space: number, increment: number): string[] =>
    splits.map((ms) => {
      if (increment >= 28 * DAY) return format({ month: 'short', year: 'numeric' }, zone).format(ms);
      const w = wallClock(ms, zone);
      if (increment >= DAY || (w.hour === 0 && w.minute === 0)) return format({ day: 'numeric', month: 'short' }, zone).format(ms);
      return format({ hour: '2-digit', minute: '2-digit' }, zone).format(ms);
    });
}

/** The time of the cursor in the legend: «24 нояб. 2026 г., 14:05». */
export function cursorTime(zone: string, withTime = true) {
  return (_u: unknown, ms: number | null) =>
    ms === null || ms === undefined
      ? '—'
      : format({ day: 'numeric', month: 'short', year: 'numeric', ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}) }, zone).format(ms);
}
