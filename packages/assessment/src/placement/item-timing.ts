// Time per item as the server measures it (docs/blueprints.md, "Time per item"): from the reply that served the
// item to the request that answers it. The client's `elapsedMs` is kept as sent but decides nothing: a tasker who
// scripts answers cannot also script the server's clock.

import type { TimingSettings } from '../blueprints/blueprint-schema';
import { answeredCount } from './pilot';
import type { PlacementResult, PlacementSession } from './types';

export interface AnswerTiming {
  serverElapsedMs?: number;
  rapid?: true;
  timedOut?: true;
}

/**
 * The answer's time on the item and what the blueprint's bounds make of it (nothing before shown-times existed).
 * The first item is served by the start reply, which goes to onboarding: the tasker may open the test much later, so
 * its time can only be too long, never too short — it can be a rapid guess but never times out.
 */
export function timeAnswer(session: Pick<PlacementSession, 'currentItemShownAt' | 'cat' | 'pilot'>, timing: TimingSettings | undefined, now: Date): AnswerTiming {
  if (!session.currentItemShownAt) return {};
  const serverElapsedMs = Math.max(0, now.getTime() - Date.parse(session.currentItemShownAt));
  if (!timing) return { serverElapsedMs };
  const first = answeredCount(session) === 0;
  if (!first && timing.maxItemMs !== undefined && serverElapsedMs > timing.maxItemMs) return { serverElapsedMs, timedOut: true };
  return serverElapsedMs < timing.minItemMs ? { serverElapsedMs, rapid: true } : { serverElapsedMs };
}

/** Not routed when more than `maxRapidShare` of the scored answers were rapid guesses (undefined: routed). */
export function withheldVerdict(rapidAnswers: number, scoredAnswers: number, timing: TimingSettings | undefined): PlacementResult['withheld'] {
  if (!timing || scoredAnswers === 0 || rapidAnswers / scoredAnswers <= timing.maxRapidShare) return undefined;
  const seconds = timing.minItemMs / 1000;
  return {
    reason: `${rapidAnswers} of ${scoredAnswers} answers came faster than ${seconds} s, too fast to have read the item: this placement is not used to route you; you may take it again`,
    rapidAnswers,
    scoredAnswers,
    minItemMs: timing.minItemMs,
    maxRapidShare: timing.maxRapidShare,
  };
}
