// Vocabulary of the CAT engine (selection, exposure, content balancing, stopping, session state).

import type { EstimatorConfig, Item, NormalPrior } from '../types';

/** Skill name used for items without a `skill`. */
export const DEFAULT_SKILL = 'default';

/** Why a test (or one skill of a multi-skill test) stopped. */
export type StopReason =
  | 'se-threshold'
  | 'max-items'
  | 'min-information'
  | 'classification-sprt'
  | 'classification-glr'
  | 'classification-ci'
  | 'classification-posterior'
  | 'bank-exhausted';

export const STOP_REASONS: readonly StopReason[] = [
  'se-threshold',
  'max-items',
  'min-information',
  'classification-sprt',
  'classification-glr',
  'classification-ci',
  'classification-posterior',
  'bank-exhausted',
];

/**
 * Item selection criterion.
 * - `MFI`: maximum Fisher information at the target θ.
 * - `KL`: Kullback–Leibler information integrated over θ̂ ± z/√n (Chang & Ying 1996).
 * - `KLP`: posterior-weighted KL information, Σ_q w(θ_q) KL(θ̂ ‖ θ_q) (catR `KLP`).
 * - `a-stratified`: strata by ascending a (Chang & Ying 1999), b closest to the target within the stratum.
 * - `random`: uniform among eligible items (baseline).
 * - `CMI`: classification mutual information — the item whose response carries most information about the
 *   examinee's category (side of each cut) under the current posterior. Needs `stopping.classification`.
 */
export type SelectionMethod = 'MFI' | 'KL' | 'KLP' | 'a-stratified' | 'random' | 'CMI';

export interface SelectionConfig {
  method: SelectionMethod;
  /**
   * Where information is measured: at the current estimate (default) or, when classifying, at the cut
   * score closest to θ̂ among the cuts not yet decided (as SPRT CATs do). Needs `stopping.classification`.
   */
  target?: 'estimate' | 'cut';
  /** randomesque: choose uniformly among the k best items (default 1 = best item) */
  randomesque?: number;
  /** a-stratified: number of strata (default 4) */
  strata?: number;
  /** a-stratified with b-blocking (Chang, Qian & Ying 2001); default false */
  bBlocking?: boolean;
  /** a-stratified: items to take from each stratum (length = strata); default: the expected test length split evenly */
  itemsPerStratum?: number[];
  /** KL: half-width of the integration interval is z/√max(1, n); default 3 */
  klZ?: number;
  /** the first `items` items are picked by randomesque among the best `randomesque` (spreads first-item exposure) */
  start?: { items: number; randomesque: number };
}

/**
 * Exposure control.
 * - `sympson-hetter`: probabilistic filter with parameters k_i (derive them with `deriveSympsonHetter`). Items
 *   missing from `k` use `defaultK` (default 1). A rejected item is set aside for the rest of the session when
 *   `excludeRejected` (default true, as in the original procedure).
 * - `restricted`: live maximum-exposure rule on running counts passed to `startSession` (no pre-simulation): at
 *   the start of test number T = tests + 1, item i is blocked when its count ≥ max(1, ⌊maxRate·T⌋). Run
 *   sequentially, this keeps every exposure rate ≤ maxRate once maxRate·T ≥ 1.
 * - `progressive`: Revuelta & Ponsoda (1998): criterion' = (1 − s)·R + s·criterion, R ~ U(0, max criterion),
 *   s = (items given / expected length)^beta. With `maxRate` it is the progressive-restricted method.
 */
export type ExposureConfig =
  | { method: 'none' }
  | { method: 'sympson-hetter'; k: Record<string, number>; defaultK?: number; excludeRejected?: boolean }
  | { method: 'restricted'; maxRate: number }
  | { method: 'progressive'; beta?: number; maxRate?: number };

/** Running exposure counts (e.g. kept in a table): tests started so far and administrations per item id. */
export interface ExposureCounts {
  tests: number;
  items: Record<string, number>;
}

/**
 * One content constraint: exactly one of `skill` or `tag`. Hard constraints: `min` (test continues while it is
 * unmet and can be met; items of the group are forced when the remaining room requires it) and `max` (items of a
 * full group are never selected). `target` is a proportion of the test (Kingsbury–Zara: the group furthest below
 * its target among those with eligible items is chosen at each step).
 */
export interface BlueprintConstraint {
  skill?: string;
  tag?: string;
  min?: number;
  max?: number;
  target?: number;
}

export interface Blueprint {
  constraints: BlueprintConstraint[];
}

export interface ClassificationConfig {
  /** cut scores on the θ scale; a list for every skill, or a map skill → list */
  cuts: number[] | Record<string, number[]>;
  /**
   * `sprt`: Wald SPRT per cut (Eggen 1999): log L(cut+δ)/L(cut−δ) against log((1−β)/α) and log(β/(1−α)).
   * `glr`: generalized likelihood ratio (Bartroff, Finkelman & Lai 2008; Thompson 2009): the same bounds on
   * log [max_{θ ≥ cut+δ} L(θ) / max_{θ ≤ cut−δ} L(θ)] (θ within the quadrature range) — decides sooner far from the cut.
   * `ci`: stop when θ̂ ± z·SE excludes every cut.
   * `posterior`: stop when the posterior probability (quadrature grid, not a normal approximation) that θ lies on
   * its more likely side of every cut is ≥ `confidence` — the exact Bayesian form of the CI rule.
   */
  method: 'sprt' | 'glr' | 'ci' | 'posterior';
  /** SPRT indifference half-width δ (θ1 = cut − δ, θ2 = cut + δ); default 0.3 */
  delta?: number;
  /** SPRT: P(classify above | θ = cut − δ); default 0.05 */
  alpha?: number;
  /** SPRT: P(classify below | θ = cut + δ); default 0.05 */
  beta?: number;
  /** CI rule: z multiplier; default Z_95 = Φ⁻¹(0.975) ≈ 1.959964 (the interval `summarize` reports as ci95) */
  z?: number;
  /** posterior rule: required posterior probability of the side of each cut; default 0.95 */
  confidence?: number;
  /**
   * posterior rule, optional: cost of one more item in units of misclassification probability. The test also stops
   * when no look-ahead of m items is expected to lower the misclassification probability by more than itemCost·m
   * (preposterior analysis, normal approximation): it spends items where they can still change the decision and
   * stops taskers too close to the cut for the remaining items to help.
   */
  itemCost?: number;
}

/**
 * Which standard error `seThreshold` is compared with.
 * - `posterior`: the skill's reported SE (`se`): the posterior SD for EAP; for MAP/MLE/WLE the estimator's SE.
 * - `information`: 1/√(1/σ²_prior + Σ I_i(θ̂)), the Fisher information of the skill's administered items at the
 *   current estimate plus the prior's precision (recorded in the state as `seInformation`).
 */
export type SeMethod = 'posterior' | 'information';

export interface SkillStoppingRules {
  minItems?: number;
  maxItems?: number;
  seThreshold?: number;
  /**
   * SE the `seThreshold` rule uses (default 'posterior'). 'information' stops when the information-based SE is
   * small enough; it is the quantity the Cramér–Rao bound on test length is stated in and ends EAP tests about 5%
   * sooner at the same accuracy. The reported `se` stays the estimator's either way.
   */
  seMethod?: SeMethod;
  /** stop when the largest information available in the bank at θ̂ is below this */
  minInformation?: number;
  classification?: ClassificationConfig;
}

export interface StoppingConfig extends SkillStoppingRules {
  /** hard maximum test length (all skills together); required */
  maxItems: number;
  /** minimum test length (all skills together); default 1 */
  minItems?: number;
  /**
   * true (default): a skill whose rule fired gets no more items; the session ends when every skill is done.
   * false: all skills keep receiving items until every skill's rule holds at the same time.
   */
  perSkill?: boolean;
  /** per-skill overrides of the rules above */
  skills?: Record<string, SkillStoppingRules>;
}

export interface CatConfig {
  /** config version recorded in the state; default: a fingerprint of the config */
  version?: string;
  /** skills measured in this session; default: blueprint skills, else every skill in the bank */
  skills?: string[];
  /** interim/final estimator; default EAP, N(0,1) prior, 61 nodes on [−6, 6], D = 1 */
  estimator?: EstimatorConfig;
  /** per-skill prior (overrides estimator.prior) */
  priors?: Record<string, NormalPrior>;
  selection?: SelectionConfig;
  exposure?: ExposureConfig;
  blueprint?: Blueprint;
  /** enemy groups: once one item of a group is given, the others are excluded */
  enemies?: string[][];
  /** item ids never to administer (retired items) */
  retired?: string[];
  stopping: StoppingConfig;
}

export interface SessionOptions {
  /** item ids this tasker saw before */
  exclude?: string[];
  /** session-specific enemy groups (added to config.enemies) */
  enemies?: string[][];
  /** running exposure counts, used by the `restricted` / `progressive` + maxRate exposure methods */
  exposure?: ExposureCounts;
}

export interface SkillStop {
  reason: StopReason;
  /** number of items administered (all skills) when the rule fired */
  at: number;
}

export interface SkillState {
  theta: number;
  se: number;
  /** items administered for this skill */
  n: number;
  /** SPRT/GLR log-likelihood ratio per cut (only with method 'sprt' or 'glr') */
  llr?: number[];
  /** posterior P(θ ≥ cut) per cut (only with method 'posterior') */
  pAbove?: number[];
  /** information-based SE 1/√(1/σ²_prior + Σ I_i(θ̂)) (only when the skill's `seMethod` is 'information') */
  seInformation?: number;
  stop?: SkillStop;
}

/**
 * Serialisable CAT session state (plain JSON). The posterior is not stored: a step rebuilds it from
 * `items`/`scores` (≤ 61 × n exponentials; microseconds) so the state stays small and independent of the
 * quadrature. All fields except `v`, `config`, `bank`, `items`, `scores`, `skills` are omitted when empty.
 */
export interface CatState {
  /** state format version */
  v: 1;
  /** CatConfig version (config.version or its fingerprint) */
  config: string;
  /** fingerprint of the compiled bank snapshot the session started on (audit; items are looked up by id) */
  bank: string;
  /** administered item ids, in order */
  items: string[];
  /** scores, aligned with items */
  scores: number[];
  /** item served by nextItem and not yet answered */
  pending?: string;
  skills: Record<string, SkillState>;
  /** set when the session is over */
  stop?: StopReason;
  /** ids excluded for this session (seen before) */
  exclude?: string[];
  /** session enemy groups */
  enemies?: string[][];
  /** ids blocked by the live exposure rule at session start */
  blocked?: string[];
  /** ids rejected by the Sympson–Hetter lottery (set aside for the rest of the session) */
  rejected?: string[];
}

export type NextItemResult = { itemId: string; state: CatState } | { stop: StopReason; state: CatState };

export interface CutClassification {
  cut: number;
  decision: 'above' | 'below';
  /** what decided: the SPRT, the CI rule, or (undecided by a rule) the side of θ̂ */
  by: 'sprt' | 'glr' | 'ci' | 'posterior' | 'estimate';
  /** posterior P(θ ≥ cut) (method 'posterior') */
  pAbove?: number;
  llr?: number;
}

export interface SkillSummary {
  theta: number;
  /** the estimator's SE (EAP: posterior SD); `ci95` is built from it */
  se: number;
  /** information-based SE 1/√(1/σ²_prior + Σ I_i(θ̂)), present when the skill's `seMethod` is 'information' */
  seInformation?: number;
  n: number;
  ci95: [number, number];
  classification: CutClassification[];
  stop?: StopReason;
}

export interface SessionSummary {
  items: number;
  stop?: StopReason;
  skills: Record<string, SkillSummary>;
}

/** The bank items as accepted by `compileBank` (status 'retired' items are kept for scoring but never selected). */
export type BankItem = Item & { status?: string };
