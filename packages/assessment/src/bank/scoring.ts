// Score an answer against an item's secure part, and name the error a wrong answer reveals.

import { UnprocessableError } from '../errors';
import type { ItemSecure } from './split-item';

/** The parts of ItemSecure that scoring reads. */
export type ScoringKey = Pick<ItemSecure, 'key' | 'optionIds'>;

function assertOption(secure: Pick<ItemSecure, 'optionIds'>, answer: string): void {
  if (!secure.optionIds.includes(answer))
    throw new UnprocessableError('unknown_option', 'the answer is not one of the options of this item', {
      options: [...secure.optionIds],
    });
}

/**
 * The score of `answer` (an option id): 0/1 for a choice key, the option's score 0..K for a scored key.
 * An answer that is not an option throws UnprocessableError `unknown_option` (HTTP 422).
 */
export function scoreAnswer(secure: ScoringKey, answer: string): number {
  assertOption(secure, answer);
  const key = secure.key;
  if (key.type === 'choice') return answer === key.correct ? 1 : 0;
  const score = Object.hasOwn(key.scores, answer) ? key.scores[answer] : undefined;
  // unreachable for validated items (every option has a score); loud rather than a silent 0
  if (score === undefined) throw new UnprocessableError('unscored_option', `option has no score in the key`, { option: answer });
  return score;
}

/**
 * The error tag the answer reveals, or undefined for a correct (full-score) answer.
 * An answer that is not an option throws UnprocessableError `unknown_option`.
 */
export function errorTagFor(secure: Pick<ItemSecure, 'optionIds' | 'errorTags'>, answer: string): string | undefined {
  assertOption(secure, answer);
  return Object.hasOwn(secure.errorTags, answer) ? secure.errorTags[answer] : undefined;
}
