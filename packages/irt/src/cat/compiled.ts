// Compiled item bank: struct-of-arrays built once per bank snapshot, plus the tight numeric kernels the CAT
// step runs over it (probability, log-probability, Fisher information, KL divergence). Nothing here allocates
// per item: polytomous kernels use scratch buffers owned by the compiled bank (JS is single-threaded).

import {
  logisticInformation,
  logisticLogProbability,
  logisticProbabilitiesInto,
  logisticProbability,
} from '../models/dichotomous';
import { gpcmCategoryProbabilitiesInto, gpcmInformation, gpcmLogProbability } from '../models/gpcm';
import { grmCategoryProbabilitiesInto, grmInformation, grmLogProbability } from '../models/grm';
import { hashString } from '../random';
import type { Item, PolytomousItem } from '../types';
import { ConfigError } from './errors';
import { DEFAULT_SKILL, type BankItem } from './types';

// Math functions as module constants: inside Jest's vm context every global lookup (`Math`) goes through an
// interceptor, which made hot loops ~20× slower there than in plain Node.
const { imul, log } = Math;

/** model codes in `CompiledBank.model` */
export const MODEL_LOGISTIC = 0;
export const MODEL_GRM = 1;
export const MODEL_GPCM = 2;

export interface CompileOptions {
  /** item ids to treat as retired (kept for scoring administered items, never selected) */
  retired?: Iterable<string>;
  /** statuses that are selectable; items with another `status` are retired. Default ['active']; no status = active */
  activeStatuses?: string[];
}

export interface CompiledBank {
  readonly size: number;
  readonly ids: readonly string[];
  /**
   * frozen copies of the items as compiled (polytomous thresholds copied too): the polytomous kernels and the
   * estimators that take `Item[]` read them, so later changes to the caller's objects cannot desynchronise them
   */
  readonly items: readonly Item[];
  readonly indexOf: ReadonlyMap<string, number>;
  /** MODEL_LOGISTIC | MODEL_GRM | MODEL_GPCM */
  readonly model: Uint8Array;
  readonly a: Float64Array;
  /** difficulty; for polytomous items the mean threshold (used by a-stratified closeness) */
  readonly b: Float64Array;
  readonly c: Float64Array;
  readonly d: Float64Array;
  /** highest score (1 for dichotomous items, K for polytomous) */
  readonly maxScore: Int32Array;
  /** skill index into `skills` */
  readonly skill: Int32Array;
  readonly skills: readonly string[];
  readonly skillIndex: ReadonlyMap<string, number>;
  /** tags of item i are tagIds[tagOffset[i] .. tagOffset[i+1]) (indices into `tags`) */
  readonly tagOffset: Int32Array;
  readonly tagIds: Int32Array;
  readonly tags: readonly string[];
  readonly tagIndex: ReadonlyMap<string, number>;
  /** 1 = selectable, 0 = retired */
  readonly active: Uint8Array;
  /** 1 = logistic item with c = 0 and d = 1 (1PL/2PL form: information a²PQ) */
  readonly simple: Uint8Array;
  /**
   * Upper bound of each item's Fisher information over θ, divided by D² (logistic: a²/4 — since P ≥ (d−c)s and
   * Q ≥ (d−c)(1−s); GPCM: a²K²/4; GRM: +∞), and the item indices sorted by it, descending. Lets MFI stop
   * scanning once no remaining item can beat the best found.
   */
  readonly infoBound: Float64Array;
  readonly byInfoBound: Int32Array;
  /** FNV-1a fingerprint of ids + parameters (hex) */
  readonly fingerprint: string;
  readonly maxCategories: number;
  /** @internal per-step scratch buffers (single-threaded reuse; no per-item allocation) */
  readonly scratch: {
    crit: Float64Array;
    mask: Uint8Array;
    pA: Float64Array;
    pB: Float64Array;
    iTmp: Int32Array;
  };
  /** @internal lazily computed structures (a-stratified strata) */
  readonly cache: Map<string, unknown>;
}

function finite(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/**
 * Compile a bank snapshot into typed arrays. Validates every item (throws ConfigError naming `items[i].field`).
 * 1PL/2PL items use c = 0, d = 1 whatever is given; 3PL uses d = 1.
 */
export function compileBank(items: readonly BankItem[], opts: CompileOptions = {}): CompiledBank {
  if (!Array.isArray(items)) throw new ConfigError('items', 'must be an array');
  const n = items.length;
  const ids: string[] = new Array<string>(n);
  const indexOf = new Map<string, number>();
  const model = new Uint8Array(n);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const c = new Float64Array(n);
  const d = new Float64Array(n);
  const copies: Item[] = new Array<Item>(n);
  const maxScore = new Int32Array(n);
  const skill = new Int32Array(n);
  const tagOffset = new Int32Array(n + 1);
  const active = new Uint8Array(n);
  const skills: string[] = [];
  const skillIndex = new Map<string, number>();
  const tags: string[] = [];
  const tagIndex = new Map<string, number>();
  const tagValues: number[] = [];
  const retired = new Set(opts.retired ?? []);
  const activeStatuses = new Set(opts.activeStatuses ?? ['active']);
  let maxCategories = 2;
  let h = 0x811c9dc5;
  const mix = (s: string) => {
    for (let k = 0; k < s.length; k++) {
      h ^= s.charCodeAt(k);
      h = imul(h, 0x01000193);
    }
  };

  for (let i = 0; i < n; i++) {
    const it = items[i] as BankItem | undefined;
    const at = `items[${i}]`;
    if (!it || typeof it !== 'object') throw new ConfigError(at, 'must be an object');
    if (typeof it.id !== 'string' || it.id === '') throw new ConfigError(`${at}.id`, 'must be a non-empty string');
    if (indexOf.has(it.id)) throw new ConfigError(`${at}.id`, `duplicate id '${it.id}'`);
    ids[i] = it.id;
    indexOf.set(it.id, i);
    if (!finite(it.a) || it.a <= 0) throw new ConfigError(`${at}.a`, 'must be a finite number > 0');
    a[i] = it.a;
    switch (it.model) {
      case '1PL':
      case '2PL':
      case '3PL':
      case '4PL': {
        if (!finite(it.b)) throw new ConfigError(`${at}.b`, 'must be a finite number');
        b[i] = it.b;
        const cc = it.model === '3PL' || it.model === '4PL' ? (it.c ?? 0) : 0;
        const dd = it.model === '4PL' ? (it.d ?? 1) : 1;
        if (!finite(cc) || cc < 0 || cc >= 1) throw new ConfigError(`${at}.c`, 'must be in [0, 1)');
        if (!finite(dd) || dd <= cc || dd > 1) throw new ConfigError(`${at}.d`, 'must be in (c, 1]');
        c[i] = cc;
        d[i] = dd;
        model[i] = MODEL_LOGISTIC;
        maxScore[i] = 1;
        mix(`${it.id}|L|${it.a}|${it.b}|${cc}|${dd};`);
        copies[i] = Object.freeze({ ...it });
        break;
      }
      case 'GRM':
      case 'GPCM': {
        const th = it.thresholds;
        if (!Array.isArray(th) || th.length === 0) throw new ConfigError(`${at}.thresholds`, 'must be a non-empty array');
        let sum = 0;
        for (let k = 0; k < th.length; k++) {
          const v = th[k];
          if (!finite(v)) throw new ConfigError(`${at}.thresholds[${k}]`, 'must be a finite number');
          if (it.model === 'GRM' && k > 0 && v <= (th[k - 1] as number))
            throw new ConfigError(`${at}.thresholds[${k}]`, 'GRM thresholds must be strictly increasing');
          sum += v;
        }
        b[i] = sum / th.length;
        c[i] = 0;
        d[i] = 1;
        model[i] = it.model === 'GRM' ? MODEL_GRM : MODEL_GPCM;
        maxScore[i] = th.length;
        maxCategories = Math.max(maxCategories, th.length + 1);
        mix(`${it.id}|${it.model}|${it.a}|${th.join(',')};`);
        copies[i] = Object.freeze({ ...it, thresholds: Object.freeze([...th]) as number[] });
        break;
      }
      default:
        throw new ConfigError(`${at}.model`, `unknown model '${String((it as { model?: unknown }).model)}'`);
    }
    const sk = it.skill ?? DEFAULT_SKILL;
    if (typeof sk !== 'string' || sk === '') throw new ConfigError(`${at}.skill`, 'must be a non-empty string');
    let si = skillIndex.get(sk);
    if (si === undefined) {
      si = skills.length;
      skills.push(sk);
      skillIndex.set(sk, si);
    }
    skill[i] = si;
    mix(`s${sk};`);
    tagOffset[i] = tagValues.length;
    if (it.tags !== undefined) {
      if (!Array.isArray(it.tags)) throw new ConfigError(`${at}.tags`, 'must be an array of strings');
      for (const tg of it.tags) {
        if (typeof tg !== 'string') throw new ConfigError(`${at}.tags`, 'must be an array of strings');
        let ti = tagIndex.get(tg);
        if (ti === undefined) {
          ti = tags.length;
          tags.push(tg);
          tagIndex.set(tg, ti);
        }
        tagValues.push(ti);
      }
    }
    const status = it.status;
    active[i] = retired.has(it.id) || (status !== undefined && !activeStatuses.has(status)) ? 0 : 1;
  }
  tagOffset[n] = tagValues.length;
  const simple = new Uint8Array(n);
  for (let i = 0; i < n; i++) simple[i] = model[i] === MODEL_LOGISTIC && c[i] === 0 && d[i] === 1 ? 1 : 0;
  const infoBound = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a2 = (a[i] as number) ** 2;
    const K = maxScore[i] as number;
    infoBound[i] = model[i] === MODEL_LOGISTIC ? a2 / 4 : model[i] === MODEL_GPCM ? (a2 * K * K) / 4 : Number.POSITIVE_INFINITY;
  }
  const byInfoBound = Int32Array.from({ length: n }, (_, i) => i).sort(
    (x, y) => (infoBound[y] as number) - (infoBound[x] as number) || x - y,
  );
  mix(`n${n}`);

  return {
    size: n,
    ids,
    items: copies,
    indexOf,
    model,
    a,
    b,
    c,
    d,
    maxScore,
    skill,
    skills,
    skillIndex,
    tagOffset,
    tagIds: Int32Array.from(tagValues),
    tags,
    tagIndex,
    active,
    simple,
    infoBound,
    byInfoBound,
    fingerprint: (h >>> 0).toString(16).padStart(8, '0'),
    maxCategories,
    scratch: {
      crit: new Float64Array(Math.max(1, n)),
      mask: new Uint8Array(Math.max(1, n)),
      pA: new Float64Array(maxCategories + 1),
      pB: new Float64Array(maxCategories + 1),
      iTmp: new Int32Array(Math.max(1, n)),
    },
    cache: new Map(),
  };
}

/** FNV-1a of a string as 8 hex digits. */
export function fingerprintOf(text: string): string {
  return hashString(text).toString(16).padStart(8, '0');
}

// ---------------------------------------------------------------------------------------------------------
// Kernels. `D` is the scaling constant (1 = logistic metric). The math is the models' (src/models): logistic items
// call the scalar `logistic*` functions on the typed arrays, polytomous items the GRM/GPCM functions on the
// compiled copy of the item, so the engine and the psychometric core cannot drift apart.

/** P(X = 1 | θ) for a dichotomous item (4PL form). */
export function probCorrectAt(bank: CompiledBank, i: number, theta: number, D: number): number {
  return logisticProbability(bank.a[i] as number, bank.b[i] as number, bank.c[i] as number, bank.d[i] as number, theta, D);
}

/**
 * Category probabilities of item i at θ into `out[0..K]`; returns K (= max score).
 * Dichotomous items give [Q, P], each from its own stable form (Q is never 1 − P).
 */
export function categoryProbsAt(bank: CompiledBank, i: number, theta: number, D: number, out: Float64Array): number {
  const m = bank.model[i];
  if (m === 0 /* MODEL_LOGISTIC */) {
    logisticProbabilitiesInto(bank.a[i] as number, bank.b[i] as number, bank.c[i] as number, bank.d[i] as number, theta, D, out);
    return 1;
  }
  const item = bank.items[i] as PolytomousItem;
  if (m === 1 /* MODEL_GRM */) grmCategoryProbabilitiesInto(item, theta, D, out);
  else gpcmCategoryProbabilitiesInto(item, theta, D, out);
  return item.thresholds.length;
}

/**
 * log P(X = score | θ), accurate to the last digits for any θ: no category probability is formed as a difference
 * (GRM: log P_k = log σ(z_k) + log σ(−z_{k+1}) + log(1 − e^{z_{k+1} − z_k}); GPCM: log-sum-exp).
 */
export function logProbAt(bank: CompiledBank, i: number, theta: number, score: number, D: number): number {
  const m = bank.model[i];
  if (m === 0 /* MODEL_LOGISTIC */)
    return logisticLogProbability(bank.a[i] as number, bank.b[i] as number, bank.c[i] as number, bank.d[i] as number, score, theta, D);
  const item = bank.items[i] as PolytomousItem;
  return m === 1 /* MODEL_GRM */ ? grmLogProbability(item, score, theta, D) : gpcmLogProbability(item, score, theta, D);
}

/** Fisher information of item i at θ. */
export function infoAt(bank: CompiledBank, i: number, theta: number, D: number): number {
  const m = bank.model[i];
  if (m === 0 /* MODEL_LOGISTIC */)
    return logisticInformation(bank.a[i] as number, bank.b[i] as number, bank.c[i] as number, bank.d[i] as number, theta, D);
  const item = bank.items[i] as PolytomousItem;
  return m === 1 /* MODEL_GRM */ ? grmInformation(item, theta, D) : gpcmInformation(item, theta, D);
}

/** KL(θ0 ‖ θ1) = Σ_x P(x|θ0) log(P(x|θ0) / P(x|θ1)) for item i. */
export function klAt(bank: CompiledBank, i: number, theta0: number, theta1: number, D: number): number {
  const pa = bank.scratch.pA;
  const pb = bank.scratch.pB;
  const K = categoryProbsAt(bank, i, theta0, D, pa);
  categoryProbsAt(bank, i, theta1, D, pb);
  let kl = 0;
  for (let k = 0; k <= K; k++) {
    const p = pa[k] as number;
    if (p > 1e-300) {
      const q = pb[k] as number;
      kl += p * log(p / (q > 1e-300 ? q : 1e-300));
    }
  }
  return kl;
}
