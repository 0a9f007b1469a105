/**
 * The summary's bar chart: a bar per month's total, oldest on the left, the month under way paler (it is not
 * over, a series of its own), a month without money left out — a gap, never a bar of 0. Drawn by the cabinet's chart ($lib/charts).
 */
import type uPlotType from 'uplot';
import type { ChartBuilder } from '$lib/charts/Chart.svelte';
import { withAlpha } from '$lib/charts/environment';
import { formatMoney } from '$lib/format/money';
import { t } from '$lib/i18n';
import { dateTimeFormat } from '$lib/format/time';
import { monthName, type CostRow } from './summary';

/**
 * The bars' heights in roubles (for drawing only: the amounts shown are formatted from the kopecks), oldest first:
 * the months that are over, and the month so far, each null where the other has its bar or there is no money.
 */
export function barSeries(oldestFirst: CostRow[]): { over: Array<number | null>; soFar: Array<number | null> } {
  const height = (r: CostRow) => (r.total === null ? null : r.total / 100);
  return {
    over: oldestFirst.map((r) => (r.state === 'so-far' ? null : height(r))),
    soFar: oldestFirst.map((r) => (r.state === 'so-far' ? height(r) : null)),
  };
}

/** Roubles without kopecks on the axis: «12 000 ₽». */
function axisMoney(roubles: number): string {
  return new Intl.NumberFormat(t.app.locale, { style: 'currency', currency: 'RUB', currencyDisplay: 'narrowSymbol', maximumFractionDigits: 0 }).format(roubles);
}

/** The width a month's short name («сент.», «Sep») needs under its bar, in CSS pixels. */
const LABEL_WIDTH = 40;

/** Every how many bars a month is named so that the names do not run into each other: 1, 2, 3, … */
export function labelStep(plotWidth: number, bars: number): number {
  if (bars <= 0 || plotWidth <= 0) return 1;
  return Math.max(1, Math.ceil(LABEL_WIDTH / (plotWidth / bars)));
}

/** `newestFirst`: the table's rows; the chart turns them around. */
export function costChart(newestFirst: CostRow[], timeZone: string): ChartBuilder {
  const rows = [...newestFirst].reverse();
  return ({ uPlot, colors }) => {
    const x = rows.map((_, i) => i);
    const short = dateTimeFormat({ month: 'short' }, timeZone);
    const bars = uPlot.paths.bars!({ size: [0.7, 48] });
    // Two series, each null where the other has its bar: the month so far has its own paler colour and legend entry.
    const { over, soFar } = barSeries(rows);
    // The legend names the month pointed at; with nothing pointed at (a phone before a tap), the newest month.
    const pointed = (idx: number | null | undefined) => rows[idx ?? rows.length - 1];
    const amount = (so: boolean) => (_u: uPlotType, _v: number | null, _s: number, idx: number | null | undefined) => {
      const r = pointed(idx);
      return !r || (r.state === 'so-far') !== so ? '—' : formatMoney(r.total);
    };
    const series: uPlotType.Series[] = [
      {
        label: t.costs.chart.month,
        value: (_u, _v, _s, idx) => {
          const r = pointed(idx);
          return r ? monthName(r.from, timeZone) : '—';
        },
      },
      { label: t.costs.chart.total, fill: withAlpha(colors.accent, 0.8), stroke: colors.accent, width: 0, paths: bars, points: { show: false }, value: amount(false) },
      { label: t.costs.chart.soFar, fill: withAlpha(colors.accent, 0.35), stroke: colors.accent, width: 0, paths: bars, points: { show: false }, value: amount(true) },
    ];
    const options: Omit<uPlotType.Options, 'width' | 'height'> = {
      series,
      scales: {
        x: { time: false, range: [-0.5, rows.length - 0.5] },
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
      },
      axes: [
        {
          stroke: colors.muted,
          grid: { show: false },
          ticks: { stroke: colors.grid },
          splits: () => x,
          // A name under every bar where there is room; on a phone every second or third, counted from this month.
          values: (u, splits) => {
            const step = labelStep(u.bbox.width / uPlot.pxRatio, rows.length);
            return splits.map((i) => (rows[i] && (rows.length - 1 - i) % step === 0 ? short.format(rows[i].from) : ''));
          },
        },
        {
          stroke: colors.muted,
          grid: { stroke: colors.grid, width: 1 },
          ticks: { stroke: colors.grid },
          size: 72,
          values: (_u, splits) => splits.map(axisMoney),
        },
      ],
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      legend: { live: true },
      hooks: {
        // The legend names only the bar of the month pointed at: «Итого» for a month that is over, «Текущий месяц
        // (пока)» for this one — not the other with «—», which read as «nothing».
        setLegend: [
          (u) => {
            const so = pointed(u.legend.idx)?.state === 'so-far';
            const entries = u.root.querySelectorAll<HTMLElement>('.u-legend .u-series');
            entries[1]?.style.setProperty('display', so ? 'none' : '');
            entries[2]?.style.setProperty('display', so ? '' : 'none');
          },
        ],
      },
    };
    return { options, data: [x, over, soFar] as uPlotType.AlignedData };
  };
}
