// Sympson–Hetter exposure parameters by iterative simulation (Sympson & Hetter 1985).

import { compileBank, type CompiledBank } from '../cat/compiled';
import { normalizeConfig } from '../cat/config';
import { ConfigError } from '../cat/errors';
import type { BankItem, CatConfig } from '../cat/types';
import { mulberry32 } from '../random';
import { runSimulees, validateSimulees } from './simulate';
import type { Simulee } from './types';
import { startSession } from '../cat/session';

export interface SympsonHetterOptions {
  /** target maximum exposure rate r */
  targetRate: number;
  /** maximum number of simulation rounds (default 10) */
  iterations?: number;
  seed?: number;
  /** stop early when the simulated maximum exposure is ≤ targetRate + tolerance (default 0) */
  tolerance?: number;
  /**
   * k is derived for targetRate − margin so that the observed maximum (a maximum over noisy rates) lands at or
   * below targetRate. Default: two binomial SDs, 2·sqrt(r(1 − r)/N), at most r/2.
   */
  margin?: number;
  onIteration?(info: SympsonHetterIteration): void;
}

export interface SympsonHetterIteration {
  iteration: number;
  /** maximum administration rate P(A) observed in this round (with the k in force during the round) */
  maxExposure: number;
  /** maximum selection rate P(S) */
  maxSelection: number;
}

export interface SympsonHetterResult {
  /** exposure parameter per item id (items never selected keep 1) */
  k: Record<string, number>;
  history: SympsonHetterIteration[];
  /** `config` with `exposure: { method: 'sympson-hetter', k }` */
  config: CatConfig;
  /** whether the last round met the target */
  converged: boolean;
}

/**
 * Derive Sympson–Hetter k_i: start from k = 1; each round simulates every simulee with the current k, counts
 * how often each item is selected (offered to the exposure lottery), S_i, and administered, A_i; then
 * k_i ← 1 if P(S_i) ≤ r', else r' / P(S_i), with r' = r − margin. Rounds continue until max P(A_i) ≤ r + tolerance
 * or `iterations`.
 * The selection/stopping settings of `config` are used as given (its `exposure` is replaced).
 */
export function deriveSympsonHetter(
  bank: readonly BankItem[] | CompiledBank,
  config: CatConfig,
  simulees: readonly Simulee[],
  opts: SympsonHetterOptions,
): SympsonHetterResult {
  const compiled = Array.isArray(bank) ? compileBank(bank) : (bank as CompiledBank);
  const r = opts.targetRate;
  if (!(typeof r === 'number' && r > 0 && r <= 1)) throw new ConfigError('targetRate', 'must be in (0, 1]');
  const iterations = opts.iterations ?? 10;
  if (!Number.isInteger(iterations) || iterations < 1) throw new ConfigError('iterations', 'must be an integer ≥ 1');
  const tol = opts.tolerance ?? 0;
  const cfg0 = normalizeConfig(config);
  validateSimulees(simulees, Object.keys(startSession(config, compiled).skills), cfg0.maxItems);
  const N = simulees.length;
  const margin = opts.margin ?? Math.min(r / 2, 2 * Math.sqrt((r * (1 - r)) / Math.max(1, N)));
  if (!(margin >= 0 && margin < r)) throw new ConfigError('margin', 'must be in [0, targetRate)');
  const rAim = r - margin;
  const k = new Float64Array(compiled.size).fill(1);
  const history: SympsonHetterIteration[] = [];
  const rng = mulberry32(opts.seed ?? 1);
  let converged = false;
  const toRecord = (): Record<string, number> => {
    const out: Record<string, number> = {};
    for (let i = 0; i < compiled.size; i++) if ((k[i] as number) < 1) out[compiled.ids[i] as string] = k[i] as number;
    return out;
  };
  let current: CatConfig = { ...config, exposure: { method: 'sympson-hetter', k: {}, excludeRejected: true } };
  for (let it = 1; it <= iterations; it++) {
    const selected = new Float64Array(compiled.size);
    const { counts } = runSimulees(compiled, simulees, current, rng, {}, {
      onConsidered: (i) => {
        selected[i] = (selected[i] as number) + 1;
      },
    });
    let maxA = 0;
    let maxS = 0;
    for (let i = 0; i < compiled.size; i++) {
      maxA = Math.max(maxA, (counts[i] as number) / N);
      maxS = Math.max(maxS, (selected[i] as number) / N);
    }
    const info = { iteration: it, maxExposure: maxA, maxSelection: maxS };
    history.push(info);
    opts.onIteration?.(info);
    if (maxA <= r + tol) {
      converged = true;
      break;
    }
    for (let i = 0; i < compiled.size; i++) {
      const ps = (selected[i] as number) / N;
      k[i] = ps <= rAim ? 1 : rAim / ps;
    }
    current = { ...config, exposure: { method: 'sympson-hetter', k: toRecord(), excludeRejected: true } };
  }
  const kRec = toRecord();
  return {
    k: kRec,
    history,
    config: { ...config, exposure: { method: 'sympson-hetter', k: kRec, excludeRejected: true } },
    converged,
  };
}
