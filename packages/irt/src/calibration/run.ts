// One calibration run from a bank and scored responses to the result document (../shared/FORMATS.md section 3):
// compile, MML-EM, item fit and flags. Pure (no I/O): `npm run calibrate` and the calibration service both call it.

import type { BankItem } from '../cat/types';
import type { Item } from '../types';
import { compileResponses, type RawResponse } from './data';
import { calibrate } from './em';
import { itemFit } from './fit';
import { DRIFT_Z, driftZ, FEW_RESPONSES, LOW_DISCRIMINATION, meanSigmaLinking, misfitCutoff, type ItemFlag, type Linking } from './flags';
import { parameterCount } from './item-params';
import { CalibrationError, type ItemStandardErrors } from './types';

export const CALIBRATION_RESULT_SCHEMA = 'theta-calibration-result/v1';

/** A bank item as calibration reads it: `active` items are anchors, `pilot` items are estimated; `se` for drift. */
export type CalibrationBankItem = Item & { status?: string; se?: ItemStandardErrors };

export interface CalibrateBankOptions {
  /** estimate every active and pilot item on a N(0, 1) scale; default: fixed-anchor (pilot items only) */
  free?: boolean;
  onIteration?: (iteration: number, logLikelihood: number, maxChange: number) => void;
}

export interface ItemFitSummary {
  infit: number;
  outfit: number;
  chiSquare: number;
  df: number;
  p: number;
  method: 'Q1';
}

/** One item of the result: its (estimated or fixed) parameters, the SEs of the estimated ones, n, fit and flags. */
export type CalibratedItem = BankItem & {
  status: string;
  /** `{}` for fixed items; null when estimated but the information matrix was singular */
  se: ItemStandardErrors | null;
  n: number;
  fit: ItemFitSummary | null;
  flags: ItemFlag[];
};

export interface CalibrationDocument {
  schema: typeof CALIBRATION_RESULT_SCHEMA;
  mode: 'fixed-anchor' | 'free';
  population: { mean: number; sd: number };
  linking?: Linking;
  iterations: number;
  converged: boolean;
  logLikelihood: number;
  seconds: number;
  warnings: string[];
  items: CalibratedItem[];
}

export interface BankCalibration {
  document: CalibrationDocument;
  taskers: number;
  responses: number;
  /** responses to items not in the bank (skipped) */
  unknownItems: number;
  /** repeated answers of a tasker to an item (only the first is used) */
  duplicates: number;
}

/**
 * Calibrates `bank` from `responses` (in processing order: a tasker's first answer to an item counts). Throws
 * CalibrationError when nothing is to be estimated, or (from compileResponses) for a score outside 0..K, with the
 * index of the response.
 */
export function calibrateBank(bank: readonly CalibrationBankItem[], responses: readonly RawResponse[], options: CalibrateBankOptions = {}): BankCalibration {
  const started = performance.now();
  const free = options.free === true;
  const statuses = bank.map((it) => it.status ?? 'active');
  const estimate = statuses.map((s) => s === 'pilot' || (free && s === 'active'));
  if (!estimate.some(Boolean)) throw new CalibrationError('items', free ? 'no active or pilot items to estimate' : 'no pilot items to estimate (calibrate free to re-estimate active items)');
  const { data, unknownItems, duplicates } = compileResponses(bank, responses);
  const result = calibrate(bank, data, { estimate, population: free ? 'standard' : 'estimate', ...(options.onIteration ? { onIteration: options.onIteration } : {}) });

  const person = new Int32Array(data.item.length);
  for (let i = 0; i < data.taskerIds.length; i++) person.fill(i, data.start[i], data.start[i + 1]);
  const fits = itemFit(result.items, { item: data.item, person, score: data.score }, result.theta, {
    estimatedParameters: result.items.map((it, j) => (estimate[j] ? parameterCount(it) : 0)),
    posterior: { nodes: result.nodes, weights: result.posterior },
  });
  const cutoff = misfitCutoff(fits);
  const link = free ? meanSigmaLinking(bank, result.items, statuses.map((s) => s === 'active')) : { A: 1, B: 0 };
  const items = result.items.map((it, j): CalibratedItem => {
    const flags: ItemFlag[] = [];
    const n = result.n[j] as number;
    const fit = fits[j];
    if (n < FEW_RESPONSES) flags.push('few-responses');
    // no misfit verdict on few answers (docs/item-health.md): the chi-square is unreliable there, and item health agrees
    if (n >= FEW_RESPONSES && fit && fit.p < cutoff) flags.push('misfit');
    if (free && statuses[j] === 'active' && driftZ(bank[j] as Item, it, result.se[j] ?? null, bank[j]?.se, link) > DRIFT_Z) flags.push('drift');
    if (it.model !== '1PL' && it.a < LOW_DISCRIMINATION) flags.push('low-discrimination');
    return {
      ...(it as BankItem),
      status: statuses[j] as string,
      se: result.se[j] ?? (estimate[j] ? null : {}),
      n,
      fit: fit ? { infit: fit.infit, outfit: fit.outfit, chiSquare: fit.chiSquare, df: fit.df, p: fit.p, method: 'Q1' } : null,
      flags,
    };
  });
  const document: CalibrationDocument = {
    schema: CALIBRATION_RESULT_SCHEMA,
    mode: free ? 'free' : 'fixed-anchor',
    population: result.population,
    ...(free ? { linking: link } : {}),
    iterations: result.iterations,
    converged: result.converged,
    logLikelihood: result.logLikelihood,
    seconds: (performance.now() - started) / 1000,
    warnings: result.warnings,
    items,
  };
  return { document, taskers: data.taskerIds.length, responses: data.item.length, unknownItems, duplicates };
}
