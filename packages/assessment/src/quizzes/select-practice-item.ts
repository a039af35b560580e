// The practice selector (pure): the next item aims at a success probability, balances the skill's tags and keeps
// exposure spread. Not the placement selector: practice wants learnable items, not the most informative ones.
import { expectedScore, maxScore } from '@theta/irt';
import type { Item } from '@theta/irt/types';

/** P(correct | θ): the probability of a right answer (dichotomous), the expected share of the full score (polytomous). */
export function successProbability(item: Item, theta: number): number {
  return expectedScore(item, theta) / maxScore(item);
}

export interface PracticeCandidate {
  id: string;
  tags: readonly string[];
  params: Item;
}

export interface SelectPracticeInput<C extends PracticeCandidate> {
  candidates: readonly C[];
  theta: number;
  targetSuccess: number;
  randomesqueK: number;
  /** how often each tag was used in this quiz so far */
  tagUsage: ReadonlyMap<string, number>;
  /** when given, only these tags count for the content mix */
  tags?: readonly string[];
  random: () => number;
}

/**
 * The next item: among the candidates whose least-used tag is used least so far (round-robin over the tags), the
 * `randomesqueK` whose P(correct | θ̂) is closest to the target; one of them at random. Undefined when none is left.
 */
export function selectPracticeItem<C extends PracticeCandidate>(input: SelectPracticeInput<C>): C | undefined {
  const { candidates, theta, targetSuccess, tagUsage } = input;
  if (candidates.length === 0) return undefined;
  const counted = input.tags ? new Set(input.tags) : undefined;
  const usageOf = (c: C): number => {
    const tags = counted ? c.tags.filter((t) => counted.has(t)) : c.tags;
    return tags.length === 0 ? 0 : Math.min(...tags.map((t) => tagUsage.get(t) ?? 0));
  };
  const usages = candidates.map(usageOf);
  const least = Math.min(...usages);
  const pool = candidates
    .filter((_, i) => usages[i] === least)
    .map((c) => ({ c, distance: Math.abs(successProbability(c.params, theta) - targetSuccess) }))
    .sort((x, y) => x.distance - y.distance || (x.c.id < y.c.id ? -1 : 1));
  const k = Math.max(1, Math.min(Math.floor(input.randomesqueK), pool.length));
  const pick = Math.min(k - 1, Math.floor(input.random() * k));
  return pool[pick]?.c;
}
