// The CAT session API: startSession → (nextItem → recordResponse)* → summarize.
// Every function is pure with respect to the state (a new state object is returned; the input is never mutated)
// and deterministic given the Rng passed to nextItem. The state is small JSON; see CatState.

import { estimateAbility } from '../estimators';
import { expectedPosteriorWeights, posteriorSummary, type PosteriorGrid } from '../estimators/posterior';
import type { Item, Rng } from '../types';
import { resolveConstraints, checkFeasibility, inGroup, minimumGroups, type ResolvedConstraint } from './blueprint';
import { infoAt, logProbAt, type CompiledBank } from './compiled';
import { normalizeConfig, type NormalizedConfig, type ResolvedClassification, type ResolvedSkillRules } from './config';
import { CatStateError, ConfigError, InfeasibleBlueprintError } from './errors';
import { confidenceInterval, sideOfCut, Z_95 } from './interval';
import { memoPerBankAndConfig } from './memo';
import { summarizePool, unreachableAfterPlainPick, unreachableIn, unreachableMinimum, type PoolSummary } from './minimums';
import { nodesFor, priorFor, priorGrid, rebuildPosterior, withResponse } from './posterior';
import {
  argmax,
  bestInformation,
  lastBest,
  fillClassificationInformation,
  fillInformation,
  fillKlInterval,
  fillKlPosterior,
  maxInformation,
  pickRandomesque,
  pickUniform,
  strataOf,
} from './select';
import type {
  CatConfig,
  CatState,
  CutClassification,
  NextItemResult,
  SessionOptions,
  SessionSummary,
  SkillState,
  SkillStop,
  SkillSummary,
  StopReason,
} from './types';

// Math functions as module constants: inside Jest's vm context every global lookup (`Math`) goes through an
// interceptor, which made hot loops ~20× slower there than in plain Node.
const { abs, exp, sqrt } = Math;

/** @internal hooks used by simulation (Sympson–Hetter derivation counts the items offered to the lottery) */
export interface SelectionHooks {
  onConsidered?(index: number): void;
}

// ---------------------------------------------------------------------------------------------------------
// posterior cache: a state object → its per-skill posterior grids (rebuilt from items/scores on a miss,
// e.g. after a JSON round trip). Grids in the cache are never updated after being stored.

interface PostCache {
  bank: CompiledBank;
  cfg: NormalizedConfig;
  grids: Map<string, PosteriorGrid>;
}
const postCache = new WeakMap<CatState, PostCache>();

/** The skill's administered items (compiled indices) and scores, in order. */
function skillResponses(state: CatState, bank: CompiledBank, skill: string): { items: number[]; scores: number[] } {
  const items: number[] = [];
  const scores: number[] = [];
  for (let k = 0; k < state.items.length; k++) {
    const i = bank.indexOf.get(state.items[k] as string);
    if (i === undefined) throw new CatStateError('unknown-item', `administered item '${state.items[k]}' is not in the bank`);
    if (bank.skills[bank.skill[i] as number] !== skill) continue;
    items.push(i);
    scores.push(state.scores[k] as number);
  }
  return { items, scores };
}

function skillGrid(state: CatState, bank: CompiledBank, cfg: NormalizedConfig, skill: string): PosteriorGrid {
  const hit = postCache.get(state);
  if (hit && hit.bank === bank && hit.cfg === cfg) {
    const grid = hit.grids.get(skill);
    if (grid) return grid;
  }
  const { items, scores } = skillResponses(state, bank, skill);
  const grid = rebuildPosterior(cfg, bank, skill, items, scores);
  if (hit && hit.bank === bank && hit.cfg === cfg) hit.grids.set(skill, grid);
  else postCache.set(state, { bank, cfg, grids: new Map([[skill, grid]]) });
  return grid;
}

/**
 * Information-based SE of a skill: 1/√(1/σ²_prior + Σ I_i(θ)) over its administered items (compiled indices),
 * Fisher information from the compiled kernels at θ (the current estimate).
 */
function informationSE(bank: CompiledBank, cfg: NormalizedConfig, skill: string, items: readonly number[], theta: number): number {
  const sd = priorFor(cfg, skill).sd;
  let information = 1 / (sd * sd);
  for (const i of items) information += infoAt(bank, i, theta, cfg.D);
  return 1 / sqrt(information);
}

/** The SE the skill's `seThreshold` rule compares (`seMethod`). */
function ruleSE(ctx: Ctx, s: number): number {
  const name = ctx.skills[s] as string;
  const sk = ctx.state.skills[name] as SkillState;
  if ((ctx.rules[s] as ResolvedSkillRules).seMethod === 'posterior') return sk.se;
  // states written before the skill used this rule have no seInformation: compute it from the responses
  return sk.seInformation ?? informationSE(ctx.bank, ctx.cfg, name, skillResponses(ctx.state, ctx.bank, name).items, sk.theta);
}

// ---------------------------------------------------------------------------------------------------------

function checkVersion(state: CatState, cfg: NormalizedConfig): void {
  if (!state || typeof state !== 'object' || state.v !== 1 || !Array.isArray(state.items) || !Array.isArray(state.scores))
    throw new CatStateError('malformed-state', 'not a CatState (v 1)');
  if (state.config !== cfg.version)
    throw new CatStateError(
      'config-mismatch',
      `state was started with config '${state.config}' but the config given is '${cfg.version}'`,
    );
}

interface Ctx {
  bank: CompiledBank;
  cfg: NormalizedConfig;
  state: CatState;
  skills: string[];
  /** bank skill index per session skill (−1 if the bank has no such skill) */
  bankSkillOf: number[];
  /** session skill position per bank skill index (−1 if not in the session) */
  sessionOf: Int32Array;
  admin: number[];
  adminSet: Set<number>;
  n: number;
  nBySkill: number[];
  effMin: number[];
  effMax: number[];
  rules: ResolvedSkillRules[];
  constraints: ResolvedConstraint[];
  counts: number[];
}

function effectiveLimits(cfg: NormalizedConfig, skills: string[]): { effMin: number[]; effMax: number[] } {
  const effMin: number[] = [];
  const effMax: number[] = [];
  for (const s of skills) {
    const r = cfg.rulesFor(s);
    const c = cfg.constraints.find((x) => x.kind === 'skill' && x.value === s);
    effMin.push(Math.max(r.minItems, c?.min ?? 0));
    effMax.push(Math.min(r.maxItems, c?.max ?? Number.POSITIVE_INFINITY, cfg.maxItems));
  }
  return { effMin, effMax };
}

/**
 * The session's skills in an order fixed by the config and the bank alone — `config.skills`, else the blueprint's
 * skill constraints, else bank order (the order `startSession` creates them in) — never by the key order of
 * `state.skills`: a store may hand the map back with its keys in another order (DynamoDB does). Every tie between
 * skills (content balancing, which skill finished last) follows this order.
 */
function sessionSkills(state: CatState, bank: CompiledBank, cfg: NormalizedConfig): string[] {
  const blueprint = cfg.constraints.filter((c) => c.kind === 'skill').map((c) => c.value);
  const order = cfg.skills ?? (blueprint.length > 0 ? blueprint : bank.skills);
  const rank = new Map(order.map((s, k) => [s, k]));
  const rankOf = (s: string) => rank.get(s) ?? order.length;
  return Object.keys(state.skills).sort((x, y) => rankOf(x) - rankOf(y) || (x < y ? -1 : x > y ? 1 : 0));
}

function buildCtx(state: CatState, bank: CompiledBank, cfg: NormalizedConfig): Ctx {
  const skills = sessionSkills(state, bank, cfg);
  const bankSkillOf = skills.map((s) => bank.skillIndex.get(s) ?? -1);
  const sessionOf = new Int32Array(bank.skills.length).fill(-1);
  bankSkillOf.forEach((bi, s) => {
    if (bi >= 0) sessionOf[bi] = s;
  });
  const admin: number[] = [];
  const nBySkill = skills.map(() => 0);
  for (const id of state.items) {
    const i = bank.indexOf.get(id);
    if (i === undefined) throw new CatStateError('unknown-item', `administered item '${id}' is not in the bank`);
    admin.push(i);
    const s = sessionOf[bank.skill[i] as number] as number;
    if (s >= 0) nBySkill[s] = (nBySkill[s] as number) + 1;
  }
  const constraints = resolveConstraints(bank, cfg);
  const counts = constraints.map((c) => admin.reduce((acc, i) => acc + (inGroup(bank, i, c) ? 1 : 0), 0));
  const { effMin, effMax } = effectiveLimits(cfg, skills);
  return {
    bank,
    cfg,
    state,
    skills,
    bankSkillOf,
    sessionOf,
    admin,
    adminSet: new Set(admin),
    n: admin.length,
    nBySkill,
    effMin,
    effMax,
    rules: skills.map((s) => cfg.rulesFor(s)),
    constraints,
    counts,
  };
}

const configEnemyGroups = memoPerBankAndConfig((bank, cfg): number[][] => toIndexGroups(bank, cfg.enemies));
function toIndexGroups(bank: CompiledBank, groups: string[][] | undefined): number[][] {
  if (!groups) return [];
  return groups
    .map((grp) => grp.map((id) => bank.indexOf.get(id)).filter((i): i is number => i !== undefined))
    .filter((grp) => grp.length > 1);
}

/**
 * Hard eligibility into `mask`: active, session skill (not done when `done` given), not retired/excluded/
 * administered, not an enemy of an administered item, group not at its maximum.
 */
function baseMask(ctx: Ctx, mask: Uint8Array, done: (SkillStop | undefined)[] | undefined): void {
  const { bank, cfg, state } = ctx;
  const n = bank.size;
  const skillOk = new Uint8Array(bank.skills.length);
  ctx.bankSkillOf.forEach((bi, s) => {
    if (bi >= 0 && (ctx.nBySkill[s] as number) < (ctx.effMax[s] as number) && !(done && done[s])) skillOk[bi] = 1;
  });
  for (let i = 0; i < n; i++) mask[i] = (bank.active[i] as number) & (skillOk[bank.skill[i] as number] as number);
  const off = (id: string) => {
    const i = bank.indexOf.get(id);
    if (i !== undefined) mask[i] = 0;
  };
  for (const id of cfg.retired) off(id);
  if (state.exclude) for (const id of state.exclude) off(id);
  for (const i of ctx.admin) mask[i] = 0;
  if (ctx.admin.length > 0) {
    const groups = configEnemyGroups(bank, cfg);
    const extra = state.enemies ? toIndexGroups(bank, state.enemies) : [];
    for (const grp of [groups, extra])
      for (const g of grp) if (g.some((i) => ctx.adminSet.has(i))) for (const i of g) mask[i] = 0;
  }
  ctx.constraints.forEach((c, k) => {
    if ((ctx.counts[k] as number) >= c.max) for (let i = 0; i < n; i++) if (mask[i] === 1 && inGroup(bank, i, c)) mask[i] = 0;
  });
}

function countBySkill(ctx: Ctx, mask: Uint8Array): number[] {
  const out = ctx.skills.map(() => 0);
  for (let i = 0; i < ctx.bank.size; i++) {
    if (mask[i] === 0) continue;
    const s = ctx.sessionOf[ctx.bank.skill[i] as number] as number;
    if (s >= 0) out[s] = (out[s] as number) + 1;
  }
  return out;
}

/** Restrict `mask` to items satisfying `keep` if at least one eligible item does; returns whether it applied. */
function restrictIfAny(bank: CompiledBank, mask: Uint8Array, keep: (i: number) => boolean): boolean {
  let any = false;
  for (let i = 0; i < bank.size; i++)
    if (mask[i] === 1 && keep(i)) {
      any = true;
      break;
    }
  if (!any) return false;
  for (let i = 0; i < bank.size; i++) if (mask[i] === 1 && !keep(i)) mask[i] = 0;
  return true;
}

function sprtDecided(llr: number, upper: number, lower: number): 'above' | 'below' | undefined {
  if (llr >= upper) return 'above';
  if (llr <= lower) return 'below';
  return undefined;
}

function posteriorDecided(pAbove: number, confidence: number): 'above' | 'below' | undefined {
  if (pAbove >= confidence) return 'above';
  if (1 - pAbove >= confidence) return 'below';
  return undefined;
}

/** Posterior P(θ ≥ cut) on the grid; each node's mass is spread uniformly over its cell [θ_q ± h/2]. */
function probabilityAbove(grid: PosteriorGrid, cut: number): number {
  const { nodes } = grid;
  const w = expectedPosteriorWeights(grid);
  const h = nodes.length > 1 ? (nodes[1] as number) - (nodes[0] as number) : 1;
  let p = 0;
  for (let q = 0; q < nodes.length; q++) {
    const share = ((nodes[q] as number) + h / 2 - cut) / h;
    p += (w[q] as number) * (share <= 0 ? 0 : share >= 1 ? 1 : share);
  }
  return Math.min(1, Math.max(0, p));
}

function ciDecided(theta: number, se: number, cut: number, z: number): 'above' | 'below' | undefined {
  return sideOfCut(confidenceInterval(theta, se, z), cut);
}

/** Which rule (if any) says skill s is finished. `eligible` counts its selectable items in `mask`. */
function evaluateRules(ctx: Ctx, s: number, mask: Uint8Array, eligible: number): StopReason | undefined {
  const r = ctx.rules[s] as ResolvedSkillRules;
  const nS = ctx.nBySkill[s] as number;
  const atMax = nS >= (ctx.effMax[s] as number);
  if (ctx.n >= ctx.cfg.minItems && nS >= (ctx.effMin[s] as number)) {
    // measurement rules first: a test that reaches its SE on its last allowed item stopped by the SE rule
    const sk = ctx.state.skills[ctx.skills[s] as string] as SkillState;
    if (r.seThreshold !== undefined && ruleSE(ctx, s) <= r.seThreshold) return 'se-threshold';
    const cl = r.classification;
    if (cl) {
      if (cl.method === 'sprt' || cl.method === 'glr') {
        const llr = sk.llr ?? [];
        if (cl.cuts.every((_, k) => sprtDecided(llr[k] ?? 0, cl.upper, cl.lower) !== undefined))
          return cl.method === 'sprt' ? 'classification-sprt' : 'classification-glr';
      } else if (cl.method === 'posterior') {
        const pa = sk.pAbove ?? [];
        if (cl.cuts.every((_, k) => posteriorDecided(pa[k] ?? 0.5, cl.confidence) !== undefined))
          return 'classification-posterior';
        if (cl.itemCost !== undefined && !atMax && eligible > 0 && !worthContinuing(ctx, s, mask, cl.itemCost))
          return 'classification-posterior';
      } else if (cl.cuts.every((cut) => ciDecided(sk.theta, sk.se, cut, cl.z) !== undefined)) return 'classification-ci';
    }
    if (r.minInformation !== undefined && !atMax && eligible > 0) {
      const bi = ctx.bankSkillOf[s] as number;
      if (maxInformation(ctx.bank, mask, bi, sk.theta, ctx.cfg.D) < r.minInformation) return 'min-information';
    }
  }
  if (atMax) return 'max-items';
  if (eligible === 0) return 'bank-exhausted';
  return undefined;
}

/** standard normal CDF (Abramowitz & Stegun 7.1.26 on erf; |error| < 1.5e-7) */
function normCdf(z: number): number {
  const x = abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

const LOOKAHEAD = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64];
const GRID_Z = Array.from({ length: 41 }, (_, k) => -5 + k * 0.25);
const GRID_W = (() => {
  const w = GRID_Z.map((z, k) => ((k === 0 || k === 40 ? 1 : k % 2 === 1 ? 4 : 2) * 0.25 * exp(-0.5 * z * z)) / (3 * sqrt(2 * Math.PI)));
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / sum);
})();

/**
 * Preposterior (value-of-information) check of the posterior rule with `itemCost` λ: with the posterior
 * approximated by N(θ̂, SE²) and the m best remaining items (information at the cut), the expected
 * misclassification probability after m more items is E_{μ'}[Φ(−|μ' − c|/σ_m)], μ' ~ N(θ̂, SE² − σ_m²),
 * σ_m² = 1/(1/SE² + I_m). Continuing is worth it if, for some look-ahead m, the expected reduction summed over the
 * cuts exceeds λ·m (Lewis & Sheehan 1990; Vos 1999).
 */
function worthContinuing(ctx: Ctx, s: number, mask: Uint8Array, cost: number): boolean {
  const sk = ctx.state.skills[ctx.skills[s] as string] as SkillState;
  const cl = (ctx.rules[s] as ResolvedSkillRules).classification as ResolvedClassification;
  const remaining = Math.min((ctx.effMax[s] as number) - (ctx.nBySkill[s] as number), ctx.cfg.maxItems - ctx.n);
  const M = Math.min(remaining, LOOKAHEAD[LOOKAHEAD.length - 1] as number);
  if (M <= 0) return false;
  // information at the cut closest to θ̂ (what the decision hinges on); items sorted by it once per bank snapshot
  const at = cl.cuts.reduce((best, c) => (abs(c - sk.theta) < abs(best - sk.theta) ? c : best), cl.cuts[0] as number);
  const bank = ctx.bank;
  const key = `infoAt:${at}:${ctx.cfg.D}`;
  let sorted = bank.cache.get(key) as { order: Int32Array; info: Float64Array } | undefined;
  if (!sorted) {
    const info = new Float64Array(bank.size);
    for (let i = 0; i < bank.size; i++) info[i] = infoAt(bank, i, at, ctx.cfg.D);
    const order = Int32Array.from({ length: bank.size }, (_, i) => i).sort((x, y) => (info[y] as number) - (info[x] as number) || x - y);
    sorted = { order, info };
    bank.cache.set(key, sorted);
  }
  const bi = ctx.bankSkillOf[s] as number;
  // the M largest informations at the cut among eligible items of the skill
  const top: number[] = [];
  for (let k = 0; k < bank.size && top.length < M; k++) {
    const i = sorted.order[k] as number;
    if (mask[i] === 1 && bank.skill[i] === bi) top.push(sorted.info[i] as number);
  }
  const mu = sk.theta;
  const s2 = sk.se * sk.se;
  const riskNow = cl.cuts.reduce((acc, c) => acc + normCdf(-abs(mu - c) / sk.se), 0);
  let info = 0;
  let used = 0;
  for (const m of LOOKAHEAD) {
    if (m > top.length) break;
    while (used < m) info += top[used++] as number;
    const sm2 = 1 / (1 / s2 + info);
    const tau = sqrt(Math.max(0, s2 - sm2));
    const sm = sqrt(sm2);
    let risk = 0;
    for (const c of cl.cuts)
      for (let k = 0; k < GRID_Z.length; k++) risk += (GRID_W[k] as number) * normCdf(-abs(mu + tau * (GRID_Z[k] as number) - c) / sm);
    if (riskNow - risk > cost * m) return true;
  }
  return false;
}

/** θ at which skill s's items are evaluated: θ̂, or (target 'cut') the undecided cut closest to θ̂. */
function targetTheta(ctx: Ctx, s: number): number {
  const sk = ctx.state.skills[ctx.skills[s] as string] as SkillState;
  const cl = (ctx.rules[s] as ResolvedSkillRules).classification;
  if (ctx.cfg.selection.target !== 'cut' || !cl) return sk.theta;
  let best = Number.NaN;
  let bestAny = Number.NaN;
  cl.cuts.forEach((cut, k) => {
    if (Number.isNaN(bestAny) || abs(cut - sk.theta) < abs(bestAny - sk.theta)) bestAny = cut;
    const decided =
      cl.method === 'sprt' || cl.method === 'glr'
        ? sprtDecided(sk.llr?.[k] ?? 0, cl.upper, cl.lower)
        : cl.method === 'posterior'
          ? posteriorDecided(sk.pAbove?.[k] ?? 0.5, cl.confidence)
          : ciDecided(sk.theta, sk.se, cut, cl.z);
    if (decided === undefined && (Number.isNaN(best) || abs(cut - sk.theta) < abs(best - sk.theta))) best = cut;
  });
  return Number.isNaN(best) ? bestAny : best;
}

/** expected number of items of skill s (for a-stratified and progressive pacing) */
function expectedLength(ctx: Ctx, s: number): number {
  const em = ctx.effMax[s] as number;
  if (Number.isFinite(em) && ctx.skills.length === 1) return em;
  const c = ctx.constraints.find((x) => x.kind === 'skill' && x.value === ctx.skills[s]);
  const share = c?.target ?? 1 / ctx.skills.length;
  return Math.max(1, Math.min(em, Math.round(ctx.cfg.maxItems * share)));
}

function eligibleIgnoringStops(ctx: Ctx): Uint8Array {
  const mask = new Uint8Array(ctx.bank.size);
  baseMask(ctx, mask, undefined);
  return mask;
}

/** How many more items of tag group `c` the session can still give: its eligible items, within each skill's room. */
function tagRoom(ctx: Ctx, c: ResolvedConstraint, remaining: number, eligible: Uint8Array): number {
  const { bank } = ctx;
  const inSkill = ctx.skills.map(() => 0);
  for (let i = 0; i < bank.size; i++) {
    if (eligible[i] === 0 || !inGroup(bank, i, c)) continue;
    const s = ctx.sessionOf[bank.skill[i] as number] as number;
    if (s >= 0) inSkill[s] = (inSkill[s] as number) + 1;
  }
  const room = inSkill.reduce<number>((sum, k, s) => sum + Math.min(k, (ctx.effMax[s] as number) - (ctx.nBySkill[s] as number)), 0);
  return Math.min(room, remaining);
}

/** Kingsbury–Zara: restrict to the skill (then tag) group furthest below its target proportion. */
function applyTargets(ctx: Ctx, mask: Uint8Array): void {
  const { bank } = ctx;
  if (ctx.skills.length > 1) {
    const elig = countBySkill(ctx, mask);
    const explicit = ctx.skills.map(
      (s) => ctx.constraints.find((c) => c.kind === 'skill' && c.value === s)?.target,
    );
    const given = explicit.reduce<number>((acc, t) => acc + (t ?? 0), 0);
    const missing = explicit.filter((t) => t === undefined).length;
    const share = missing > 0 ? Math.max(0, 1 - given) / missing : 0;
    let best = -1;
    let bestGap = Number.NEGATIVE_INFINITY;
    ctx.skills.forEach((_, s) => {
      if ((elig[s] as number) === 0) return;
      const target = explicit[s] ?? share;
      const gap = target - (ctx.n === 0 ? 0 : (ctx.nBySkill[s] as number) / ctx.n);
      if (gap > bestGap) {
        bestGap = gap;
        best = s;
      }
    });
    if (best >= 0) {
      const bi = ctx.bankSkillOf[best] as number;
      restrictIfAny(bank, mask, (i) => bank.skill[i] === bi);
    }
  }
  const tagTargets = ctx.constraints.map((c, k) => ({ c, k })).filter(({ c }) => c.kind === 'tag' && c.target !== undefined);
  if (tagTargets.length > 0) {
    let best: ResolvedConstraint | undefined;
    let bestGap = Number.NEGATIVE_INFINITY;
    for (const { c, k } of tagTargets) {
      let any = false;
      for (let i = 0; i < bank.size && !any; i++) if (mask[i] === 1 && inGroup(bank, i, c)) any = true;
      if (!any) continue;
      const gap = (c.target as number) - (ctx.n === 0 ? 0 : (ctx.counts[k] as number) / ctx.n);
      if (gap > bestGap) {
        bestGap = gap;
        best = c;
      }
    }
    if (best) {
      const c = best;
      restrictIfAny(bank, mask, (i) => inGroup(bank, i, c));
    }
  }
}

/** Checks on the session's open content minimums (see minimums.ts); undefined when every minimum is met. */
interface MinimumGuard {
  /** why serving item i would make a minimum unreachable, or undefined when it would not */
  breaks(i: number): InfeasibleBlueprintError | undefined;
  /** the error when no item is left that keeps every minimum reachable */
  exhausted(): InfeasibleBlueprintError;
}

/** Throws InfeasibleBlueprintError when an open minimum is already unreachable; else guards the next pick. */
function guardMinimums(ctx: Ctx): MinimumGuard | undefined {
  const { bank, cfg } = ctx;
  const groups = minimumGroups(bank, cfg, ctx.skills, ctx.effMin, (k) => ctx.counts[k] as number, (s) => ctx.nBySkill[s] as number);
  const open = groups.find((g) => g.count < g.min);
  if (!open) return undefined;
  const pool = eligibleIgnoringStops(ctx);
  const enemyGroups = [...configEnemyGroups(bank, cfg), ...toIndexGroups(bank, ctx.state.enemies)];
  const roomOf = (si: number): number => {
    const s = ctx.sessionOf[si] as number;
    return s < 0 ? 0 : (ctx.effMax[s] as number) - (ctx.nBySkill[s] as number);
  };
  const remaining = cfg.maxItems - ctx.n;
  const input = { bank, groups, pool, remaining, skillRoom: roomOf, enemyGroups };
  const summary = summarizePool(input) as PoolSummary; // defined: a minimum is open
  const now = unreachableIn(summary, remaining, roomOf);
  if (now) throw now;
  // Serving i fills a group's maximum: its other items leave the pool.
  const fillsMaximum = (i: number): boolean =>
    ctx.constraints.some((c, k) => Number.isFinite(c.max) && (ctx.counts[k] as number) + 1 >= c.max && inGroup(bank, i, c));
  return {
    breaks(i) {
      const si = bank.skill[i] as number;
      if (!summary.groupsOf.has(i) && roomOf(si) > 1 && !fillsMaximum(i))
        return unreachableAfterPlainPick(summary, i, remaining, roomOf);
      // Otherwise rebuild the pool after serving i: i itself, its enemies, a skill or a group it fills leave.
      const next = pool.slice();
      next[i] = 0;
      for (const g of enemyGroups) if (g.includes(i)) for (const j of g) next[j] = 0;
      const room = (x: number): number => roomOf(x) - (x === si ? 1 : 0);
      if (room(si) <= 0) for (let j = 0; j < bank.size; j++) if (bank.skill[j] === si) next[j] = 0;
      ctx.constraints.forEach((c, k) => {
        if (!inGroup(bank, i, c) || (ctx.counts[k] as number) + 1 < c.max) return;
        for (let j = 0; j < bank.size; j++) if (next[j] === 1 && inGroup(bank, j, c)) next[j] = 0;
      });
      const after = groups.map((g) => (g.member(i) ? { ...g, count: g.count + 1 } : g));
      return unreachableMinimum({ bank, groups: after, pool: next, remaining: remaining - 1, skillRoom: room, enemyGroups });
    },
    exhausted() {
      return new InfeasibleBlueprintError(`${open.label} min ${open.min}`, open.min, open.count, 'no item left keeps it reachable');
    },
  };
}

const GUARDED_ATTEMPTS = 16;

/**
 * `choose()` until it returns an item after which every minimum stays reachable; items that would break one are
 * set aside in `mask`. After a few refusals, filters the whole pool at once. Throws when nothing is left.
 */
function chooseKeepingMinimums(choose: () => number, mask: Uint8Array, guard: MinimumGuard): number {
  let last: InfeasibleBlueprintError | undefined;
  for (let attempt = 0; attempt < GUARDED_ATTEMPTS; attempt++) {
    const i = choose();
    if (i < 0) throw last ?? guard.exhausted();
    const broken = guard.breaks(i);
    if (!broken) return i;
    last = broken;
    mask[i] = 0;
  }
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] === 0) continue;
    const broken = guard.breaks(i);
    if (broken) {
      last = broken;
      mask[i] = 0;
    }
  }
  const i = choose();
  if (i < 0) throw last ?? guard.exhausted();
  return i;
}

const shParameters = memoPerBankAndConfig((bank, cfg): Float64Array => {
  const ex = cfg.exposure;
  const k = new Float64Array(bank.size).fill(1);
  if (ex.method === 'sympson-hetter') {
    k.fill(ex.defaultK ?? 1);
    for (const [id, v] of Object.entries(ex.k)) {
      const i = bank.indexOf.get(id);
      if (i !== undefined) k[i] = v;
    }
  }
  return k;
});

function finishState(state: CatState, stops: (SkillStop | undefined)[], skills: string[], reason: StopReason): CatState {
  const next: Record<string, SkillState> = {};
  skills.forEach((s, k) => {
    const sk = state.skills[s] as SkillState;
    const st = stops[k];
    next[s] = st ? { ...sk, stop: st } : sk;
  });
  const out: CatState = { ...state, skills: next, stop: reason };
  delete out.pending;
  return out;
}

function withSkillStops(state: CatState, stops: (SkillStop | undefined)[], skills: string[]): Record<string, SkillState> {
  let changed = false;
  const next: Record<string, SkillState> = {};
  skills.forEach((s, k) => {
    const sk = state.skills[s] as SkillState;
    const st = stops[k];
    if (st && !sk.stop) {
      changed = true;
      next[s] = { ...sk, stop: st };
    } else next[s] = sk;
  });
  return changed ? next : state.skills;
}

/** @internal nextItem with simulation hooks */
export function nextItemWithHooks(
  state: CatState,
  bank: CompiledBank,
  config: CatConfig,
  rng: Rng,
  hooks?: SelectionHooks,
): NextItemResult {
  const cfg = normalizeConfig(config);
  checkVersion(state, cfg);
  if (state.stop) return { stop: state.stop, state };
  if (state.pending !== undefined) return { itemId: state.pending, state };
  const ctx = buildCtx(state, bank, cfg);
  const { skills } = ctx;
  const mask = bank.scratch.mask;

  // 1. hard eligibility, skills already finished excluded (perSkill)
  const stops: (SkillStop | undefined)[] = skills.map((s) => (cfg.perSkill ? state.skills[s]?.stop : undefined));
  baseMask(ctx, mask, stops);
  const eligBySkill = countBySkill(ctx, mask);

  // 2. per-skill stopping rules
  skills.forEach((_, s) => {
    if (stops[s]) return;
    const reason = evaluateRules(ctx, s, mask, eligBySkill[s] as number);
    if (reason) stops[s] = { reason, at: ctx.n };
  });
  const allDone = stops.every((x) => x !== undefined);

  // Content minimums are hard: once one can no longer be met the session fails loudly, never drops it.
  const minimumGuard = guardMinimums(ctx);

  // 3. session length cap
  if (ctx.n >= cfg.maxItems) {
    const final = stops.map((x) => x ?? { reason: 'max-items' as StopReason, at: ctx.n });
    return { stop: 'max-items', state: finishState(state, final, skills, 'max-items') };
  }

  // 4. unmet minimums (content groups and per-skill minimums) force the test on while they can be met
  let forced = false;
  const remaining = cfg.maxItems - ctx.n;
  const deficitGroups: ResolvedConstraint[] = [];
  const urgentTags: ResolvedConstraint[] = [];
  let eligible: Uint8Array | undefined;
  let totalDeficit = 0;
  ctx.constraints.forEach((c, k) => {
    const def = c.min - (ctx.counts[k] as number);
    if (def > 0 && c.idx >= 0) {
      deficitGroups.push(c);
      totalDeficit += def;
      // the skills carrying a tag can fill up with other items long before the test's length runs out
      if (c.kind === 'tag' && def >= tagRoom(ctx, c, remaining, (eligible ??= eligibleIgnoringStops(ctx)))) urgentTags.push(c);
    }
  });
  skills.forEach((name, s) => {
    const def = (ctx.effMin[s] as number) - (ctx.nBySkill[s] as number);
    const bi = ctx.bankSkillOf[s] as number;
    if (def > 0 && bi >= 0 && !deficitGroups.some((c) => c.kind === 'skill' && c.value === name)) {
      deficitGroups.push({ kind: 'skill', value: name, min: ctx.effMin[s] as number, max: Infinity, target: undefined, label: `skill:${name}`, index: -1, idx: bi });
      totalDeficit += def;
    }
  });
  if (urgentTags.length > 0 || (deficitGroups.length > 0 && (allDone || totalDeficit >= remaining))) {
    const forcedMask = new Uint8Array(bank.size);
    baseMask(ctx, forcedMask, undefined);
    const groups = urgentTags.length > 0 ? urgentTags : deficitGroups;
    if (restrictIfAny(bank, forcedMask, (i) => groups.some((c) => inGroup(bank, i, c)))) {
      mask.set(forcedMask);
      forced = true;
    }
  }

  if (!forced) {
    if (allDone) {
      let last = 0;
      stops.forEach((x, s) => {
        if ((x as SkillStop).at > (stops[last] as SkillStop).at) last = s;
      });
      const reason = (stops[last] as SkillStop).reason;
      return { stop: reason, state: finishState(state, stops, skills, reason) };
    }
    if (cfg.perSkill)
      skills.forEach((_, s) => {
        if (!stops[s]) return;
        const bi = ctx.bankSkillOf[s] as number;
        for (let i = 0; i < bank.size; i++) if (bank.skill[i] === bi) mask[i] = 0;
      });
    // 5. content balancing by targets (Kingsbury–Zara)
    applyTargets(ctx, mask);
  }

  // 6. exposure control filters (soft: never leave the pool empty; content constraints win)
  if (state.blocked && state.blocked.length > 0) {
    const blocked = new Set<number>();
    for (const id of state.blocked) {
      const i = bank.indexOf.get(id);
      if (i !== undefined) blocked.add(i);
    }
    restrictIfAny(bank, mask, (i) => !blocked.has(i));
  }
  if (state.rejected && state.rejected.length > 0) {
    const rej = new Set<number>();
    for (const id of state.rejected) {
      const i = bank.indexOf.get(id);
      if (i !== undefined) rej.add(i);
    }
    restrictIfAny(bank, mask, (i) => !rej.has(i));
  }

  // 7. criterion
  const sel = cfg.selection;
  const nb = bank.skills.length;
  const target = new Float64Array(nb);
  skills.forEach((_, s) => {
    const bi = ctx.bankSkillOf[s] as number;
    if (bi >= 0) target[bi] = targetTheta(ctx, s);
  });
  const k = ctx.n < sel.start.items ? Math.max(sel.start.randomesque, sel.randomesque) : sel.randomesque;
  let pruned = false;
  const newlyRejected: string[] = [];
  const choose = (): number => {
    let chosen = -1;
    pruned = false;
    if (sel.method === 'random') {
      chosen = pickUniform(bank, mask, rng);
    } else {
      let best = 0;
      if (sel.method === 'a-stratified') {
        const strata = strataOf(bank, sel.strata, sel.bBlocking);
        const crit = bank.scratch.crit;
        // stratum for each session skill from its progress; fall back upward, then downward, when empty
        const chosenStratum = new Int32Array(nb).fill(-1);
        skills.forEach((_, s) => {
          const bi = ctx.bankSkillOf[s] as number;
          if (bi < 0) return;
          const K = sel.strata;
          const counts = new Int32Array(K);
          for (let i = 0; i < bank.size; i++) if (mask[i] === 1 && bank.skill[i] === bi) counts[strata[i] as number] = (counts[strata[i] as number] as number) + 1;
          const nS = ctx.nBySkill[s] as number;
          let st: number;
          if (sel.itemsPerStratum) {
            st = K - 1;
            let acc = 0;
            for (let m = 0; m < K; m++) {
              acc += sel.itemsPerStratum[m] as number;
              if (nS < acc) {
                st = m;
                break;
              }
            }
          } else st = Math.min(K - 1, Math.floor((nS * K) / expectedLength(ctx, s)));
          let pick = -1;
          for (let m = st; m < K && pick < 0; m++) if ((counts[m] as number) > 0) pick = m;
          for (let m = st - 1; m >= 0 && pick < 0; m--) if ((counts[m] as number) > 0) pick = m;
          chosenStratum[bi] = pick;
        });
        for (let i = 0; i < bank.size; i++) {
          if (mask[i] === 0) continue;
          if (strata[i] !== chosenStratum[bank.skill[i] as number]) {
            mask[i] = 0;
            continue;
          }
          const v = -abs((bank.b[i] as number) - (target[bank.skill[i] as number] as number));
          crit[i] = v;
        }
      } else if (sel.method === 'MFI' && k <= 1 && cfg.exposure.method !== 'progressive' && cfg.exposure.method !== 'sympson-hetter') {
        chosen = bestInformation(bank, mask, target, cfg.D);
        pruned = true;
      } else if (sel.method === 'MFI') {
        best = fillInformation(bank, mask, target, cfg.D);
      } else if (sel.method === 'KL') {
        const hw = new Float64Array(nb);
        skills.forEach((_, s) => {
          const bi = ctx.bankSkillOf[s] as number;
          if (bi >= 0) hw[bi] = sel.klZ / sqrt(Math.max(1, ctx.nBySkill[s] as number));
        });
        best = fillKlInterval(bank, mask, target, hw, cfg.D);
      } else if (sel.method === 'CMI') {
        const nodes = nodesFor(cfg);
        const weights: (Float64Array | undefined)[] = new Array<Float64Array | undefined>(nb).fill(undefined);
        const classes: (Int32Array | undefined)[] = new Array<Int32Array | undefined>(nb).fill(undefined);
        let nClasses = 1;
        skills.forEach((name, s) => {
          const bi = ctx.bankSkillOf[s] as number;
          const cl = (ctx.rules[s] as ResolvedSkillRules).classification;
          if (bi < 0) return;
          weights[bi] = expectedPosteriorWeights(skillGrid(state, bank, cfg, name));
          const cuts = cl?.cuts ?? [];
          nClasses = Math.max(nClasses, cuts.length + 1);
          classes[bi] = Int32Array.from(nodes, (t) => cuts.filter((c) => t >= c).length);
        });
        best = fillClassificationInformation(bank, mask, weights, classes, nClasses, nodes, cfg.D);
      } else {
        const nodes = nodesFor(cfg);
        const weights: (Float64Array | undefined)[] = new Array<Float64Array | undefined>(nb).fill(undefined);
        skills.forEach((name, s) => {
          const bi = ctx.bankSkillOf[s] as number;
          if (bi >= 0) weights[bi] = expectedPosteriorWeights(skillGrid(state, bank, cfg, name));
        });
        best = fillKlPosterior(bank, mask, target, weights, nodes, cfg.D);
      }

      // progressive method (Revuelta & Ponsoda 1998): random component fading as the test proceeds
      const ex = cfg.exposure;
      if (ex.method === 'progressive') {
        const crit = bank.scratch.crit;
        let progress = 0;
        skills.forEach((name, s) => {
          let p = (ctx.nBySkill[s] as number) / expectedLength(ctx, s);
          const thr = (ctx.rules[s] as ResolvedSkillRules).seThreshold;
          if (thr !== undefined) {
            const prior = priorFor(cfg, name).sd;
            const se = ruleSE(ctx, s);
            const gained = 1 / (se * se) - 1 / (prior * prior);
            const needed = 1 / (thr * thr) - 1 / (prior * prior);
            if (needed > 0) p = Math.max(p, gained / needed);
          }
          progress = Math.max(progress, p);
        });
        const w = Math.min(1, progress) ** (ex.beta ?? 1);
        for (let i = 0; i < bank.size; i++) if (mask[i] === 1) crit[i] = (1 - w) * rng() * best + w * (crit[i] as number);
      }

      if (ex.method === 'sympson-hetter') {
        const kPar = shParameters(bank, cfg);
        let first = -1;
        for (;;) {
          const i = pickRandomesque(bank, mask, k, rng);
          if (i < 0) {
            chosen = first;
            break;
          }
          if (first < 0) first = i;
          hooks?.onConsidered?.(i);
          const ki = kPar[i] as number;
          if (ki >= 1 || rng() < ki) {
            chosen = i;
            break;
          }
          mask[i] = 0;
          newlyRejected.push(bank.ids[i] as string);
        }
      } else if (!pruned) {
        const fast = sel.method === 'MFI' && ex.method !== 'progressive' && k <= 1;
        chosen = fast ? lastBest : k > 1 ? pickRandomesque(bank, mask, k, rng) : argmax(bank, mask);
        if (chosen >= 0) hooks?.onConsidered?.(chosen);
      }
    }
    return chosen;
  };
  // Never serve an item after which a content minimum could no longer be met (an enemy of the group's last items,
  // a slot the minimums need): set it aside and choose again; if nothing is left, the minimum is unreachable.
  const chosen = minimumGuard ? chooseKeepingMinimums(choose, mask, minimumGuard) : choose();
  if (chosen < 0) {
    const final = stops.map((x) => x ?? { reason: 'bank-exhausted' as StopReason, at: ctx.n });
    return { stop: 'bank-exhausted', state: finishState(state, final, skills, 'bank-exhausted') };
  }
  const itemId = bank.ids[chosen] as string;
  const next: CatState = { ...state, pending: itemId };
  const cached = postCache.get(state);
  if (cached) postCache.set(next, cached);
  if (cfg.perSkill) next.skills = withSkillStops(state, stops, skills);
  const ex = cfg.exposure;
  if (newlyRejected.length > 0 && ex.method === 'sympson-hetter' && (ex.excludeRejected ?? true)) {
    const rej = newlyRejected.filter((id) => id !== itemId);
    if (rej.length > 0) next.rejected = [...(state.rejected ?? []), ...rej];
  }
  return { itemId, state: next };
}

/**
 * GLR statistics per cut: log max_{θ ≥ cut+δ} L(θ) − log max_{θ ≤ cut−δ} L(θ), maximising over the quadrature
 * nodes of each region and the region's boundary point (the log-likelihood is the log-posterior minus the
 * log-prior on the nodes; the boundary values are computed exactly).
 */
function glrStatistics(
  bank: CompiledBank,
  cfg: NormalizedConfig,
  skill: string,
  responses: { items: number[]; scores: number[] },
  grid: PosteriorGrid,
  cuts: number[],
  delta: number,
): number[] {
  const { nodes, logDensity } = grid;
  const lprior = priorGrid(cfg, skill).logDensity;
  const { items, scores } = responses;
  const ll = (theta: number) => items.reduce((acc, j, k) => acc + logProbAt(bank, j, theta, scores[k] as number, cfg.D), 0);
  return cuts.map((cut) => {
    const hi = cut + delta;
    const lo = cut - delta;
    let maxHi = ll(hi);
    let maxLo = ll(lo);
    for (let q = 0; q < nodes.length; q++) {
      const t = nodes[q] as number;
      const v = (logDensity[q] as number) - (lprior[q] as number);
      if (t >= hi && v > maxHi) maxHi = v;
      if (t <= lo && v > maxLo) maxLo = v;
    }
    return maxHi - maxLo;
  });
}

/** @internal One skill as expected-remaining.ts sees it: estimate, rules, counts, what its remaining items offer. */
export interface SkillOutlook {
  skill: string;
  theta: number;
  /** the estimator's SE (EAP: posterior SD): what the classification rules use */
  se: number;
  /** the SE the `seThreshold` rule compares (`seMethod`) */
  ruleSE: number;
  priorSd: number;
  rules: ResolvedSkillRules;
  llr: number[] | undefined;
  answered: number;
  /** the skill's effective minimum and maximum (its rules, its blueprint constraint, the test's maxItems) */
  minItems: number;
  maxItems: number;
  /** a rule already finished it (perSkill) */
  stopped: boolean;
  /** Fisher information at θ̂ of its eligible items, largest first, as many as it may still receive */
  information: number[];
}

/** @internal Everything expected-remaining.ts needs, read from the state without choosing an item. */
export interface SessionOutlook {
  answered: number;
  minItems: number;
  maxItems: number;
  stopped: boolean;
  pending: boolean;
  skills: SkillOutlook[];
}

/** The k largest informations at θ among the eligible items of bank skill bi, largest first (k is a test length: small). */
function topInformation(bank: CompiledBank, mask: Uint8Array, bi: number, theta: number, D: number, k: number): number[] {
  const top: number[] = [];
  if (k === 0) return top;
  for (let i = 0; i < bank.size; i++) {
    if (mask[i] !== 1 || bank.skill[i] !== bi) continue;
    const v = infoAt(bank, i, theta, D);
    if (top.length === k && v <= (top[k - 1] as number)) continue;
    let j = top.length < k ? top.length : k - 1;
    while (j > 0 && (top[j - 1] as number) < v) {
      top[j] = top[j - 1] as number;
      j--;
    }
    top[j] = v;
  }
  return top;
}

/** @internal the session's per-skill outlook (eligibility as nextItem sees it, before exposure filters) */
export function sessionOutlook(state: CatState, bank: CompiledBank, config: CatConfig): SessionOutlook {
  const cfg = normalizeConfig(config);
  checkVersion(state, cfg);
  const ctx = buildCtx(state, bank, cfg);
  const mask = new Uint8Array(bank.size); // not bank.scratch: a caller may hold that between steps
  baseMask(ctx, mask, undefined);
  const skills = ctx.skills.map((name, s): SkillOutlook => {
    const sk = state.skills[name] as SkillState;
    const bi = ctx.bankSkillOf[s] as number;
    const answered = ctx.nBySkill[s] as number;
    const room = Math.min((ctx.effMax[s] as number) - answered, cfg.maxItems - ctx.n);
    const information = bi >= 0 ? topInformation(bank, mask, bi, sk.theta, cfg.D, Math.max(0, room)) : [];
    return {
      skill: name,
      theta: sk.theta,
      se: sk.se,
      ruleSE: ruleSE(ctx, s),
      priorSd: priorFor(cfg, name).sd,
      rules: ctx.rules[s] as ResolvedSkillRules,
      llr: sk.llr,
      answered,
      minItems: ctx.effMin[s] as number,
      maxItems: ctx.effMax[s] as number,
      stopped: cfg.perSkill && sk.stop !== undefined,
      information,
    };
  });
  return { answered: ctx.n, minItems: cfg.minItems, maxItems: cfg.maxItems, stopped: state.stop !== undefined, pending: state.pending !== undefined, skills };
}

// ---------------------------------------------------------------------------------------------------------
// Public API

/**
 * Start a CAT session. Validates the config (ConfigError) and checks that the blueprint can be met with the items
 * available to this tasker (InfeasibleBlueprintError naming the constraint).
 *
 * @param config  the CatConfig (validated; its version is recorded in the state)
 * @param bank    the compiled bank snapshot
 * @param opts    `exclude`: ids seen before; `enemies`: session enemy groups; `exposure`: running counts for the
 *                live maximum-exposure rule (items at their cap are recorded in `state.blocked`)
 */
export function startSession(config: CatConfig, bank: CompiledBank, opts: SessionOptions = {}): CatState {
  const cfg = normalizeConfig(config);
  if (opts.exclude !== undefined && (!Array.isArray(opts.exclude) || !opts.exclude.every((x) => typeof x === 'string')))
    throw new ConfigError('opts.exclude', 'must be an array of item ids');
  if (
    opts.enemies !== undefined &&
    (!Array.isArray(opts.enemies) || !opts.enemies.every((g) => Array.isArray(g) && g.every((x) => typeof x === 'string')))
  )
    throw new ConfigError('opts.enemies', 'must be an array of arrays of item ids');
  if (opts.exposure !== undefined) {
    const e = opts.exposure;
    if (!e || typeof e !== 'object' || !Number.isInteger(e.tests) || e.tests < 0 || typeof e.items !== 'object')
      throw new ConfigError('opts.exposure', 'must be {tests: integer ≥ 0, items: {id: count}}');
  }

  let skills = cfg.skills;
  if (!skills) {
    const bp = cfg.constraints.filter((c) => c.kind === 'skill').map((c) => c.value);
    if (bp.length > 0) skills = bp;
    else {
      const seen = new Set<number>();
      for (let i = 0; i < bank.size; i++) if (bank.active[i] === 1) seen.add(bank.skill[i] as number);
      skills = bank.skills.filter((_, si) => seen.has(si));
    }
  }
  if (skills.length === 0) throw new ConfigError('skills', 'the bank has no active item: no skill to measure');

  // items available to this session (for the feasibility check)
  const excluded = new Set<number>();
  for (const id of [...cfg.retired, ...(opts.exclude ?? [])]) {
    const i = bank.indexOf.get(id);
    if (i !== undefined) excluded.add(i);
  }
  const sessionSkills = new Set(skills.map((s) => bank.skillIndex.get(s)).filter((x): x is number => x !== undefined));
  const available: number[] = [];
  for (let i = 0; i < bank.size; i++)
    if (bank.active[i] === 1 && sessionSkills.has(bank.skill[i] as number) && !excluded.has(i)) available.push(i);
  const { effMin, effMax } = effectiveLimits(cfg, skills);
  checkFeasibility({
    bank,
    cfg,
    available,
    enemyGroups: [...configEnemyGroups(bank, cfg), ...toIndexGroups(bank, opts.enemies)],
    sessionSkills: skills,
    effMin,
    effMax,
  });

  const skillStates: Record<string, SkillState> = {};
  for (const s of skills) {
    const p = priorFor(cfg, s);
    const st: SkillState = { theta: p.mean, se: p.sd, n: 0 };
    if (cfg.rulesFor(s).seMethod === 'information') st.seInformation = p.sd;
    const cl = cfg.rulesFor(s).classification;
    if (cl && (cl.method === 'sprt' || cl.method === 'glr')) st.llr = cl.cuts.map(() => 0);
    if (cl && cl.method === 'posterior')
      st.pAbove = cl.cuts.map((cut) => probabilityAbove(priorGrid(cfg, s), cut));
    skillStates[s] = st;
  }
  const state: CatState = { v: 1, config: cfg.version, bank: bank.fingerprint, items: [], scores: [], skills: skillStates };
  if (opts.exclude && opts.exclude.length > 0) state.exclude = [...opts.exclude];
  if (opts.enemies && opts.enemies.length > 0) state.enemies = opts.enemies.map((g) => [...g]);
  const ex = cfg.exposure;
  const maxRate = ex.method === 'restricted' ? ex.maxRate : ex.method === 'progressive' ? ex.maxRate : undefined;
  if (maxRate !== undefined && opts.exposure) {
    const cap = Math.max(1, Math.floor(maxRate * (opts.exposure.tests + 1)));
    const blocked: string[] = [];
    for (const [id, count] of Object.entries(opts.exposure.items))
      if (count >= cap && bank.indexOf.has(id)) blocked.push(id);
    if (blocked.length > 0) state.blocked = blocked.sort();
  }
  return state;
}

/**
 * Choose the next item, or stop. Pure: returns a new state (with `pending` set to the item served, skill stop
 * flags, Sympson–Hetter rejections); the input state is not modified. Calling it again before the response is
 * recorded returns the same pending item. Randomness (randomesque, exposure lotteries) comes only from `rng`.
 */
export function nextItem(state: CatState, bank: CompiledBank, config: CatConfig, rng: Rng): NextItemResult {
  return nextItemWithHooks(state, bank, config, rng);
}

/**
 * Record the score of an administered item and update the skill's estimate (EAP on the quadrature grid; MAP/
 * MLE/WLE via `estimateAbility`) and, with SPRT, its log-likelihood ratios. Pure: returns a new state.
 * Throws CatStateError when the item is unknown, already answered, not the pending item, or the score invalid.
 */
export function recordResponse(
  state: CatState,
  bank: CompiledBank,
  config: CatConfig,
  itemId: string,
  score: number,
): CatState {
  const cfg = normalizeConfig(config);
  checkVersion(state, cfg);
  if (state.stop) throw new CatStateError('finished', `the session has stopped (${state.stop})`);
  const i = bank.indexOf.get(itemId);
  if (i === undefined) throw new CatStateError('unknown-item', `item '${itemId}' is not in the bank`);
  if (state.pending !== undefined && state.pending !== itemId)
    throw new CatStateError('not-pending', `item '${itemId}' is not the pending item '${state.pending}'`);
  if (state.items.includes(itemId)) throw new CatStateError('already-administered', `item '${itemId}' was already answered`);
  const skill = bank.skills[bank.skill[i] as number] as string;
  const prev = state.skills[skill];
  if (!prev) throw new CatStateError('unknown-item', `item '${itemId}' measures '${skill}', not a skill of this session`);
  if (!Number.isInteger(score) || score < 0 || score > (bank.maxScore[i] as number))
    throw new CatStateError('invalid-score', `score ${score} for item '${itemId}' must be an integer in [0, ${bank.maxScore[i]}]`);

  const items = [...state.items, itemId];
  const scores = [...state.scores, score];
  // posterior (kept for EAP and KLP), updated from the previous state's cached grid when available
  const grid = withResponse(skillGrid(state, bank, cfg, skill), bank, i, score);
  const own = skillResponses(state, bank, skill); // this skill's responses, then the new one
  own.items.push(i);
  own.scores.push(score);

  let theta: number;
  let se: number;
  if (cfg.estimator.method === 'EAP') {
    ({ theta, se } = posteriorSummary(grid));
  } else {
    const its = own.items.map((j) => bank.items[j] as Item);
    const est = estimateAbility(its, own.scores, { ...cfg.estimator, prior: priorFor(cfg, skill) });
    theta = est.theta;
    se = est.se;
  }
  const st: SkillState = { ...prev, theta, se, n: prev.n + 1 };
  const rules = cfg.rulesFor(skill);
  if (rules.seMethod === 'information') st.seInformation = informationSE(bank, cfg, skill, own.items, theta);
  const cl = rules.classification;
  if (cl && cl.method === 'sprt') {
    st.llr = cl.cuts.map((cut, k) => {
      const before = prev.llr?.[k] ?? 0;
      return before + logProbAt(bank, i, cut + cl.delta, score, cfg.D) - logProbAt(bank, i, cut - cl.delta, score, cfg.D);
    });
  } else if (cl && cl.method === 'glr') {
    st.llr = glrStatistics(bank, cfg, skill, own, grid, cl.cuts, cl.delta);
  } else if (cl && cl.method === 'posterior') {
    st.pAbove = cl.cuts.map((cut) => probabilityAbove(grid, cut));
  }
  const next: CatState = { ...state, items, scores, skills: { ...state.skills, [skill]: st } };
  delete next.pending;
  const old = postCache.get(state);
  const grids = new Map<string, PosteriorGrid>();
  if (old && old.bank === bank && old.cfg === cfg) for (const [s, g] of old.grids) if (s !== skill) grids.set(s, g);
  grids.set(skill, grid);
  postCache.set(next, { bank, cfg, grids });
  return next;
}

/**
 * Per-skill results: estimate, SE, 95% interval, and a decision per cut score (SPRT decision or CI rule when
 * it decided, else the side of θ̂).
 */
export function summarize(state: CatState, config?: CatConfig): SessionSummary {
  const cfg = config ? normalizeConfig(config) : undefined;
  const skills: Record<string, SkillSummary> = {};
  for (const [name, sk] of Object.entries(state.skills)) {
    const classification: CutClassification[] = [];
    const cl = cfg?.rulesFor(name).classification;
    if (cl) {
      cl.cuts.forEach((cut, k) => {
        if (cl.method === 'posterior') {
          const pa = sk.pAbove?.[k] ?? 0.5;
          const d = posteriorDecided(pa, cl.confidence);
          classification.push({ cut, decision: d ?? (pa >= 0.5 ? 'above' : 'below'), by: d ? 'posterior' : 'estimate', pAbove: pa });
        } else if (cl.method === 'sprt' || cl.method === 'glr') {
          const llr = sk.llr?.[k] ?? 0;
          const d = sprtDecided(llr, cl.upper, cl.lower);
          classification.push({ cut, decision: d ?? (sk.theta >= cut ? 'above' : 'below'), by: d ? cl.method : 'estimate', llr });
        } else {
          const d = ciDecided(sk.theta, sk.se, cut, cl.z);
          classification.push({ cut, decision: d ?? (sk.theta >= cut ? 'above' : 'below'), by: d ? 'ci' : 'estimate' });
        }
      });
    }
    const out: SkillSummary = {
      theta: sk.theta,
      se: sk.se,
      n: sk.n,
      ci95: confidenceInterval(sk.theta, sk.se, Z_95),
      classification,
    };
    if (sk.seInformation !== undefined) out.seInformation = sk.seInformation;
    if (sk.stop) out.stop = sk.stop.reason;
    skills[name] = out;
  }
  const res: SessionSummary = { items: state.items.length, skills };
  if (state.stop) res.stop = state.stop;
  return res;
}

/** The skill's posterior on the quadrature nodes (normalised weights), rebuilt from the state. */
export function skillPosterior(
  state: CatState,
  bank: CompiledBank,
  config: CatConfig,
  skill: string,
): { nodes: number[]; weights: number[] } {
  const cfg = normalizeConfig(config);
  const grid = skillGrid(state, bank, cfg, skill);
  return { nodes: Array.from(grid.nodes), weights: Array.from(expectedPosteriorWeights(grid)) };
}
