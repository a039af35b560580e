// Estimator defaults in one place, and validation of the caller's configuration.
import type { EstimatorConfig, EstimatorMethod, NormalPrior } from '../types';
import { DEFAULT_D } from '../models/dichotomous';

export interface QuadratureSpec {
  points: number;
  min: number;
  max: number;
}

export interface ResolvedEstimatorConfig {
  method: EstimatorMethod;
  D: number;
  prior: NormalPrior;
  quadrature: QuadratureSpec;
  bounds: [number, number];
}

export const DEFAULT_PRIOR: Readonly<NormalPrior> = Object.freeze({ mean: 0, sd: 1 });
export const DEFAULT_QUADRATURE: Readonly<QuadratureSpec> = Object.freeze({ points: 61, min: -6, max: 6 });
export const DEFAULT_BOUNDS: readonly [number, number] = Object.freeze([-6, 6] as [number, number]);

/** Settings that shape a posterior grid (every EstimatorConfig is one). */
export type PosteriorConfig = Pick<EstimatorConfig, 'prior' | 'quadrature' | 'D'>;

export function resolvePrior(prior: NormalPrior | undefined): NormalPrior {
  const resolved = prior ?? DEFAULT_PRIOR;
  if (!Number.isFinite(resolved.mean) || !(resolved.sd > 0) || !Number.isFinite(resolved.sd)) {
    throw new RangeError('prior needs a finite mean and a finite sd > 0');
  }
  return { mean: resolved.mean, sd: resolved.sd };
}

export function resolveQuadrature(quadrature: QuadratureSpec | undefined): QuadratureSpec {
  const resolved = quadrature ?? DEFAULT_QUADRATURE;
  if (!Number.isInteger(resolved.points) || resolved.points < 2) {
    throw new RangeError('quadrature.points must be an integer ≥ 2');
  }
  if (!Number.isFinite(resolved.min) || !Number.isFinite(resolved.max) || !(resolved.min < resolved.max)) {
    throw new RangeError('quadrature needs finite min < max');
  }
  return { points: resolved.points, min: resolved.min, max: resolved.max };
}

export function resolveD(D: number | undefined): number {
  const resolved = D ?? DEFAULT_D;
  if (!Number.isFinite(resolved) || resolved <= 0) throw new RangeError('D must be finite and > 0');
  return resolved;
}

export function resolveEstimatorConfig(config: EstimatorConfig): ResolvedEstimatorConfig {
  const bounds = config.bounds ?? DEFAULT_BOUNDS;
  if (!Number.isFinite(bounds[0]) || !Number.isFinite(bounds[1]) || !(bounds[0] < bounds[1])) {
    throw new RangeError('bounds need finite lower < upper');
  }
  return {
    method: config.method,
    D: resolveD(config.D),
    prior: resolvePrior(config.prior),
    quadrature: resolveQuadrature(config.quadrature),
    bounds: [bounds[0], bounds[1]],
  };
}
