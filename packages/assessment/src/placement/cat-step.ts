import { createRng, nextItem, recordResponse, startSession, type CatConfig, type CatState } from '@theta/irt';
import type { PublishedBank } from '../catalog/published-bank';
import { UnprocessableError } from '../errors';
import { withEngineErrors } from './engine-errors';

export type StepOutcome = { state: CatState; itemId: string } | { state: CatState; stopped: true };

// Randomness (randomesque, exposure lotteries) is seeded by placement and step, so a placement can be
// replayed exactly — by the simulator, and by anyone auditing a decision.
const rngFor = (placementId: string, answered: number) => createRng(`${placementId}:${answered}`);

/** The pure first step of a placement: a fresh CAT state and the first item. */
export function firstStep(bank: PublishedBank, config: CatConfig, placementId: string, exclude: string[]): { state: CatState; itemId: string } {
  const started = withEngineErrors(() => startSession(config, bank.compiled, { exclude }));
  const next = withEngineErrors(() => nextItem(started, bank.compiled, config, rngFor(placementId, 0)));
  if (!('itemId' in next)) throw new UnprocessableError('no_items', `blueprint '${bank.blueprint.id}' has no item this tasker can take`);
  return next;
}

/** The pure answer step: record the score, then choose the next item or stop. */
export function answerStep(bank: PublishedBank, config: CatConfig, placementId: string, cat: CatState, itemId: string, score: number): StepOutcome {
  const answered = withEngineErrors(() => recordResponse(cat, bank.compiled, config, itemId, score));
  const next = withEngineErrors(() => nextItem(answered, bank.compiled, config, rngFor(placementId, answered.items.length)));
  return 'itemId' in next ? next : { state: next.state, stopped: true };
}
