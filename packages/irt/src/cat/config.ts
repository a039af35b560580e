// CatConfig validation and normalisation. Validation is loud: a ConfigError naming the field.
// Normalised configs are cached per config object (WeakMap), so a CAT step does not re-validate.

import type { EstimatorConfig, NormalPrior } from '../types';
import { fingerprintOf } from './compiled';
import { ConfigError } from './errors';
import { Z_95 } from './interval';
import type {
  CatConfig,
  ClassificationConfig,
  ExposureConfig,
  SelectionConfig,
  SeMethod,
  SkillStoppingRules,
} from './types';

export interface NormalizedConstraint {
  kind: 'skill' | 'tag';
  value: string;
  min: number;
  max: number;
  target: number | undefined;
  /** e.g. `skill:math` */
  label: string;
  /** index in config.blueprint.constraints */
  index: number;
}

export interface ResolvedClassification {
  cuts: number[];
  method: 'sprt' | 'glr' | 'ci' | 'posterior';
  delta: number;
  /** SPRT log bounds: stop "above" when llr ≥ upper, "below" when llr ≤ lower */
  upper: number;
  lower: number;
  z: number;
  confidence: number;
  itemCost: number | undefined;
}

export interface ResolvedSkillRules {
  minItems: number;
  maxItems: number;
  seThreshold: number | undefined;
  seMethod: SeMethod;
  minInformation: number | undefined;
  classification: ResolvedClassification | undefined;
}

export interface NormalizedConfig {
  version: string;
  D: number;
  estimator: EstimatorConfig & { prior: NormalPrior; quadrature: { points: number; min: number; max: number } };
  priors: Record<string, NormalPrior>;
  skills: string[] | undefined;
  selection: Required<Omit<SelectionConfig, 'itemsPerStratum' | 'start'>> & {
    itemsPerStratum: number[] | undefined;
    start: { items: number; randomesque: number };
  };
  exposure: ExposureConfig;
  constraints: NormalizedConstraint[];
  enemies: string[][];
  retired: string[];
  maxItems: number;
  minItems: number;
  perSkill: boolean;
  rulesFor(skill: string): ResolvedSkillRules;
  source: CatConfig;
}

const cache = new WeakMap<CatConfig, NormalizedConfig>();

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
function num(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}
function int(x: unknown): x is number {
  return num(x) && Number.isInteger(x);
}

/** Deterministic JSON (sorted keys) used for the config fingerprint. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (isObj(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function checkPrior(p: unknown, field: string): NormalPrior {
  if (!isObj(p)) throw new ConfigError(field, 'must be an object {mean, sd}');
  if (!num(p.mean)) throw new ConfigError(`${field}.mean`, 'must be a finite number');
  if (!num(p.sd) || p.sd <= 0) throw new ConfigError(`${field}.sd`, 'must be a finite number > 0');
  return { mean: p.mean, sd: p.sd };
}

function checkClassification(c: unknown, field: string): void {
  if (!isObj(c)) throw new ConfigError(field, 'must be an object');
  if (c.method !== 'sprt' && c.method !== 'glr' && c.method !== 'ci' && c.method !== 'posterior')
    throw new ConfigError(`${field}.method`, "must be 'sprt', 'glr', 'ci' or 'posterior'");
  if (c.confidence !== undefined && (!num(c.confidence) || c.confidence <= 0.5 || c.confidence >= 1))
    throw new ConfigError(`${field}.confidence`, 'must be in (0.5, 1)');
  if (c.itemCost !== undefined && (!num(c.itemCost) || c.itemCost <= 0 || c.itemCost >= 1))
    throw new ConfigError(`${field}.itemCost`, 'must be in (0, 1)');
  if (c.itemCost !== undefined && c.method !== 'posterior')
    throw new ConfigError(`${field}.itemCost`, "only applies to method 'posterior'");
  const checkCuts = (cuts: unknown, f: string) => {
    if (!Array.isArray(cuts) || cuts.length === 0) throw new ConfigError(f, 'must be a non-empty array of numbers');
    cuts.forEach((v, k) => {
      if (!num(v)) throw new ConfigError(`${f}[${k}]`, 'must be a finite number');
      if (k > 0 && v <= (cuts[k - 1] as number)) throw new ConfigError(`${f}[${k}]`, 'cuts must be strictly increasing');
    });
  };
  if (Array.isArray(c.cuts)) checkCuts(c.cuts, `${field}.cuts`);
  else if (isObj(c.cuts)) for (const [s, v] of Object.entries(c.cuts)) checkCuts(v, `${field}.cuts.${s}`);
  else throw new ConfigError(`${field}.cuts`, 'must be an array of numbers or a map skill → array');
  if (c.delta !== undefined && (!num(c.delta) || c.delta <= 0)) throw new ConfigError(`${field}.delta`, 'must be > 0');
  for (const k of ['alpha', 'beta'] as const)
    if (c[k] !== undefined && (!num(c[k]) || (c[k] as number) <= 0 || (c[k] as number) >= 0.5))
      throw new ConfigError(`${field}.${k}`, 'must be in (0, 0.5)');
  if (c.z !== undefined && (!num(c.z) || c.z <= 0)) throw new ConfigError(`${field}.z`, 'must be > 0');
}

function checkRules(r: unknown, field: string, allowLength: boolean): void {
  if (!isObj(r)) throw new ConfigError(field, 'must be an object');
  if (allowLength) {
    if (r.minItems !== undefined && (!int(r.minItems) || r.minItems < 0))
      throw new ConfigError(`${field}.minItems`, 'must be an integer ≥ 0');
    if (r.maxItems !== undefined && (!int(r.maxItems) || r.maxItems < 1))
      throw new ConfigError(`${field}.maxItems`, 'must be an integer ≥ 1');
    if (int(r.minItems) && int(r.maxItems) && r.minItems > r.maxItems)
      throw new ConfigError(`${field}.minItems`, 'must be ≤ maxItems');
  }
  if (r.seThreshold !== undefined && (!num(r.seThreshold) || r.seThreshold <= 0))
    throw new ConfigError(`${field}.seThreshold`, 'must be a number > 0');
  if (r.seMethod !== undefined && r.seMethod !== 'posterior' && r.seMethod !== 'information')
    throw new ConfigError(`${field}.seMethod`, "must be 'posterior' or 'information'");
  if (r.minInformation !== undefined && (!num(r.minInformation) || r.minInformation < 0))
    throw new ConfigError(`${field}.minInformation`, 'must be a number ≥ 0');
  if (r.classification !== undefined) checkClassification(r.classification, `${field}.classification`);
}

function resolveClassification(c: ClassificationConfig | undefined, skill: string): ResolvedClassification | undefined {
  if (!c) return undefined;
  const cuts = Array.isArray(c.cuts) ? c.cuts : c.cuts[skill];
  if (!cuts || cuts.length === 0) return undefined;
  const alpha = c.alpha ?? 0.05;
  const beta = c.beta ?? 0.05;
  return {
    cuts: [...cuts],
    method: c.method,
    delta: c.delta ?? 0.3,
    upper: Math.log((1 - beta) / alpha),
    lower: Math.log(beta / (1 - alpha)),
    z: c.z ?? Z_95,
    confidence: c.confidence ?? 0.95,
    itemCost: c.itemCost,
  };
}

/**
 * Validate a CatConfig and fill defaults. Throws ConfigError naming the offending field.
 * The result is cached per config object.
 */
export function normalizeConfig(config: CatConfig): NormalizedConfig {
  const hit = cache.get(config);
  if (hit) return hit;
  const cfg = config as unknown;
  if (!isObj(cfg)) throw new ConfigError('config', 'must be an object');
  if (cfg.version !== undefined && (typeof cfg.version !== 'string' || cfg.version === ''))
    throw new ConfigError('version', 'must be a non-empty string');

  // estimator
  const est = cfg.estimator ?? { method: 'EAP' };
  if (!isObj(est)) throw new ConfigError('estimator', 'must be an object');
  if (!['EAP', 'MAP', 'MLE', 'WLE'].includes(est.method as string))
    throw new ConfigError('estimator.method', "must be 'EAP', 'MAP', 'MLE' or 'WLE'");
  if (est.D !== undefined && (!num(est.D) || est.D <= 0)) throw new ConfigError('estimator.D', 'must be a number > 0');
  const prior = est.prior === undefined ? { mean: 0, sd: 1 } : checkPrior(est.prior, 'estimator.prior');
  let quadrature = { points: 61, min: -6, max: 6 };
  if (est.quadrature !== undefined) {
    const q = est.quadrature;
    if (!isObj(q)) throw new ConfigError('estimator.quadrature', 'must be an object {points, min, max}');
    if (!int(q.points) || q.points < 5 || q.points > 2001)
      throw new ConfigError('estimator.quadrature.points', 'must be an integer in [5, 2001]');
    if (!num(q.min) || !num(q.max) || q.min >= q.max)
      throw new ConfigError('estimator.quadrature', 'needs finite min < max');
    quadrature = { points: q.points, min: q.min, max: q.max };
  }
  if (est.bounds !== undefined) {
    const bnd = est.bounds;
    if (!Array.isArray(bnd) || bnd.length !== 2 || !num(bnd[0]) || !num(bnd[1]) || bnd[0] >= bnd[1])
      throw new ConfigError('estimator.bounds', 'must be [min, max] with min < max');
  }
  const estimator = { ...(est as unknown as EstimatorConfig), prior, quadrature };
  const D = (est.D as number | undefined) ?? 1;

  const priors: Record<string, NormalPrior> = {};
  if (cfg.priors !== undefined) {
    if (!isObj(cfg.priors)) throw new ConfigError('priors', 'must be a map skill → {mean, sd}');
    for (const [s, p] of Object.entries(cfg.priors)) priors[s] = checkPrior(p, `priors.${s}`);
  }

  // skills
  let skills: string[] | undefined;
  if (cfg.skills !== undefined) {
    if (!Array.isArray(cfg.skills) || cfg.skills.length === 0)
      throw new ConfigError('skills', 'must be a non-empty array of skill names');
    const seen = new Set<string>();
    cfg.skills.forEach((s, k) => {
      if (typeof s !== 'string' || s === '') throw new ConfigError(`skills[${k}]`, 'must be a non-empty string');
      if (seen.has(s)) throw new ConfigError(`skills[${k}]`, `duplicate skill '${s}'`);
      seen.add(s);
    });
    skills = [...(cfg.skills as string[])];
  }

  // stopping
  const st = cfg.stopping;
  if (!isObj(st)) throw new ConfigError('stopping', 'is required (an object with at least maxItems)');
  if (st.maxItems === undefined) throw new ConfigError('stopping.maxItems', 'is required');
  checkRules(st, 'stopping', true);
  if (st.perSkill !== undefined && typeof st.perSkill !== 'boolean')
    throw new ConfigError('stopping.perSkill', 'must be a boolean');
  const skillRules: Record<string, SkillStoppingRules> = {};
  if (st.skills !== undefined) {
    if (!isObj(st.skills)) throw new ConfigError('stopping.skills', 'must be a map skill → rules');
    for (const [s, r] of Object.entries(st.skills)) {
      checkRules(r, `stopping.skills.${s}`, true);
      skillRules[s] = r as SkillStoppingRules;
    }
  }
  const maxItems = st.maxItems as number;
  const minItems = (st.minItems as number | undefined) ?? 1;
  const stopping = config.stopping;

  // selection
  const sel = cfg.selection ?? { method: 'MFI' };
  if (!isObj(sel)) throw new ConfigError('selection', 'must be an object');
  if (!['MFI', 'KL', 'KLP', 'a-stratified', 'random', 'CMI'].includes(sel.method as string))
    throw new ConfigError('selection.method', "must be 'MFI', 'KL', 'KLP', 'a-stratified', 'random' or 'CMI'");
  if (sel.target !== undefined && sel.target !== 'estimate' && sel.target !== 'cut')
    throw new ConfigError('selection.target', "must be 'estimate' or 'cut'");
  if (sel.target === 'cut' || sel.method === 'CMI') {
    const anyClass = stopping.classification !== undefined || Object.values(skillRules).some((r) => r.classification);
    if (!anyClass)
      throw new ConfigError(
        sel.method === 'CMI' ? 'selection.method' : 'selection.target',
        `'${sel.method === 'CMI' ? 'CMI' : 'cut'}' needs stopping.classification (cut scores)`,
      );
  }
  if (sel.randomesque !== undefined && (!int(sel.randomesque) || sel.randomesque < 1))
    throw new ConfigError('selection.randomesque', 'must be an integer ≥ 1');
  if (sel.strata !== undefined && (!int(sel.strata) || sel.strata < 1))
    throw new ConfigError('selection.strata', 'must be an integer ≥ 1');
  const strata = (sel.strata as number | undefined) ?? 4;
  if (sel.bBlocking !== undefined && typeof sel.bBlocking !== 'boolean')
    throw new ConfigError('selection.bBlocking', 'must be a boolean');
  if (sel.itemsPerStratum !== undefined) {
    const ips = sel.itemsPerStratum;
    if (!Array.isArray(ips) || ips.length !== strata || !ips.every((v) => int(v) && v >= 0))
      throw new ConfigError('selection.itemsPerStratum', `must be ${strata} integers ≥ 0 (one per stratum)`);
  }
  if (sel.klZ !== undefined && (!num(sel.klZ) || sel.klZ <= 0)) throw new ConfigError('selection.klZ', 'must be > 0');
  let start = { items: 0, randomesque: 1 };
  if (sel.start !== undefined) {
    const s = sel.start;
    if (!isObj(s)) throw new ConfigError('selection.start', 'must be an object {items, randomesque}');
    if (!int(s.items) || s.items < 0) throw new ConfigError('selection.start.items', 'must be an integer ≥ 0');
    if (!int(s.randomesque) || s.randomesque < 1)
      throw new ConfigError('selection.start.randomesque', 'must be an integer ≥ 1');
    start = { items: s.items, randomesque: s.randomesque };
  }
  const selection = {
    method: sel.method as SelectionConfig['method'],
    target: (sel.target as 'estimate' | 'cut' | undefined) ?? 'estimate',
    randomesque: (sel.randomesque as number | undefined) ?? 1,
    strata,
    bBlocking: (sel.bBlocking as boolean | undefined) ?? false,
    itemsPerStratum: sel.itemsPerStratum as number[] | undefined,
    klZ: (sel.klZ as number | undefined) ?? 3,
    start,
  };

  // exposure
  const ex = cfg.exposure ?? { method: 'none' };
  if (!isObj(ex)) throw new ConfigError('exposure', 'must be an object');
  switch (ex.method) {
    case 'none':
      break;
    case 'sympson-hetter': {
      if (!isObj(ex.k)) throw new ConfigError('exposure.k', 'must be a map item id → k in [0, 1]');
      for (const [id, v] of Object.entries(ex.k))
        if (!num(v) || v < 0 || v > 1) throw new ConfigError(`exposure.k.${id}`, 'must be a number in [0, 1]');
      if (ex.defaultK !== undefined && (!num(ex.defaultK) || ex.defaultK < 0 || ex.defaultK > 1))
        throw new ConfigError('exposure.defaultK', 'must be in [0, 1]');
      if (ex.excludeRejected !== undefined && typeof ex.excludeRejected !== 'boolean')
        throw new ConfigError('exposure.excludeRejected', 'must be a boolean');
      break;
    }
    case 'restricted':
      if (!num(ex.maxRate) || ex.maxRate <= 0 || ex.maxRate > 1)
        throw new ConfigError('exposure.maxRate', 'must be a number in (0, 1]');
      break;
    case 'progressive':
      if (ex.beta !== undefined && (!num(ex.beta) || ex.beta < 0)) throw new ConfigError('exposure.beta', 'must be ≥ 0');
      if (ex.maxRate !== undefined && (!num(ex.maxRate) || ex.maxRate <= 0 || ex.maxRate > 1))
        throw new ConfigError('exposure.maxRate', 'must be a number in (0, 1]');
      break;
    default:
      throw new ConfigError('exposure.method', "must be 'none', 'sympson-hetter', 'restricted' or 'progressive'");
  }
  // Combinations the engine cannot honour are refused rather than silently ignored: the progressive method blends
  // noise into an information-type criterion (a-stratified ranks by −|b − θ̂|, random has none), and the
  // Sympson–Hetter lottery filters the criterion's ranking (random selection has no ranking to filter).
  if (ex.method === 'progressive' && (sel.method === 'a-stratified' || sel.method === 'random'))
    throw new ConfigError(
      'exposure.method',
      `'progressive' does not combine with selection.method '${sel.method}' (it needs MFI, KL, KLP or CMI); use 'restricted' for a maximum exposure rate`,
    );
  if (ex.method === 'sympson-hetter' && sel.method === 'random')
    throw new ConfigError('exposure.method', "'sympson-hetter' does not combine with selection.method 'random' (no ranking to filter)");

  // blueprint
  const constraints: NormalizedConstraint[] = [];
  if (cfg.blueprint !== undefined) {
    const bp = cfg.blueprint;
    if (!isObj(bp) || !Array.isArray(bp.constraints))
      throw new ConfigError('blueprint.constraints', 'must be an array of constraints');
    const seen = new Set<string>();
    const targetSum = { skill: 0, tag: 0 };
    bp.constraints.forEach((raw, k) => {
      const f = `blueprint.constraints[${k}]`;
      if (!isObj(raw)) throw new ConfigError(f, 'must be an object');
      const hasSkill = raw.skill !== undefined;
      const hasTag = raw.tag !== undefined;
      if (hasSkill === hasTag) throw new ConfigError(f, 'needs exactly one of skill or tag');
      const kind = hasSkill ? 'skill' : 'tag';
      const value = raw[kind];
      if (typeof value !== 'string' || value === '') throw new ConfigError(`${f}.${kind}`, 'must be a non-empty string');
      const label = `${kind}:${value}`;
      if (seen.has(label)) throw new ConfigError(f, `duplicate constraint for ${label}`);
      seen.add(label);
      if (raw.min !== undefined && (!int(raw.min) || raw.min < 0)) throw new ConfigError(`${f}.min`, 'must be an integer ≥ 0');
      if (raw.max !== undefined && (!int(raw.max) || raw.max < 0)) throw new ConfigError(`${f}.max`, 'must be an integer ≥ 0');
      const min = (raw.min as number | undefined) ?? 0;
      const max = (raw.max as number | undefined) ?? Number.POSITIVE_INFINITY;
      if (min > max) throw new ConfigError(`${f}.min`, `min ${min} exceeds max ${max}`);
      if (min > maxItems) throw new ConfigError(`${f}.min`, `min ${min} exceeds stopping.maxItems ${maxItems}`);
      if (raw.target !== undefined && (!num(raw.target) || raw.target < 0 || raw.target > 1))
        throw new ConfigError(`${f}.target`, 'must be a proportion in [0, 1]');
      if (raw.target !== undefined) targetSum[kind] += raw.target as number;
      constraints.push({ kind, value, min, max, target: raw.target as number | undefined, label, index: k });
    });
    if (targetSum.skill > 1 + 1e-9) throw new ConfigError('blueprint.constraints', `skill targets sum to ${targetSum.skill} > 1`);
    const skillMinSum = constraints.filter((c) => c.kind === 'skill').reduce((s, c) => s + c.min, 0);
    if (skillMinSum > maxItems)
      throw new ConfigError('blueprint.constraints', `skill minimums sum to ${skillMinSum} > stopping.maxItems ${maxItems}`);
  }

  // enemies, retired
  const enemies: string[][] = [];
  if (cfg.enemies !== undefined) {
    if (!Array.isArray(cfg.enemies)) throw new ConfigError('enemies', 'must be an array of id arrays');
    cfg.enemies.forEach((g, k) => {
      if (!Array.isArray(g) || !g.every((id) => typeof id === 'string'))
        throw new ConfigError(`enemies[${k}]`, 'must be an array of item ids');
      enemies.push([...(g as string[])]);
    });
  }
  let retired: string[] = [];
  if (cfg.retired !== undefined) {
    if (!Array.isArray(cfg.retired) || !cfg.retired.every((id) => typeof id === 'string'))
      throw new ConfigError('retired', 'must be an array of item ids');
    retired = [...(cfg.retired as string[])];
  }

  const base: SkillStoppingRules = stopping;
  const ruleCache = new Map<string, ResolvedSkillRules>();
  const rulesFor = (skill: string): ResolvedSkillRules => {
    let r = ruleCache.get(skill);
    if (!r) {
      const o = skillRules[skill] ?? {};
      r = {
        minItems: o.minItems ?? 0,
        maxItems: o.maxItems ?? Number.POSITIVE_INFINITY,
        seThreshold: o.seThreshold ?? base.seThreshold,
        seMethod: o.seMethod ?? base.seMethod ?? 'posterior',
        minInformation: o.minInformation ?? base.minInformation,
        classification: resolveClassification(o.classification ?? base.classification, skill),
      };
      ruleCache.set(skill, r);
    }
    return r;
  };

  const normalized: NormalizedConfig = {
    version: (cfg.version as string | undefined) ?? `cfg-${fingerprintOf(stableStringify(config))}`,
    D,
    estimator,
    priors,
    skills,
    selection,
    exposure: ex as unknown as ExposureConfig,
    constraints,
    enemies,
    retired,
    maxItems,
    minItems,
    perSkill: (st.perSkill as boolean | undefined) ?? true,
    rulesFor,
    source: config,
  };
  cache.set(config, normalized);
  return normalized;
}

/** Validate a CatConfig (throws ConfigError naming the field). */
export function validateConfig(config: CatConfig): void {
  normalizeConfig(config);
}
