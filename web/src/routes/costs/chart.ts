/**
 * The summary's bar chart: a bar per month's total, oldest on the left, the month under way paler (it is not
 * over), a month without money left out — a gap, never a bar of 0. Drawn by the cabinet's chart ($lib/charts).
 */
import type uPlotType from 'uplot';
import type { ChartBuilder } from '$lib/charts/Chart.svelte';
import { withAlpha } from '$lib/charts/environment';
import { formatMoney } from '$lib/format/money';
import { t } from '$lib/i18n';
import { dateTimeFormat } from '$lib/format/time';
import { monthName, type CostRow } from './summary';

/** The bars' heights in roubles (for drawing only: the amounts shown are formatted from the kopecks). */
export function barHeights(rows: CostRow[]): Array<number | null> {
  return rows.map((r) => (r.total === null ? null : r.total / 100));
}

/** Roubles without kopecks on the axis: «12 000 ₽». */
function axisMoney(roubles: number): string {
  return new Intl.NumberFormat(t.app.locale, { style: 'currency', currency: 'RUB', currencyDisplay: 'narrowSymbol', maximumFractionDigits: 0 }).format(roubles);
}

/** `newestFirst`: the table's rows; the chart turns them around. */
export function costChart(newestFirst: CostRow[], timeZone: string): ChartBuilder {
  const rows = [...newestFirst].reverse();
  return ({ uPlot, colors }) => {
    const x = rows.map((_, i) => i);
    const heights = barHeights(rows);
    const short = dateTimeFormat({ month: 'short' }, timeZone);
    const soFar = rows.findIndex((r) => r.state === 'so-far');
    const fill = withAlpha(colors.accent, 0.8);
    const pale = withAlpha(colors.accent, 0.35);
    const series: uPlotType.Series[] = [
      { label: t.costs.chart.month, value: (_u, v) => (v === null || v === undefined || !rows[v] ? '—' : monthName(rows[v].from, timeZone)) },
      {
        label: t.costs.chart.total,
        fill: (u) => {
          // The month so far: its own, paler colour from its left edge on.
          if (soFar < 0) return fill;
          const edge = u.valToPos(soFar - 0.5, 'x', true);
          const gradient = u.ctx.createLinearGradient(u.bbox.left, 0, u.bbox.left + u.bbox.width, 0);
          const stop = Math.min(1, Math.max(0, (edge - u.bbox.left) / u.bbox.width));
          gradient.addColorStop(0, fill);
          gradient.addColorStop(stop, fill);
          gradient.addColorStop(stop, pale);
          gradient.addColorStop(1, pale);
          return gradient;
        },
        stroke: colors.accent,
        width: 0,
        paths: uPlot.paths.bars!({ size: [0.7, 48] }),
        points: { show: false },
        value: (_u, _v, _s, idx) => (idx === null || idx === undefined || !rows[idx] ? '—' : formatMoney(rows[idx].total)),
      },
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
          values: (_u, splits) => splits.map((i) => (rows[i] ? short.format(rows[i].from) : '')),
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
    };
    return { options, data: [x, heights] as uPlotType.AlignedData };
  };
}
