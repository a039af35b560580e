import { summarize } from '@theta/irt';
import type { PublishedBank } from '../catalog/published-bank';
import { catConfigFor, skillsToMeasure } from './cat-config';
import { answerStep, firstStep } from './cat-step';
import { resultOf } from './result';
import type { PlacementResult, TaskerProfile } from './types';

export interface SimulatedPlacement {
  result: PlacementResult;
  items: string[];
  scores: number[];
}

/**
 * Runs a placement without I/O through exactly the steps the API runs (same config, same seeded
 * randomness per placement id): what a blueprint will do to taskers of known ability, and a replay
 * of a real placement given its id and answers.
 */
export function simulatePlacement(
  bank: PublishedBank,
  input: { placementId: string; profile: TaskerProfile; seenItems?: string[]; respond: (itemId: string) => number },
  now: Date = new Date(0),
): SimulatedPlacement {
  const skills = skillsToMeasure(bank.blueprint, input.profile);
  const config = catConfigFor(bank.blueprint, bank.snapshot, skills);
  let step = firstStep(bank, config, input.placementId, input.seenItems ?? []);
  for (;;) {
    const itemId: string = step.itemId;
    const next = answerStep(bank, config, input.placementId, step.state, itemId, input.respond(itemId));
    if ('stopped' in next) {
      return { result: resultOf(bank, summarize(next.state, config), now), items: next.state.items, scores: next.state.scores };
    }
    step = next;
  }
}
