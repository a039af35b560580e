// Calibration runs of the live bank (docs/calibration.md, "The calibration service"): requested by an author, run
// by a job over the logged responses, reported, and applied to the bank only when approved.

import type { ItemFitSummary, ItemStandardErrors } from '@theta/irt';
import type { ItemModel } from '@theta/irt/types';
import type { ItemStatus } from '../bank/item-schema';

export const CALIBRATION_STATUSES = ['queued', 'running', 'completed', 'failed', 'approved'] as const;
export type CalibrationStatus = (typeof CALIBRATION_STATUSES)[number];

export const CALIBRATION_MODELS = ['2PL', '3PL'] as const;

/** What an author asks for: which responses (time window), which items (a blueprint's skills), how. */
export interface CalibrationRequest {
  /** only items of this blueprint's skills (its latest version), and its pilot settings' `minResponses` */
  blueprintId?: string;
  /** responses at or after this instant (ISO 8601) */
  from?: string;
  /** responses before this instant (ISO 8601) */
  to?: string;
  /** recast the estimated dichotomous items to this model (3PL gets the c and a priors) */
  model?: (typeof CALIBRATION_MODELS)[number];
  /** estimate every active and pilot item on a N(0, 1) scale (drift of the active items); default fixed-anchor */
  free?: boolean;
  /** the tasker attribute DIF compares groups by (docs/item-health.md); default `educationLevel`, `none` skips DIF */
  difBy?: (typeof DIF_ATTRIBUTES)[number];
}

/** Tasker attributes DIF can group by: the education level onboarding declares at placement start (when known). */
export const DIF_ATTRIBUTES = ['educationLevel', 'none'] as const;

/** Who DIF compared: the attribute, the reference group (the largest) and each group's taskers in the window. */
export interface DifPopulation {
  by: (typeof DIF_ATTRIBUTES)[number];
  reference: string | null;
  groups: Record<string, number>;
  /** taskers with responses but no value of the attribute (left out of DIF) */
  unknown: number;
}

/** An item's IRT parameters (the bank's `params` without the catalogue fields). */
export interface ItemParameters {
  model: ItemModel;
  a: number;
  b?: number;
  c?: number;
  d?: number;
  thresholds?: number[];
}

/** One item of a report: what the bank had, what the calibration estimated, how well it fits. */
export interface ReportItem {
  itemId: string;
  skill: string;
  status: ItemStatus;
  /** estimated in this run (pilot items; with `free` the active ones too); otherwise held fixed */
  estimated: boolean;
  /** the stored version of the item the run read: approval writes only if it is still the stored one */
  baseVersion: number;
  before: ItemParameters;
  /** the estimate (estimated items only) */
  after?: ItemParameters;
  /** SEs of the estimated parameters; null when the information matrix was singular */
  se?: ItemStandardErrors | null;
  n: number;
  fit: ItemFitSummary | null;
  flags: string[];
  /** a pilot item ready to promote: ≥ minResponses responses, no misfit or low discrimination, SEs, converged */
  ready: boolean;
  /** classical statistics, distractors by ability band, rapid guessing and DIF (itemHealth, docs/item-health.md) */
  health?: ItemHealthDetail;
}

export interface ItemHealthDetail {
  pValue: number;
  pointBiserial: number;
  exposure: number;
  distractors: { band: number; from: number; to: number; n: number; choices: Record<string, number> }[];
  rapid: { thresholdMs: number; timed: number; rapid: number; share: number; rapidAccuracy: number | null } | null;
  dif: { reference: string; focal: string; nReference: number; nFocal: number; delta: number; deltaSe: number; p: number; etsClass: 'A' | 'B' | 'C' }[];
}

export interface CalibrationReport {
  calibrationId: string;
  mode: 'fixed-anchor' | 'free';
  createdAt: string;
  population: { mean: number; sd: number };
  linking?: { A: number; B: number };
  iterations: number;
  converged: boolean;
  logLikelihood: number;
  seconds: number;
  warnings: string[];
  taskers: number;
  responses: number;
  /** the pilot items' response threshold used for `ready` */
  minResponses: number;
  /** the groups behind the items' `health.dif` (absent on reports made before DIF ran in the service) */
  dif?: DifPopulation;
  items: ReportItem[];
  /** the candidate bank version: new parameters of the items this run changes (what approval writes) */
  candidate: CandidateChange[];
}

/** One item of the candidate bank version. */
export interface CandidateChange {
  itemId: string;
  baseVersion: number;
  before: ItemParameters;
  after: ItemParameters;
  /** a ready pilot item: approval also makes it active */
  promote: boolean;
}

/** The audit record of an approval: who, when, what changed (per item: versions and parameters). */
export interface CalibrationApproval {
  approvedBy: string;
  approvedAt: string;
  /** the bank version this approval created (1, 2, …) */
  bankVersion: number;
  changes: { itemId: string; fromVersion: number; toVersion: number; before: ItemParameters; after: ItemParameters; promoted: boolean }[];
}

export interface CalibrationSummary {
  mode: 'fixed-anchor' | 'free';
  converged: boolean;
  iterations: number;
  taskers: number;
  responses: number;
  items: number;
  estimated: number;
  changed: number;
  ready: number;
  flagged: number;
}

/** One calibration run. `version` guards every write. */
export interface CalibrationRun {
  id: string;
  status: CalibrationStatus;
  request: CalibrationRequest;
  requestedBy: string;
  requestedAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** why it failed (status `failed`) */
  error?: string;
  summary?: CalibrationSummary;
  approval?: CalibrationApproval;
  version: number;
}

export interface CalibrationRunPage {
  /** newest request first */
  runs: CalibrationRun[];
  cursor?: string;
}

/** Every run, a page at a time (the list designers open candidates from). */
export interface CalibrationRunList {
  listRuns(limit: number, cursor?: string): Promise<CalibrationRunPage>;
}

/** An item as the calibration reads it from the bank: parameters, status, skill and stored version. */
export interface CalibrationSourceItem {
  itemId: string;
  skill: string;
  status: ItemStatus;
  version: number;
  params: ItemParameters;
}
