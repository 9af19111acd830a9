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
        scales: { x: { time: false, range: [-0.5, bars.length - 0.5] } },
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
