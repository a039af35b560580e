// Pilot items in live placements (docs/blueprints.md, "Pilot items"): a blueprint's `pilot` seeds k unscored items
// of status `pilot` at random positions. They are shown and scored like any other item, but their scores stay out of
// the CAT state, so θ, the routing and the stopping rule see exactly the scored responses. Pure code, no I/O.

import { createRng, shuffleInPlace, type CatConfig, type CatState } from '@theta/irt';
import type { PublishedBank } from '../catalog/published-bank';

/** The pilot items of one placement: chosen and placed at its start, seeded by the placement id (replayable). */
export interface PilotPlan {
  /** the items and their positions among ALL items shown (1 = the first, never a pilot), ascending by position */
  items: { itemId: string; position: number }[];
  /** scores of the pilot items answered so far, in plan order: logged for calibration, never given to the CAT */
  scores: number[];
}

/** What the pilot helpers read of a session. */
export interface PilotView {
  cat: Pick<CatState, 'items' | 'pending'>;
  pilot?: PilotPlan;
}

/**
 * Chooses up to `blueprint.pilot.items` pilot items of the tasker's skills that they have not seen, and their
 * positions: distinct, uniformly among 2..minItems + k − 1 (minItems: the CAT config's stopping rule). A placement
 * gives at least `minItems` scored items (unless the bank runs out), so every planned pilot item is reached before the
 * test may stop.
 */
export function planPilot(bank: PublishedBank, config: CatConfig, placementId: string, exclude: readonly string[]): PilotPlan | undefined {
  const skills = config.skills ?? [];
  const minItems = config.stopping.minItems ?? 1;
  const settings = bank.blueprint.pilot;
  const pool = bank.snapshot.pilot;
  if (!settings || !pool || minItems < 2) return undefined;
  const measured = new Set(skills);
  const seen = new Set(exclude);
  const eligible = pool.ids.filter((id, i) => measured.has(bank.snapshot.skills[pool.skill[i] as number] as string) && !seen.has(id));
  const k = Math.min(settings.items, eligible.length);
  if (k === 0) return undefined;
  const rng = createRng(`${placementId}:pilot`);
  const chosen = shuffleInPlace(rng, [...eligible]).slice(0, k);
  const positions = shuffleInPlace(
    rng,
    Array.from({ length: minItems + k - 2 }, (_, i) => i + 2),
  )
    .slice(0, k)
    .sort((x, y) => x - y);
  return { items: chosen.map((itemId, i) => ({ itemId, position: positions[i] as number })), scores: [] };
}

/** Items answered so far, scored and pilot. */
export const answeredCount = (s: PilotView): number => s.cat.items.length + (s.pilot?.scores.length ?? 0);

/** Pilot items still to be shown (the one on screen included). */
export const pilotItemsLeft = (s: PilotView): number => (s.pilot ? s.pilot.items.length - s.pilot.scores.length : 0);

/** The pilot item planned at `position` (1-based among all items shown) if it is the next pilot not yet answered. */
export function pilotAt(plan: PilotPlan | undefined, position: number): string | undefined {
  const next = plan?.items[plan.scores.length];
  return next && next.position === position ? next.itemId : undefined;
}

/** The pilot item on screen, if the item on screen is one. */
export const currentPilot = (s: PilotView): string | undefined => pilotAt(s.pilot, answeredCount(s) + 1);

/** After `answered` items: what is shown next — the pilot planned at the next position, else the CAT's item. */
export const nextShown = (plan: PilotPlan | undefined, answered: number, catItem: string): string => pilotAt(plan, answered + 1) ?? catItem;

/** The items answered, in the order shown (scored and pilot interleaved by the plan's positions). */
export function answeredSequence(s: PilotView): string[] {
  const pilots = s.pilot ? s.pilot.items.slice(0, s.pilot.scores.length) : [];
  const out: string[] = [];
  let scored = 0;
  let p = 0;
  const total = answeredCount(s);
  for (let position = 1; position <= total; position++) {
    if (pilots[p]?.position === position) out.push((pilots[p++] as { itemId: string }).itemId);
    else out.push(s.cat.items[scored++] as string);
  }
  return out;
}

/** Every item the tasker has answered, scored or pilot: all of them are secure and never shown to them again. */
export const answeredItems = (s: PilotView): string[] => [...s.cat.items, ...(s.pilot ? s.pilot.items.slice(0, s.pilot.scores.length).map((p) => p.itemId) : [])];

/** The plan with one more pilot answer recorded. */
export const withPilotScore = (plan: PilotPlan, score: number): PilotPlan => ({ items: plan.items, scores: [...plan.scores, score] });
