// CAT simulation: run every simulee through startSession → nextItem → recordResponse with responses drawn from
// the true θ (or from pre-drawn uniforms), then aggregate precision, length, stop reasons, exposure and
// classification accuracy.

import { categoryProbsAt, compileBank, type CompiledBank } from '../cat/compiled';
import { normalizeConfig } from '../cat/config';
import { nextItemWithHooks, recordResponse, startSession, summarize } from '../cat/session';
import type { BankItem, CatConfig, CatState, StopReason } from '../cat/types';
import { mulberry32 } from '../random';
import type { Rng } from '../types';
import { buildReport } from './report';
import type { SimulationOptions, SimulationRecord, SimulationReport, Simulee } from './types';

/** Invalid simulee input: `path` locates the problem (e.g. `simulees[3].u[7]`). */
export class SimulationInputError extends Error {
  readonly path: string;
  readonly problem: string;
  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`);
    this.name = 'SimulationInputError';
    this.path = path;
    this.problem = problem;
  }
}

/**
 * Simulated score of item i for a tasker at θ given a uniform u: dichotomous 1 iff u < P; polytomous the number
 * of cumulative boundaries k ≥ 1 with u < P(X ≥ k).
 */
export function simulatedScore(bank: CompiledBank, i: number, theta: number, u: number, D: number): number {
  const probs = bank.scratch.pA;
  const K = categoryProbsAt(bank, i, theta, D, probs);
  if (K === 1) return u < (probs[1] as number) ? 1 : 0;
  let score = 0;
  let tail = 0;
  for (let k = K; k >= 1; k--) {
    tail += probs[k] as number;
    if (u < tail) score++;
  }
  return score;
}

/** Check simulees (ids, θ, uniforms long enough for the longest test). Throws SimulationInputError. */
export function validateSimulees(simulees: readonly Simulee[], skills: readonly string[], maxItems: number): void {
  if (!Array.isArray(simulees)) throw new SimulationInputError('simulees', 'must be an array');
  const ids = new Set<string>();
  simulees.forEach((s, k) => {
    const at = `simulees[${k}]`;
    if (!s || typeof s !== 'object') throw new SimulationInputError(at, 'must be an object');
    if (typeof s.id !== 'string' || s.id === '') throw new SimulationInputError(`${at}.id`, 'must be a non-empty string');
    if (ids.has(s.id)) throw new SimulationInputError(`${at}.id`, `duplicate id '${s.id}'`);
    ids.add(s.id);
    if (typeof s.theta === 'number') {
      if (!Number.isFinite(s.theta)) throw new SimulationInputError(`${at}.theta`, 'must be a finite number');
    } else if (s.theta && typeof s.theta === 'object') {
      for (const sk of skills)
        if (!Number.isFinite(s.theta[sk])) throw new SimulationInputError(`${at}.theta.${sk}`, 'must be a finite number');
    } else throw new SimulationInputError(`${at}.theta`, 'must be a number or a map skill → number');
    if (s.u !== undefined) {
      if (!Array.isArray(s.u)) throw new SimulationInputError(`${at}.u`, 'must be an array of numbers in [0, 1)');
      if (s.u.length < maxItems)
        throw new SimulationInputError(`${at}.u`, `has ${s.u.length} uniforms but a test can have ${maxItems} items`);
      (s.u as unknown[]).forEach((v, j) => {
        if (typeof v !== 'number' || !(v >= 0 && v < 1)) throw new SimulationInputError(`${at}.u[${j}]`, 'must be a number in [0, 1)');
      });
    }
  });
}

/** @internal */
export interface RunHooks {
  onConsidered?(index: number): void;
}

/** @internal run all simulees; returns records, final states and administration counts per item */
export function runSimulees(
  bank: CompiledBank,
  simulees: readonly Simulee[],
  config: CatConfig,
  rng: Rng,
  opts: Pick<SimulationOptions, 'onProgress' | 'exposure'> = {},
  hooks: RunHooks = {},
): { records: SimulationRecord[]; states: CatState[]; counts: Float64Array } {
  const cfg = normalizeConfig(config);
  const counts = new Float64Array(bank.size);
  const running = { tests: opts.exposure?.tests ?? 0, items: { ...(opts.exposure?.items ?? {}) } };
  const records: SimulationRecord[] = [];
  const states: CatState[] = [];
  const total = simulees.length;
  simulees.forEach((sim, idx) => {
    let state = startSession(config, bank, { exposure: running });
    const skills = Object.keys(state.skills);
    const trueOf = (skill: string): number => (typeof sim.theta === 'number' ? sim.theta : (sim.theta[skill] as number));
    for (let k = 0; ; k++) {
      const step = nextItemWithHooks(state, bank, config, rng, hooks);
      state = step.state;
      if ('stop' in step) break;
      const i = bank.indexOf.get(step.itemId) as number;
      const u = sim.u ? (sim.u[k] as number) : rng();
      const score = simulatedScore(bank, i, trueOf(bank.skills[bank.skill[i] as number] as string), u, cfg.D);
      state = recordResponse(state, bank, config, step.itemId, score);
      counts[i] = (counts[i] as number) + 1;
      running.items[step.itemId] = (running.items[step.itemId] ?? 0) + 1;
    }
    running.tests++;
    const summary = summarize(state, config);
    const single = skills.length === 1;
    const first = skills[0] as string;
    const per = (f: (s: string) => number) =>
      single ? f(first) : Object.fromEntries(skills.map((s) => [s, f(s)] as [string, number]));
    const rec: SimulationRecord = {
      id: sim.id,
      trueTheta: typeof sim.theta === 'number' && single ? sim.theta : per(trueOf),
      theta: per((s) => summary.skills[s]?.theta ?? Number.NaN),
      se: per((s) => summary.skills[s]?.se ?? Number.NaN),
      items: state.items,
      responses: state.scores,
      stopReason: state.stop as StopReason,
    };
    if (skills.some((s) => (summary.skills[s]?.classification.length ?? 0) > 0)) {
      const cls = (s: string) => (summary.skills[s]?.classification ?? []).map((c) => c.decision);
      rec.classification = single ? cls(first) : Object.fromEntries(skills.map((s) => [s, cls(s)]));
    }
    records.push(rec);
    states.push(state);
    opts.onProgress?.(idx + 1, total);
  });
  return { records, states, counts };
}

/**
 * Simulate CAT sessions for `simulees` on `bank` with `config`. Deterministic given `opts.seed` (default 1).
 * Sessions run in order; with a live exposure method (`restricted`, `progressive` + maxRate) each session starts
 * with the running exposure counts of the sessions before it.
 */
export function simulate(
  bank: readonly BankItem[] | CompiledBank,
  simulees: readonly Simulee[],
  config: CatConfig,
  opts: SimulationOptions = {},
): SimulationReport {
  const compiled = Array.isArray(bank) ? compileBank(bank) : (bank as CompiledBank);
  const cfg = normalizeConfig(config);
  const seed = opts.seed ?? 1;
  const probe = startSession(config, compiled);
  const skills = Object.keys(probe.skills);
  validateSimulees(simulees, skills, cfg.maxItems);
  const rng = mulberry32(seed);
  const { records, states, counts } = runSimulees(compiled, simulees, config, rng, opts);
  return buildReport({ bank: compiled, config, skills, simulees, records, states, counts, seed, bins: opts.bins });
}
