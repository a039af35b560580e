// Course-effectiveness statistics (issue 11 part 3, pure; no route yet): per-tasker reliable change and the
// always-valid mixture SPRT. docs/insights.md, "Course effectiveness (statistics only)".
import { Z_95 } from './wilson';

export interface PrePost {
  pre: number;
  sePre: number;
  post: number;
  sePost: number;
}

export interface ReliableChange {
  gain: number;
  /** SE of one tasker's gain from the two measurement SEs (independent tests): √(SE_pre² + SE_post²) */
  se: number;
  rci: number;
  ci95: [number, number];
  /** |RCI| > 1.96: the change is larger than measurement error alone would make it 95% of the time */
  reliable: boolean;
}

/** Jacobson–Truax reliable change index with each tasker's own SEs (IRT), RCI = (θ_post − θ_pre) / √(SE_pre² + SE_post²). */
export function reliableChange(x: PrePost): ReliableChange {
  if (!(x.sePre > 0 && x.sePost > 0)) throw new Error('reliableChange: SEs must be > 0');
  const gain = x.post - x.pre;
  const se = Math.hypot(x.sePre, x.sePost);
  const rci = gain / se;
  return { gain, se, rci, ci95: [gain - Z_95 * se, gain + Z_95 * se], reliable: Math.abs(rci) > Z_95 };
}

/**
 * Mixture SPRT (Robbins 1970; Johari et al. 2017) for a mean difference with known variance σ² per observation and
 * a N(0, τ²) mixing distribution over the effect: after n observations with mean x̄,
 * Λ_n = √(σ² / (σ² + nτ²)) · exp(n² τ² x̄² / (2 σ² (σ² + nτ²))).
 * Λ is a nonnegative martingale under H0 (mean 0), so by Ville's inequality P(sup Λ_n ≥ 1/α) ≤ α: rejecting when
 * Λ_n ≥ 1/α keeps the false-positive rate at α however often one looks.
 */
export function mixtureSprt(input: { n: number; mean: number; sigma2: number; tau2: number; alpha?: number }): { lambda: number; reject: boolean; alwaysValidP: number } {
  const { n, mean, sigma2, tau2 } = input;
  const alpha = input.alpha ?? 0.05;
  if (!(n >= 0 && sigma2 > 0 && tau2 > 0)) throw new Error('mixtureSprt: need n ≥ 0, σ² > 0, τ² > 0');
  const v = sigma2 + n * tau2;
  const lambda = Math.sqrt(sigma2 / v) * Math.exp((n * n * tau2 * mean * mean) / (2 * sigma2 * v));
  return { lambda, reject: lambda >= 1 / alpha, alwaysValidP: Math.min(1, 1 / lambda) };
}
