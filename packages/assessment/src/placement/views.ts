import { expectedItemsLeft, type CatConfig } from '@theta/irt';
import type { PublicItemContent } from '../bank/split-item';
import type { PublishedBank } from '../catalog/published-bank';
import { withEngineErrors } from './engine-errors';
import { answeredCount, answeredSequence, pilotItemsLeft } from './pilot';
import type { PlacementResult, PlacementSession, PlacementStatus } from './types';

/** An item as a tasker sees it: content only — never the key, the error tags or the IRT parameters. */
export interface ItemView {
  id: string;
  stem: string;
  options: { id: string; text: string }[];
}

export interface Progress {
  answered: number;
  /** the cap: the test never gives more */
  maxItems: number;
  /**
   * the items the stopping rule is expected to need from here, the one on screen included (@theta/irt
   * expectedItemsLeft): what a page shows as progress. Absent only in replays of answers recorded before it existed.
   */
  expectedItemsLeft?: number;
}

/** What the tasker learns at the end: their track and per-skill estimates — no keys, no item parameters. */
export interface TaskerResultView {
  /** null when the placement was withheld (not routed): `summary` says why */
  track: string | null;
  /** plain language for the tasker (no θ, SE or cuts); absent on results completed before summaries existed */
  summary?: string;
  /** the technical reason ops see */
  reason: string;
  skills: PlacementResult['skills'];
  itemsUsed: number;
}

/** The reply to an answer: the next item, or the result when the test stopped. */
export type SubmitResponseOutput =
  | { placementId: string; status: 'in-progress'; item: ItemView; progress: Progress }
  | { placementId: string; status: 'completed'; result: TaskerResultView };

/**
 * Built in one fixed order (skills as the session lists them, fields as below): the result read back from a DynamoDB
 * map has no key order, and a replayed reply must be the first one byte for byte.
 */
export function taskerResultView(result: PlacementResult, skillOrder: readonly string[]): TaskerResultView {
  const skills: PlacementResult['skills'] = {};
  for (const skill of skillOrder) {
    const s = result.skills[skill];
    if (s) skills[skill] = { theta: s.theta, se: s.se, ci95: [s.ci95[0], s.ci95[1]], items: s.items, ...(s.stopReason === undefined ? {} : { stopReason: s.stopReason }) };
  }
  if (result.withheld) return { track: null, summary: result.withheld.reason, reason: `withheld: ${result.withheld.reason}`, skills, itemsUsed: result.itemsUsed };
  return {
    track: result.track,
    ...(result.trackSummary === undefined ? {} : { summary: result.trackSummary }),
    reason: result.trackReason,
    skills,
    itemsUsed: result.itemsUsed,
  };
}

export function itemView(itemId: string, content: PublicItemContent): ItemView {
  return { id: itemId, stem: content.stem, options: content.options.map((o) => ({ id: o.id, text: o.text })) };
}

/**
 * Progress of a session with an item on screen: answered, the cap, and the expected number of items left. Pilot
 * items count like any other (answered, the cap, the items left): progress never tells the tasker which is which.
 */
export function progressOf(session: Pick<PlacementSession, 'cat' | 'pilot'>, bank: PublishedBank, config: CatConfig): Progress {
  const left = withEngineErrors(() => expectedItemsLeft(session.cat, bank.compiled, config));
  return { answered: answeredCount(session), maxItems: maxItemsOf(session, config), expectedItemsLeft: left + pilotItemsLeft(session) };
}

/** The cap a session's progress shows: the stopping rule's, plus its pilot items. */
export const maxItemsOf = (session: Pick<PlacementSession, 'pilot'>, config: CatConfig): number => config.stopping.maxItems + (session.pilot?.items.length ?? 0);

export interface PlacementView {
  placementId: string;
  taskerId: string;
  status: PlacementStatus;
  blueprint: { id: string; version: number };
  skills: string[];
  createdAt: string;
  updatedAt: string;
  idleDeadline?: string;
  itemsAnswered: number;
  result?: PlacementResult & { itemsAdministered: string[] };
}

export function placementView(session: PlacementSession): PlacementView {
  const status = session.status;
  return {
    placementId: session.id,
    taskerId: session.taskerId,
    status,
    blueprint: { id: session.blueprintId, version: session.blueprintVersion },
    skills: session.skills,
    createdAt: session.createdAt,
    updatedAt: session.updatedAt,
    ...(status === 'in-progress' ? { idleDeadline: session.idleDeadline } : {}),
    itemsAnswered: answeredCount(session),
    // every item shown, in order (pilot items too, unmarked); `result.itemsUsed` counts the scored ones
    ...(session.result ? { result: { ...session.result, itemsAdministered: answeredSequence(session) } } : {}),
  };
}
