/**
 * A time series chart on uPlot: one line per group, a legend with the hovered values, a
 * threshold line when given. The instance is kept across refreshes (setData) and rebuilt only
 * when the set of series changes, so an auto-refresh costs one redraw.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { alignSeries, type ChartSeries, colourFor, yRange } from './chart-data.js';
import { formatNumber } from './format.js';

/** Above this many series the legend would be a wall: it is hidden and hover names the nearest. */
const LEGEND_MAX = 24;

export interface ChartProps {
  series: ChartSeries[];
  height?: number;
  /** Horizontal lines, e.g. a monitor's thresholds. */
  markers?: Array<{ value: number; colour: string; label: string }>;
  fromSec: number;
  toSec: number;
}

function options(props: ChartProps, width: number): uPlot.Options {
  const legend = props.series.length <= LEGEND_MAX;
  return {
    width,
    height: props.height ?? 260,
    legend: { show: legend, live: true },
    cursor: { focus: { prox: 16 } },
    focus: { alpha: 0.35 },
    scales: {
      x: { time: true, range: () => [props.fromSec, props.toSec] },
      // Thresholds stay on the chart whatever the data's range (they "flattened" onto an edge).
      y: {
        range: (_u, min, max) =>
          yRange(
            min,
            max,
            (props.markers ?? []).map((m) => m.value),
          ),
      },
    },
    axes: [{}, { values: (_u, vals) => vals.map((v) => formatNumber(v)), size: 60 }],
    series: [
      {},
      ...props.series.map((s, i) => ({
        label: s.label,
        stroke: colourFor(s.label, i, props.series.length),
        width: 1.5,
        spanGaps: false,
        points: { show: s.points.length < 3 },
        value: (_u: uPlot, v: number | null) => formatNumber(v),
      })),
    ],
    hooks: {
      draw: [
        (u: uPlot) => {
          const ctx = u.ctx;
          for (const m of props.markers ?? []) {
            const y = u.valToPos(m.value, 'y', true);
            if (!Number.isFinite(y)) continue;
            ctx.save();
            ctx.strokeStyle = m.colour;
            ctx.setLineDash([6, 4]);
            ctx.beginPath();
            ctx.moveTo(u.bbox.left, y);
            ctx.lineTo(u.bbox.left + u.bbox.width, y);
            ctx.stroke();
            ctx.restore();
          }
        },
      ],
    },
  };
}

export function Chart(props: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = useRef('');

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const key = `${props.series.map((s) => s.label).join('\u0000')}|${props.markers?.map((m) => m.value).join(',')}`;
    const data = alignSeries(props.series) as uPlot.AlignedData;
    if (plot.current && shape.current === key) {
      plot.current.setData(data, false);
      plot.current.setScale('x', { min: props.fromSec, max: props.toSec });
    } else {
      plot.current?.destroy();
      shape.current = key;
      plot.current = new uPlot(options(props, el.clientWidth || 600), data, el);
    }
    // When the chart last drew (bench:console times refreshes by it).
    el.dataset.drawnAt = String(performance.now());
  });

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const resize = new ResizeObserver(() => {
      plot.current?.setSize({ width: el.clientWidth, height: props.height ?? 260 });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, []);

  return (
    <div class="chart">
      <div ref={box} class="chart-canvas" data-series={props.series.length} />
      {props.series.length > LEGEND_MAX && (
        <p class="hint">{props.series.length} series: the legend is hidden; hover a line to focus it.</p>
      )}
      {props.series.length === 0 && <p class="empty">No data in this time range.</p>}
    </div>
  );
}
