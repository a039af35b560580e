// θ during a quiz, and the proficiency a completed quiz leaves. `updateProficiencyFromQuiz` is the one place the
// end-of-quiz update is decided: the proficiency tracker (packages/irt/src/tracker) replaces its body when it lands.
import { estimateAbility } from '@theta/irt';
import type { QuizEstimate, QuizItemState, QuizProficiencyRecord } from './types';

/** the population prior, for a tasker with no stored estimate of the skill */
export const POPULATION_PRIOR: Readonly<QuizEstimate> = Object.freeze({ theta: 0, se: 1 });

/** EAP over the quiz's responses, starting from the stored θ/SE as a normal prior. */
export function quizEstimate(prior: QuizEstimate, items: readonly QuizItemState[], scores: readonly number[]): QuizEstimate {
  const answered = items.slice(0, scores.length).map((i) => i.params);
  const estimate = estimateAbility(answered, [...scores], { method: 'EAP', prior: { mean: prior.theta, sd: Math.max(prior.se, 0.05) } });
  return { theta: estimate.theta, se: estimate.se };
}

/**
 * The proficiency to store after a completed quiz. Today: the in-quiz EAP (stored θ/SE as the prior, the quiz's
 * responses as evidence). Swap point for the proficiency tracker (aging of old evidence, practice vs placement
 * weights): keep the signature.
 */
export function updateProficiencyFromQuiz(input: {
  quizId: string;
  skill: string;
  prior: QuizEstimate;
  items: readonly QuizItemState[];
  scores: readonly number[];
  at: string;
}): QuizProficiencyRecord {
  const { theta, se } = quizEstimate(input.prior, input.items, input.scores);
  return { skill: input.skill, theta, se, measuredAt: input.at, source: { kind: 'quiz', id: input.quizId, items: input.scores.length } };
}

const round2 = (x: number): string => x.toFixed(2);

/** The tasker's words for where the estimate moved (no SE, no jargon beyond "estimated proficiency"). */
export function describeMove(skill: string, before: number, after: number, correct: number, items: number): string {
  const moved = after - before;
  const direction = Math.abs(moved) < 0.05 ? `stayed about the same (${round2(after)})` : moved > 0 ? `went up from ${round2(before)} to ${round2(after)}` : `went down from ${round2(before)} to ${round2(after)}`;
  return `You answered ${correct} of ${items} correctly. Your estimated ${skill} proficiency ${direction}, on a scale where 0 is a typical tasker.`;
}
