// Vocabulary of the CAT simulator.

import type { StopReason } from '../cat/types';

/**
 * A simulated tasker. `theta` is the true ability (one number for every skill, or a map skill → θ).
 * `u`: pre-drawn uniforms; the response to the k-th administered item is correct iff u[k] < P (polytomous:
 * the number of cumulative boundaries k ≥ 1 with u[k] < P*(X ≥ k)). Without `u` the simulator draws from its RNG.
 */
export interface Simulee {
  id: string;
  theta: number | Record<string, number>;
  u?: number[];
}

/** One simulated session (`--out` writes one per simulee). Single-skill runs carry plain numbers. */
export interface SimulationRecord {
  id: string;
  trueTheta: number | Record<string, number>;
  theta: number | Record<string, number>;
  se: number | Record<string, number>;
  items: string[];
  responses: number[];
  stopReason: StopReason;
  /** per cut: 'above' | 'below' (single skill: list; multi-skill: map skill → list) */
  classification?: ('above' | 'below')[] | Record<string, ('above' | 'below')[]>;
}

export interface ConditionalBin {
  /** true-θ interval [from, to) */
  from: number;
  to: number;
  n: number;
  rmse: number;
  bias: number;
  meanSE: number;
  meanLength: number;
}

export interface CutReport {
  cut: number;
  /** share of simulees classified on the correct side of the cut */
  accuracy: number;
  /** share of all simulees with true θ < cut classified above */
  falsePass: number;
  /** share of all simulees with true θ ≥ cut classified below */
  falseFail: number;
}

export interface SkillReport {
  simulees: number;
  rmse: number;
  bias: number;
  /** mean of the reported SE (the estimator's: posterior SD for EAP) */
  meanSE: number;
  /** mean information-based SE 1/√(1/σ² + Σ I_i(θ̂)), when the skill's SE rule uses `seMethod: 'information'` */
  meanInformationSE?: number;
  /** Pearson correlation of true and estimated θ */
  correlation: number;
  /** mean number of items of this skill */
  meanLength: number;
  /** share of simulees whose skill stopped by each rule */
  stopReasons: Partial<Record<StopReason, number>>;
  conditional: ConditionalBin[];
  classification: CutReport[];
  /** with several cuts: share classified into the right category (all cuts correct) */
  categoryAccuracy?: number;
}

export interface ExposureBucket {
  /** exposure-rate interval [from, to) ('to' = 1 includes 1); from = to = 0 is the "never used" bucket */
  from: number;
  to: number;
  items: number;
}

export interface ExposureReport {
  max: number;
  mean: number;
  /** share of selectable items never administered */
  unused: number;
  /** mean test-overlap rate (Chen, Ankenmann & Spray 2003) */
  overlap: number;
  histogram: ExposureBucket[];
  /** highest-exposure items */
  top: { id: string; rate: number }[];
}

export interface SimulationReport {
  simulees: number;
  seed: number;
  length: { mean: number; median: number; min: number; max: number; sd: number };
  /** share of sessions stopped by each rule (session-level stop reason) */
  stopReasons: Partial<Record<StopReason, number>>;
  exposure: ExposureReport;
  skills: Record<string, SkillReport>;
  /** the first skill's headline numbers (same as skills[first]) */
  rmse: number;
  bias: number;
  meanSE: number;
  meanInformationSE?: number;
  records: SimulationRecord[];
}

export interface SimulationOptions {
  seed?: number;
  /** called after each simulee (done, total) */
  onProgress?(done: number, total: number): void;
  /** true-θ bin edges for the conditional tables (default −2 … 2 by 0.5, open ends) */
  bins?: number[];
  /** running exposure counts to start from (default none); the simulator updates them after each simulee */
  exposure?: { tests: number; items: Record<string, number> };
}
