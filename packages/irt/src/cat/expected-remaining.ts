// How many more items a session is expected to give: honest progress for a test page ("about 6 questions left"),
// where maxItems is only the cap. Pure arithmetic on the state: no item is chosen, nothing random.
//
// Every stopping rule is turned into an amount of test information the skill still needs, and the skill's best
// remaining items (Fisher information at θ̂, largest first) are counted until they supply it:
// - seThreshold t: 1/SE² now → 1/t²            (SE after n items ≈ 1/√(I_now + Σ I_j))
// - classification 'ci' (z) / 'posterior' (confidence q): the interval θ̂ ± z·SE clears the nearest cut at distance d
//   when SE ≤ d/z, i.e. information (z/d)²; the posterior rule uses z = Φ⁻¹(q) (one-sided, normal approximation)
// - classification 'sprt' / 'glr': log L(c+δ)/L(c−δ) ≈ 2δ·(θ − c)·I grows by about 2δ·d per unit of information
//   (quadratic log-likelihood), so a cut whose ratio still lacks `gap` to its bound needs gap/(2δ·d) more
// The skill stops at whichever rule holds first; with none it runs to its maximum. θ̂ is taken as it is now: the
// estimate's drift is not forecast. A skill's count is clamped to [its minimum − answered, what it may still
// receive], the session's to [minItems − answered (at least 1 while an item is on screen), maxItems − answered],
// and it is 0 once the session stopped. Rules the arithmetic cannot foresee (minInformation, itemCost, content
// minimums beyond the length limits) can only end a skill sooner or force the same items, so the number is an
// estimate, never a promise.

import type { ResolvedSkillRules } from './config';
import { inverseStandardNormal } from './interval';
import { sessionOutlook, type SkillOutlook } from './session';
import type { CatConfig, CatState } from './types';
import type { CompiledBank } from './compiled';

/**
 * The smallest n such that `now + best[0] + … + best[n−1] ≥ target` (best sorted largest first); Infinity when even
 * all of `best` falls short. 0 when `now` already reaches the target.
 */
export function itemsToReachInformation(now: number, target: number, best: readonly number[]): number {
  let information = now;
  for (let n = 0; ; n++) {
    if (information >= target) return n;
    if (n >= best.length) return Number.POSITIVE_INFINITY;
    information += best[n] as number;
  }
}

/** Items the classification rule still needs (Infinity when θ̂ sits on a cut: no amount of items is expected to decide). */
function classificationItems(sk: SkillOutlook, rules: ResolvedSkillRules): number {
  const cl = rules.classification;
  if (!cl) return Number.POSITIVE_INFINITY;
  let needed = 0;
  cl.cuts.forEach((cut, k) => {
    const d = Math.abs(sk.theta - cut);
    let n: number;
    if (cl.method === 'sprt' || cl.method === 'glr') {
      const llr = sk.llr?.[k] ?? 0;
      if (llr >= cl.upper || llr <= cl.lower) return; // this cut is decided
      const gap = sk.theta >= cut ? cl.upper - llr : llr - cl.lower;
      n = d === 0 ? Number.POSITIVE_INFINITY : itemsToReachInformation(0, gap / (2 * cl.delta * d), sk.information);
    } else {
      const z = cl.method === 'posterior' ? inverseStandardNormal(cl.confidence) : cl.z;
      n = d === 0 ? Number.POSITIVE_INFINITY : itemsToReachInformation(1 / (sk.se * sk.se), (z / d) ** 2, sk.information);
    }
    needed = Math.max(needed, n); // every cut must be decided
  });
  return needed;
}

/** Items skill `sk` is expected to take before one of its rules (or its maximum) ends it. */
export function expectedSkillItemsLeft(sk: SkillOutlook): number {
  if (sk.stopped) return 0;
  const r = sk.rules;
  const bySe = r.seThreshold === undefined ? Number.POSITIVE_INFINITY : itemsToReachInformation(1 / (sk.ruleSE * sk.ruleSE), 1 / (r.seThreshold * r.seThreshold), sk.information);
  const n = Math.min(bySe, classificationItems(sk, r));
  const room = sk.information.length; // what it may still receive (its maximum, the test's, the eligible items)
  const floor = Math.min(room, Math.max(0, sk.minItems - sk.answered));
  return Math.max(floor, Math.min(n, room));
}

/**
 * The expected number of items still to come in this session, the item on screen included: 0 once it stopped,
 * otherwise within [max(1 if an item is pending, minItems − answered), maxItems − answered].
 */
export function expectedItemsLeft(state: CatState, bank: CompiledBank, config: CatConfig): number {
  if (state.stop) return 0;
  const o = sessionOutlook(state, bank, config);
  const cap = Math.max(0, o.maxItems - o.answered);
  const floor = Math.min(cap, Math.max(o.pending ? 1 : 0, o.minItems - o.answered));
  const sum = o.skills.reduce((acc, sk) => acc + expectedSkillItemsLeft(sk), 0);
  return Math.max(floor, Math.min(sum, cap));
}
