/**
 * The consumption chart: a bar per report interval (stacked by tariff zone on multi-zone meters), the previous
 * period as a stepped line on top, and intervals without data hatched — a gap, never a bar of 0.
 */
import type uPlotType from 'uplot';
import { formatMoney } from '$lib/format/money';
import { formatNumber } from '$lib/format/quantity';
import { t } from '$lib/i18n';
import { formatInterval, reportUnit } from '$lib/readings/format';
import type { Resolution } from '$lib/readings/period';
import type { ReportRow } from '$lib/readings/report';
import type { ChartBuilder } from './Chart.svelte';
import { timeAxisLabels, withAlpha } from './environment';

export interface ConsumptionChartInput {
  rows: ReportRow[];
  unit: string;
  resolution: Resolution;
  /** The period's [from, to), epoch ms: the x axis spans exactly it. */
  from: number;
  to: number;
  timeZone: string;
  compare: boolean;
  /**
   * The period's totals, shown in the legend while no interval is pointed at (not «—», which reads as missing
   * data): consumption, cost in kopecks (null without a tariff), per zone, and the compared period's.
   */
  totals?: { consumption: number | null; cost: number | null; zones: Array<{ zone: number; consumption: number | null; cost?: number | null }>; previous: number | null };
}

/** Values of each tariff zone per row (null where unknown), in zone order. */
export function zoneColumns(rows: ReportRow[]): Array<{ zone: number; name: string; values: Array<number | null> }> {
  const names = new Map<number, string>();
  for (const r of rows) for (const z of r.zones) names.set(z.zone, z.name);
  return [...names.entries()]
    .sort(([a], [b]) => a - b)
    .map(([zone, name]) => ({ zone, name, values: rows.map((r) => (r.consumption === null ? null : (r.zones.find((z) => z.zone === zone)?.consumption ?? null))) }));
}

/**
 * Stacked bar heights: for zone k, the sum of zones 1..k (drawn tallest first, so zone 1 ends up at the
 * bottom). An interval without data stays null in every column.
 */
export function stackedColumns(columns: Array<{ values: Array<number | null> }>): Array<Array<number | null>> {
  const out: Array<Array<number | null>> = [];
  columns.forEach((c, k) => {
    out.push(c.values.map((v, i) => (v === null && columns.every((o) => o.values[i] === null) ? null : (k ? (out[k - 1][i] ?? 0) : 0) + (v ?? 0))));
  });
  return out;
}

export function consumptionChart(input: ConsumptionChartInput): ChartBuilder {
  return ({ uPlot, colors }) => {
    const { rows } = input;
    const unit = reportUnit(input.unit);
    const amount = (v: number | null | undefined) => (v === null || v === undefined ? t.readings.table.empty : `${formatNumber(v, 3)} ${unit}`);
    /** «12,3 кВт·ч · 45,60 ₽» when the cost is known. */
    const withCost = (v: number | null | undefined, kopecks: number | null | undefined) => (kopecks === null || kopecks === undefined || v === null || v === undefined ? amount(v) : `${amount(v)} · ${formatMoney(kopecks)}`);
    const totals = input.totals;
    const pointed = (idx: number | null | undefined): idx is number => idx !== null && idx !== undefined && !!rows[idx];
    // An extra point at the end of the period lets the last bar and the stepped line end where the period does.
    const x = [...rows.map((r) => r.from), input.to];
    const pad = <T,>(values: T[]) => [...values, null];
    const bars = uPlot.paths.bars!({ size: [0.86, Infinity, 1], align: 1 });
    const zones = zoneColumns(rows);
    const series: uPlotType.Series[] = [
      {
        label: t.readings.table.interval,
        value: (_u, _v, _s, idx) => {
          // With zones stacked, the interval's (or the period's) whole cost goes beside its name.
          const cost = zones.length > 1 ? (pointed(idx) ? rows[idx].pricedCost : totals?.cost) : null;
          const name = pointed(idx) ? formatInterval(rows[idx].from, rows[idx].to, input.resolution, input.timeZone) : totals ? t.readings.chart.wholePeriod : '—';
          return cost === null || cost === undefined ? name : `${name} · ${formatMoney(cost)}`;
        },
      },
    ];
    const data: Array<Array<number | null>> = [x];
    if (zones.length > 1) {
      const stacked = stackedColumns(zones);
      // Tallest (all zones) first, so each lower zone paints over it.
      for (let k = zones.length - 1; k >= 0; k--) {
        const color = colors.series[k % colors.series.length];
        series.push({
          label: zones[k].name,
          fill: withAlpha(color, 0.85),
          stroke: color,
          width: 0,
          paths: bars,
          points: { show: false },
          value: (_u, _v, _s, idx) => {
            if (!pointed(idx)) {
              const total = totals?.zones.find((z) => z.zone === zones[k].zone);
              return total ? withCost(total.consumption, total.cost) : '—';
            }
            return withCost(zones[k].values[idx], rows[idx].zones.find((z) => z.zone === zones[k].zone)?.cost);
          },
        });
        data.push(pad(stacked[k]));
      }
    } else {
      series.push({
        label: t.readings.chart.current,
        fill: withAlpha(colors.accent, 0.8),
        stroke: colors.accent,
        width: 0,
        paths: bars,
        points: { show: false },
        value: (_u, v, _s, idx) => (pointed(idx) ? withCost(v, rows[idx].pricedCost) : totals ? withCost(totals.consumption, totals.cost) : '—'),
      });
      data.push(pad(rows.map((r) => r.consumption)));
    }
    if (input.compare) {
      const previous = rows.map((r) => r.previous?.consumption ?? null);
      series.push({
        label: t.readings.chart.previous,
        stroke: colors.text,
        width: 2,
        dash: [6, 4],
        paths: uPlot.paths.stepped!({ align: 1 }),
        points: { show: false },
        spanGaps: false,
        value: (_u, _v, _s, idx) => (pointed(idx) ? amount(previous[idx]) : totals ? amount(totals.previous) : '—'),
      });
      data.push([...previous, previous.at(-1) ?? null]);
    }

    const hatch = (ctx: CanvasRenderingContext2D): CanvasPattern | string => {
      const tile = document.createElement('canvas');
      tile.width = tile.height = 8;
      const c = tile.getContext('2d');
      if (!c) return withAlpha(colors.muted, 0.15);
      c.strokeStyle = withAlpha(colors.muted, 0.45);
      c.lineWidth = 1.5;
      c.beginPath();
      c.moveTo(0, 8);
      c.lineTo(8, 0);
      c.stroke();
      return ctx.createPattern(tile, 'repeat') ?? withAlpha(colors.muted, 0.15);
    };

    const options: uPlotType.Options = {
      width: 0,
      height: 0,
      ms: 1,
      tzDate: (ms) => uPlot.tzDate(new Date(ms), input.timeZone),
      series,
      scales: {
        x: { time: true, range: [input.from, input.to] },
        y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
      },
      axes: [
        { stroke: colors.muted, grid: { stroke: colors.grid, width: 1 }, ticks: { stroke: colors.grid }, space: 64, values: timeAxisLabels(input.timeZone) },
        {
          stroke: colors.muted,
          grid: { stroke: colors.grid, width: 1 },
          ticks: { stroke: colors.grid },
          size: 56,
          values: (_u, splits) => splits.map((v) => formatNumber(v, 3)),
          label: unit,
          labelSize: 18,
        },
      ],
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      legend: { live: true },
      hooks: {
        // Missing intervals: hatched across the plot, behind everything else.
        drawClear: [
          (u) => {
            const missing = rows.filter((r) => r.state === 'missing');
            if (!missing.length) return;
            const ctx = u.ctx;
            ctx.save();
            ctx.fillStyle = hatch(ctx);
            for (const r of missing) {
              const left = u.valToPos(r.from, 'x', true);
              const right = u.valToPos(r.to, 'x', true);
              ctx.fillRect(left, u.bbox.top, Math.max(1, right - left), u.bbox.height);
            }
            ctx.restore();
          },
        ],
      },
    };
    const { width: _w, height: _h, ...rest } = options;
    // The zones are drawn tallest first; the legend lists them in zone order (T1, T2…) all the same.
    const after = (chart: uPlotType) => {
      if (zones.length < 2) return;
      const rows = [...chart.root.querySelectorAll<HTMLElement>('.u-legend .u-series')].slice(1, 1 + zones.length);
      const parent = rows[0]?.parentElement;
      if (!parent) return;
      const next = rows[rows.length - 1].nextSibling;
      for (const row of rows.reverse()) parent.insertBefore(row, next);
    };
    return { options: rest, data: data as uPlotType.AlignedData, after };
  };
}
