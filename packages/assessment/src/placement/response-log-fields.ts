// The response-log fields a placement answer records with its RESP row (../shared/FORMATS.md section 1): who
// answered, the item's skill and the skill's estimate BEFORE this answer. Calibration and the proficiency replay
// read them from the exported log; nothing in the placement itself reads them back.

import type { PublishedBank } from '../catalog/published-bank';
import type { PlacementSession, ResponseRecord } from './types';

export type ResponseLogFields = Pick<ResponseRecord, 'taskerId' | 'context' | 'skill' | 'thetaBefore' | 'seBefore'>;

function skillOf(bank: PublishedBank, itemId: string): string | undefined {
  const index = bank.compiled.indexOf.get(itemId);
  if (index !== undefined) return bank.compiled.skills[bank.compiled.skill[index] as number];
  // pilot items are not compiled (no live parameters): their skill is on the snapshot's pilot columns
  const pilot = bank.snapshot.pilot;
  const k = pilot ? pilot.ids.indexOf(itemId) : -1;
  return pilot && k >= 0 ? bank.snapshot.skills[pilot.skill[k] as number] : undefined;
}

/** `session` as it was before the answer. */
export function responseLogFields(session: PlacementSession, bank: PublishedBank, itemId: string): ResponseLogFields {
  const skill = skillOf(bank, itemId);
  const state = skill === undefined ? undefined : session.cat.skills[skill];
  return {
    taskerId: session.taskerId,
    // a placement ops scheduled (or a course's exit) is a re-assessment: the log says so (FORMATS.md section 1)
    context: session.reassessment ? 'reassessment' : 'placement',
    ...(skill === undefined ? {} : { skill }),
    ...(bank.blueprint.projectId ? { projectId: bank.blueprint.projectId } : {}),
    ...(state && Number.isFinite(state.theta) && state.se > 0 ? { thetaBefore: state.theta, seBefore: state.se } : {}),
  };
}
