import { summarize } from '@theta/irt';
import type { PublishedBank } from '../catalog/published-bank';
import { catConfigFor, skillsToMeasure } from './cat-config';
import { answerStep, firstStep } from './cat-step';
import { planPilot, pilotAt, withPilotScore, type PilotPlan } from './pilot';
import { resultOf } from './result';
import type { PlacementResult, TaskerProfile } from './types';

export interface SimulatedPlacement {
  result: PlacementResult;
  items: string[];
  scores: number[];
  /** the blueprint's pilot items as this placement showed them (unscored), when it seeds any */
  pilot?: PilotPlan;
  /** every item shown, in order (scored and pilot) */
  shown: string[];
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
  let pilot = planPilot(bank, config, input.placementId, input.seenItems ?? []);
  const shown: string[] = [];
  for (;;) {
    // pilot items planned at this position come first; their scores never reach the CAT
    for (let p = pilotAt(pilot, shown.length + 1); pilot && p !== undefined; p = pilotAt(pilot, shown.length + 1)) {
      shown.push(p);
      pilot = withPilotScore(pilot, input.respond(p));
    }
    const itemId: string = step.itemId;
    shown.push(itemId);
    const next = answerStep(bank, config, input.placementId, step.state, itemId, input.respond(itemId));
    if ('stopped' in next) {
      return { result: resultOf(bank, summarize(next.state, config), now), items: next.state.items, scores: next.state.scores, ...(pilot ? { pilot } : {}), shown };
    }
    step = next;
  }
}
