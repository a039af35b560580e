// The one confidence level of a placement: the result's interval, the CI classification stop and the routing
// decision all build θ ± z·SE with these two functions, so they can never disagree at a cut.

/**
 * Φ⁻¹(p), Acklam's rational approximation (relative error < 1.2e-9): the z of a two-sided confidence level.
 * Deterministic, so `zForConfidence(0.95)` is exactly `Z_95` wherever it is computed.
 */
export function inverseStandardNormal(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`inverseStandardNormal needs 0 < p < 1, got ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  const poly = (coef: number[], x: number) => coef.reduce((acc, k) => acc * x + k, 0);
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - pLow) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -poly(c, q) / (poly(d, q) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}

/** The z multiplier of a two-sided interval with this coverage (0.95 → Z_95). */
export function zForConfidence(confidence: number): number {
  return inverseStandardNormal(0.5 + confidence / 2);
}

/** z of the two-sided 95% interval, Φ⁻¹(0.975) ≈ 1.959964: the default everywhere a 95% interval is meant. */
export const Z_95 = zForConfidence(0.95);

/** θ ± z·SE. */
export function confidenceInterval(theta: number, se: number, z: number = Z_95): [number, number] {
  return [theta - z * se, theta + z * se];
}

/** Where the interval lies relative to a cut: entirely above, entirely below, or (a bound on the cut included) neither. */
export function sideOfCut(interval: readonly [number, number], cut: number): 'above' | 'below' | undefined {
  if (interval[0] > cut) return 'above';
  if (interval[1] < cut) return 'below';
  return undefined;
}
