/**
 * Network-quality charts: one line per phase (the mean of each averaging interval) with a band from its
 * minimum to its maximum, dashed limits of the norm, and a break wherever data is missing — a line never
 * bridges a gap as if the values in it were known.
 */
import type uPlotType from 'uplot';
import { formatNumber } from '$lib/format/quantity';
import type { ChartBuilder } from './Chart.svelte';
import { cursorTime, timeAxisLabels, withAlpha } from './environment';

export interface BandPoint {
  /** Epoch ms. */
  time: number;
  min: number;
  max: number;
  average: number;
}

export interface BandSeries {
  label: string;
  points: BandPoint[];
}

export interface AlignedBands {
  x: number[];
  /** Per series: mean, minimum and maximum, null where it has no point. */
  columns: Array<{ average: Array<number | null>; min: Array<number | null>; max: Array<number | null> }>;
}

/** The typical distance between points: the aggregation step, or for raw readings the median spacing. */
export function typicalStep(times: number[]): number {
  const diffs: number[] = [];
  for (let i = 1; i < times.length; i++) if (times[i] > times[i - 1]) diffs.push(times[i] - times[i - 1]);
  if (!diffs.length) return 0;
  diffs.sort((a, b) => a - b);
  return diffs[Math.floor(diffs.length / 2)];
}

/**
 * All series on one time axis; where the axis jumps by more than 2.5 steps, a time with no value is put in,
 * so that every line breaks there.
 */
export function alignBands(series: BandSeries[], step: number | null = null): AlignedBands {
  const times = [...new Set(series.flatMap((s) => s.points.map((p) => p.time)))].sort((a, b) => a - b);
  const gapAfter = 2.5 * (step ?? typicalStep(times));
  const x: number[] = [];
  for (let i = 0; i < times.length; i++) {
    if (i && gapAfter > 0 && times[i] - times[i - 1] > gapAfter) x.push(times[i - 1] + gapAfter / 2.5);
    x.push(times[i]);
  }
  const columns = series.map((s) => {
    const at = new Map(s.points.map((p) => [p.time, p]));
    return {
      average: x.map((t) => at.get(t)?.average ?? null),
      min: x.map((t) => at.get(t)?.min ?? null),
      max: x.map((t) => at.get(t)?.max ?? null),
    };
  });
  return { x, columns };
}

export interface BandChartInput {
  series: BandSeries[];
  /** Aggregation step in ms; null for raw readings. */
  step: number | null;
  from: number;
  to: number;
  timeZone: string;
  unit: string;
  digits: number;
  /** Dashed horizontal lines: the limits of the norm. */
  limits?: number[];
  /** The legend's name of the time. */
  timeLabel: string;
}

export function bandChart(input: BandChartInput): ChartBuilder {
  return ({ uPlot, colors }) => {
    const { x, columns } = alignBands(input.series, input.step);
    const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${formatNumber(v, input.digits)}${input.unit ? ` ${input.unit}` : ''}`);
    const series: uPlotType.Series[] = [{ label: input.timeLabel, value: cursorTime(input.timeZone) }];
    const data: Array<Array<number | null>> = [x];
    const bands: uPlotType.Band[] = [];
    const hidden: number[] = [];
    columns.forEach((c, k) => {
      const color = colors.series[k % colors.series.length];
      const base = series.length;
      series.push({ label: input.series[k].label, stroke: color, width: 1.5, points: { show: false }, spanGaps: false, value: (_u, v) => fmt(v) });
      series.push({ label: '', stroke: 'transparent', width: 0, points: { show: false }, spanGaps: false });
      series.push({ label: '', stroke: 'transparent', width: 0, points: { show: false }, spanGaps: false });
      data.push(c.average, c.min, c.max);
      hidden.push(base + 1, base + 2);
      bands.push({ series: [base + 2, base + 1], fill: withAlpha(color, 0.16) });
    });
    const values = [...columns.flatMap((c) => [...c.min, ...c.max]), ...(input.limits ?? [])].filter((v): v is number => v !== null);
    const lo = values.length ? Math.min(...values) : 0;
    const hi = values.length ? Math.max(...values) : 1;
    const padding = (hi - lo) * 0.08 || Math.abs(hi) * 0.02 || 1;
    const options: Omit<uPlotType.Options, 'width' | 'height'> = {
      ms: 1,
      tzDate: (ms) => uPlot.tzDate(new Date(ms), input.timeZone),
      series,
      bands,
      scales: {
        x: { time: true, range: [input.from, input.to] },
        y: { range: [lo - padding, hi + padding] },
      },
      axes: [
        { stroke: colors.muted, grid: { stroke: colors.grid, width: 1 }, ticks: { stroke: colors.grid }, space: 64, values: timeAxisLabels(input.timeZone) },
        {
          stroke: colors.muted,
          grid: { stroke: colors.grid, width: 1 },
          ticks: { stroke: colors.grid },
          size: 56,
          values: (_u, splits) => splits.map((v) => formatNumber(v, input.digits)),
          label: input.unit || undefined,
          labelSize: input.unit ? 18 : 0,
        },
      ],
      cursor: { drag: { x: true, y: false }, points: { show: false } },
      legend: { live: true },
      hooks: {
        // The limits of the norm: dashed lines across the whole period, under the data.
        drawAxes: [
          (u) => {
            const ctx = u.ctx;
            ctx.save();
            ctx.strokeStyle = colors.danger;
            ctx.lineWidth = Math.max(1, devicePixelRatio);
            ctx.setLineDash([6 * devicePixelRatio, 5 * devicePixelRatio]);
            for (const limit of input.limits ?? []) {
              const y = Math.round(u.valToPos(limit, 'y', true)) + 0.5;
              ctx.beginPath();
              ctx.moveTo(u.bbox.left, y);
              ctx.lineTo(u.bbox.left + u.bbox.width, y);
              ctx.stroke();
            }
            ctx.restore();
          },
        ],
      },
    };
    // The band edges need no row in the legend: the text above the charts explains the bands.
    const after = (chart: uPlotType) => {
      const rows = chart.root.querySelectorAll<HTMLElement>('.u-legend .u-series');
      for (const i of hidden) rows[i]?.style.setProperty('display', 'none');
    };
    return { options, data: data as uPlotType.AlignedData, after };
  };
}
