// A Chart.js chart as an accessible figure: a caption, the canvas as a labelled image, and the same numbers as a
// table behind "Show as a table" (keyboard and screen-reader users read the table, not the pixels).
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, ScatterController, LinearScale, CategoryScale, Legend, Tooltip);

export const CHART_COLORS = ['#1f5fa8', '#b34700', '#2e7d32', '#6a1b9a', '#00796b', '#c2185b', '#455a64'];

export function ChartFigure({ caption, label, config, table, testId }: { caption: string; label: string; config: ChartConfiguration; table?: ComponentChildren; testId?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const key = JSON.stringify(config.data);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, { ...config, options: { animation: false, responsive: true, maintainAspectRatio: false, ...config.options } });
    return () => chart.destroy();
  }, [key]);
  return (
    <figure class="chart" data-testid={testId}>
      <figcaption>{caption}</figcaption>
      <div class="chart-box">
        <canvas ref={canvas} role="img" aria-label={label} />
      </div>
      {table !== undefined && (
        <details>
          <summary>Show as a table</summary>
          {table}
        </details>
      )}
    </figure>
  );
}

/** 0.4567 → "45.7%" */
export const percent = (p: number) => `${(100 * p).toFixed(1)}%`;
/** a number for people: fixed decimals, a real minus sign */
export const num = (x: number | null | undefined, digits = 2) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits).replace('-', '−'));
export const interval = (lo: number, hi: number, format: (x: number) => string = (x) => num(x)) => `${format(lo)} to ${format(hi)}`;
