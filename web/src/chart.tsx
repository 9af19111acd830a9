/** A bar chart drawn by uPlot (some 20 KB gzip, loaded with the finance page only). */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatVnd } from './format.ts';

export interface Bar {
  readonly label: string;
  readonly value: number;
}

export function BarChart({ title, bars }: { title: string; bars: readonly Bar[] }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const width = Math.min(720, Math.max(300, element.clientWidth - 16));
    const plot = new uPlot(
      {
        width,
        height: 240,
        legend: { show: false },
        cursor: { show: false },
        scales: {
          x: { time: false, range: [-0.5, bars.length - 0.5] },
          // Amounts start at nothing: a bar's height is its amount.
          y: { range: (_plot, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
        },
        axes: [
          {
            splits: () => bars.map((_bar, index) => index),
            values: (_plot, ticks) => ticks.map((tick) => bars[tick]?.label ?? ''),
            size: 40,
          },
          { values: (_plot, ticks) => ticks.map((tick) => formatVnd(tick)), size: 110 },
        ],
        series: [
          {},
          {
            label: title,
            fill: '#0b5394',
            stroke: '#0b5394',
            paths: uPlot.paths.bars!({ size: [0.6, 80] }),
            points: { show: false },
          },
        ],
      },
      [bars.map((_bar, index) => index), bars.map((bar) => bar.value)],
      element,
    );
    return () => plot.destroy();
  }, [bars, title]);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div
        ref={host}
        role="img"
        aria-label={`${title}: ${bars.map((bar) => `${bar.label} ${formatVnd(bar.value)}`).join('; ')}`}
      />
    </figure>
  );
}

/** One series of a chart over the days of a month: bars (side by side when several) or a line. */
export interface DaySeries {
  readonly label: string;
  readonly color: string;
  /** One value per day; null where there is none. */
  readonly values: readonly (number | null)[];
  readonly kind: 'bars' | 'line';
}

const dayLabel = (day: string): string => `${day.slice(8, 10)}/${day.slice(5, 7)}`;

/**
 * uPlot's series for ours: bars of several series share a day's slot, each in its own part,
 * unless `overlaid` (each day has a value in one series only).
 */
function plotSeries(series: readonly DaySeries[], overlaid: boolean): uPlot.Series[] {
  const bars = overlaid ? [] : series.filter((one) => one.kind === 'bars');
  return series.map((one) => {
    const slot = bars.indexOf(one);
    return {
      label: one.label,
      stroke: one.color,
      fill: one.kind === 'bars' ? one.color : undefined,
      width: one.kind === 'line' ? 2 : 1,
      spanGaps: one.kind === 'line',
      points: { show: one.kind === 'line', size: 6, fill: one.color },
      ...(one.kind === 'bars'
        ? {
            paths: uPlot.paths.bars!({
              size: [0.8 / Math.max(1, bars.length), 40],
              align: bars.length <= 1 ? 0 : slot === 0 ? -1 : 1,
              gap: 1,
            }),
          }
        : {}),
    };
  });
}

/**
 * A chart of a month's days. The drawing is an image to assistive technology; its words (the
 * `summary`) and the table the page shows beside it carry the figures.
 */
export function DayChart(props: {
  title: string;
  summary: string;
  days: readonly string[];
  series: readonly DaySeries[];
  format: (value: number) => string;
  max?: number;
  overlaid?: boolean;
}) {
  const { title, days, series, format } = props;
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const widthOf = () => Math.min(900, Math.max(280, element.clientWidth));
    const width = widthOf();
    const plot = new uPlot(
      {
        width,
        height: 220,
        legend: { show: false },
        cursor: { show: false },
        scales: {
          x: { time: false, range: [-0.6, days.length - 0.4] },
          y: { range: (_plot, _min, max) => [0, props.max ?? (max > 0 ? max * 1.1 : 1)] },
        },
        axes: [
          {
            // A label every third day, every seventh on a phone (the width follows the box).
            splits: (self) =>
              days.map((_day, index) => index).filter((index) => index % (self.width < 500 ? 7 : 3) === 0),
            values: (_plot, ticks) => ticks.map((tick) => (days[tick] ? dayLabel(days[tick]) : '')),
            size: 32,
          },
          { values: (_plot, ticks) => ticks.map((tick) => format(tick)), size: width < 500 ? 80 : 100 },
        ],
        series: [{}, ...plotSeries(series, props.overlaid ?? false)],
      },
      [days.map((_day, index) => index), ...series.map((one) => one.values.map((value) => value))],
      element,
    );
    // A phone turned, a window resized: the chart follows its box.
    const resized = new ResizeObserver(() => {
      if (widthOf() !== plot.width) plot.setSize({ width: widthOf(), height: 220 });
    });
    resized.observe(element);
    return () => {
      resized.disconnect();
      plot.destroy();
    };
  }, [days, series, format, props.max, props.overlaid]);
  return (
    <figure class="chart" data-series={series.map((one) => one.label).join('|')}>
      <figcaption>{title}</figcaption>
      <ul class="legend" aria-hidden="true">
        {series.map((one) => (
          <li key={one.label}>
            <span class="swatch" style={{ background: one.color }} />
            {one.label}
          </li>
        ))}
      </ul>
      <div ref={host} role="img" aria-label={`${title}. ${props.summary}`} />
      <p class="chart-summary">{props.summary}</p>
    </figure>
  );
}
