// Routing accuracy and test length of a run: a simulee is routed right when the track is `generalist` exactly
// when its true θ is at or above the cut.
import { percentile } from '../stats';

export interface RoutedSimulee {
  theta: number;
  track: string;
  items: number;
}

export interface RoutingSummary {
  n: number;
  accuracy: number;
  meanItems: number;
  p50Items: number;
  p95Items: number;
  maxItems: number;
}

export function routingSummary(runs: readonly RoutedSimulee[], cut: number): RoutingSummary {
  const right = runs.filter((r) => (r.track === 'generalist') === r.theta >= cut).length;
  const lengths = runs.map((r) => r.items).sort((x, y) => x - y);
  return {
    n: runs.length,
    accuracy: right / runs.length,
    meanItems: lengths.reduce((s, x) => s + x, 0) / runs.length,
    p50Items: percentile(lengths, 50),
    p95Items: percentile(lengths, 95),
    maxItems: lengths[lengths.length - 1] ?? 0,
  };
}

export const formatSummary = (s: RoutingSummary): string =>
  `accuracy ${s.accuracy.toFixed(3)}  mean items ${s.meanItems.toFixed(2)}  p50 ${s.p50Items}  p95 ${s.p95Items}  max ${s.maxItems}  (n = ${s.n})`;
