// Vocabulary of item health (docs/item-health.md). Pure data: no I/O.

import type { ItemStandardErrors } from '../calibration/types';
import type { ResponseLogRecord } from '../formats/response-log';
import type { Item } from '../types';

/** A bank item as item health reads it: parameters, `status` (pilot items are not anchors) and optional bank SEs. */
export type HealthBankItem = Item & { status?: string; se?: ItemStandardErrors | null };

export type HealthFlag = 'few-responses' | 'misfit' | 'drift' | 'low-discrimination' | 'dif' | 'rapid-guessing';

export interface ItemHealthOptions {
  /** fewer responses than this: `few-responses`, and no drift/DIF verdict; default 100 (FEW_RESPONSES) */
  minResponses?: number;
  /** family-wise α of the misfit test (Bonferroni over the items); default 0.05 */
  misfitAlpha?: number;
  /** false discovery rate of the drift tests (Benjamini–Hochberg over the tested anchors); default 0.05 */
  driftFdr?: number;
  /** smallest drift that is flagged: |b̂ − b| (default 0.25) or |ln(â / a)| (default 0.25) */
  driftMinB?: number;
  driftMinLogA?: number;
  /** smallest misfit that is flagged: Cohen's w = √(Q1 / n); default 0.1 */
  misfitMinW?: number;
  /** a below this (the item's own re-estimate): `low-discrimination`; default 0.3 */
  lowDiscrimination?: number;
  /** DIF: the group compared against (default: the most frequent value of `groups`) */
  difReference?: string;
  /** DIF: θ strata for Mantel–Haenszel; default 10 */
  difStrata?: number;
  /** DIF: smallest respondent count of the focal group for a verdict; default 50 */
  difMinFocal?: number;
  /** rapid guessing: fixed threshold in ms; default: NT10 (10% of the item's mean time, at most 10 s) */
  rapidThresholdMs?: number;
  /** share of an item's timed responses that are rapid from which it is flagged; default 0.1 */
  rapidShare?: number;
  /** ability bands of the distractor table; default 5 (quintiles) */
  abilityBands?: number;
}

export interface ItemHealthInput {
  bank: readonly HealthBankItem[];
  responses: readonly ResponseLogRecord[];
  /** θ per tasker id for the ability bands; default: each tasker's EAP from the bank's anchors */
  abilities?: ReadonlyMap<string, number> | Readonly<Record<string, number>>;
  /** a tasker attribute per tasker id (e.g. education level) for DIF; no DIF without it */
  groups?: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  options?: ItemHealthOptions;
}

export interface MantelHaenszelResult {
  /** the common odds ratio, reference vs focal (> 1: the item favours the reference group) */
  alpha: number;
  /** ETS delta, −2.35 ln α_MH (negative: the item is harder for the focal group) */
  delta: number;
  /** SE of delta: 2.35 × the Robins–Breslow–Greenland SE of ln α_MH */
  deltaSe: number;
  /** MH chi-square with continuity correction (1 df) and its p-value */
  chiSquare: number;
  p: number;
  /** strata that entered (both groups present, at least 2 respondents) */
  strata: number;
  etsClass: 'A' | 'B' | 'C';
}

export interface DifComparison extends MantelHaenszelResult {
  reference: string;
  focal: string;
  nReference: number;
  nFocal: number;
}

export interface DriftResult {
  /** the item re-estimated on the scale the other anchors set (its own responses left out of their θ) */
  estimate: { a?: number; b?: number; c?: number; thresholds?: number[] };
  se: ItemStandardErrors;
  /** Wald z per parameter: (estimate − bank) / √(SE² + SE_bank²) */
  z: { a?: number; b?: number };
  /** two-sided p of the largest |z|, Bonferroni-corrected over the item's tested parameters */
  p: number;
  /** the size of the move: |b̂ − b| (polytomous: the largest threshold move) and |ln(â / a)| */
  size: { b?: number; logA?: number };
}

export interface AbilityBand {
  band: number;
  /** θ range of the band (quantiles over all taskers) */
  from: number;
  to: number;
  n: number;
  /** share of the band's responses that chose each option */
  choices: Record<string, number>;
}

export interface ItemHealth {
  id: string;
  status: string;
  n: number;
  /** mean score / maximum score */
  pValue: number;
  /** correlation of the item score with the tasker's θ from their other responses (the adaptive "rest score") */
  pointBiserial: number;
  /** share of tests (sessions) that showed the item */
  exposure: number;
  distractors: AbilityBand[];
  fit: { infit: number; outfit: number; chiSquare: number; df: number; p: number; method: 'Q1' } | null;
  drift: DriftResult | null;
  dif: DifComparison[];
  rapid: { thresholdMs: number; timed: number; rapid: number; share: number; rapidAccuracy: number | null } | null;
  flags: HealthFlag[];
}

export interface ItemHealthReport {
  items: ItemHealth[];
  /** flagged items, most serious first (docs/item-health.md, "Ranking") */
  needsAttention: { id: string; flags: HealthFlag[]; severity: number }[];
  population: { mean: number; sd: number };
  /** the thresholds used, for the report reader */
  thresholds: { minResponses: number; misfitP: number; misfitMinW: number; driftFdr: number; driftMinB: number; driftMinLogA: number; lowDiscrimination: number; rapidShare: number };
  responsesUsed: number;
  warnings: string[];
}

/** A response item health cannot use (e.g. a score above the item's maximum), named by its log line. */
export class ItemHealthInputError extends Error {
  readonly line: number;
  readonly field: string;
  readonly problem: string;
  constructor(line: number, field: string, problem: string) {
    super(`line ${line}: ${field}: ${problem}`);
    this.name = 'ItemHealthInputError';
    this.line = line;
    this.field = field;
    this.problem = problem;
  }
}
