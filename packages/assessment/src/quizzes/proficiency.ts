// θ during a quiz, and the proficiency a completed quiz leaves. `updateProficiencyFromQuiz` is the one place the
// end-of-quiz update is decided: by the proficiency tracker (../proficiency/apply-evidence.ts, docs/proficiency.md).
import { estimateAbility } from '@theta/irt';
import { applyEvidence } from '../proficiency/apply-evidence';
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
 * The proficiency to store after a completed quiz: the proficiency tracker's update (applyEvidence) of the quiz's
 * prior — the stored estimate already aged to the quiz start — by the quiz's responses, aged again by the (short)
 * time the quiz took. A quiz started before the tracker carries no `measuredAt`: its prior is taken as of `at`.
 */
export function updateProficiencyFromQuiz(input: {
  quizId: string;
  skill: string;
  prior: QuizEstimate & { measuredAt?: string };
  items: readonly QuizItemState[];
  scores: readonly number[];
  at: string;
}): QuizProficiencyRecord {
  const answered = input.items.slice(0, input.scores.length).map((i) => i.params);
  const current = { theta: input.prior.theta, se: input.prior.se, measuredAt: input.prior.measuredAt ?? input.at };
  const { theta, se } = applyEvidence(current, { kind: 'responses', items: answered, scores: input.scores }, input.at);
  return { skill: input.skill, theta, se, measuredAt: input.at, source: { kind: 'quiz', id: input.quizId, items: input.scores.length } };
}

const round2 = (x: number): string => x.toFixed(2);

/** The tasker's words for where the estimate moved (no SE, no jargon beyond "estimated proficiency"). */
export function describeMove(skill: string, before: number, after: number, correct: number, items: number): string {
  const moved = after - before;
  const direction = Math.abs(moved) < 0.05 ? `stayed about the same (${round2(after)})` : moved > 0 ? `went up from ${round2(before)} to ${round2(after)}` : `went down from ${round2(before)} to ${round2(after)}`;
  return `You answered ${correct} of ${items} correctly. Your estimated ${skill} proficiency ${direction}, on a scale where 0 is a typical tasker.`;
}
