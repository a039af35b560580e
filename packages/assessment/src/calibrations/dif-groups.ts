// DIF groups for the calibration job: each tasker's education level as onboarding declared it at placement start.
// The response log does not carry tasker attributes (FORMATS.md section 1), so the job looks up the placements
// the responses came from, by key. A tasker placed more than once takes the level of their latest placement in
// the window (a tasker may finish a degree between placements); one with no declared level is left out of DIF.

import { largestGroup, type ResponseLogRecord } from '@theta/irt';
import type { PlacementProfileReader } from './ports';
import type { CalibrationRequest, DifPopulation } from './types';

export interface DifGroups {
  groups: Map<string, string>;
  population: DifPopulation;
}

/** the placements (and re-assessments: a placement too) the responses came from, newest answer last */
function placementsOf(responses: readonly ResponseLogRecord[]): Map<string, { taskerId: string; lastAtMs: number }> {
  const out = new Map<string, { taskerId: string; lastAtMs: number }>();
  for (const r of responses) {
    const id = r.sessionId;
    if (!id || (r.context !== 'placement' && r.context !== 'reassessment')) continue;
    const seen = out.get(id);
    if (!seen || r.atMs > seen.lastAtMs) out.set(id, { taskerId: r.taskerId, lastAtMs: r.atMs });
  }
  return out;
}

/** The groups of every tasker with responses, by `request.difBy` (default education level); `none` → no groups. */
export async function difGroupsOf(reader: PlacementProfileReader, responses: readonly ResponseLogRecord[], difBy: CalibrationRequest['difBy']): Promise<DifGroups> {
  const by = difBy ?? 'educationLevel';
  const taskers = new Set(responses.map((r) => r.taskerId));
  if (by === 'none') return { groups: new Map(), population: { by, reference: null, groups: {}, unknown: taskers.size } };
  const placements = placementsOf(responses);
  const profiles = await reader.placementProfiles([...placements.keys()]);
  const latest = new Map<string, { level: string; atMs: number }>();
  for (const [placementId, { taskerId, lastAtMs }] of placements) {
    const profile = profiles.get(placementId);
    // the placement's own tasker only: a profile row never speaks for someone else
    if (!profile?.educationLevel || profile.taskerId !== taskerId) continue;
    const held = latest.get(taskerId);
    if (!held || lastAtMs > held.atMs) latest.set(taskerId, { level: profile.educationLevel, atMs: lastAtMs });
  }
  const groups = new Map([...latest].map(([taskerId, { level }]) => [taskerId, level]));
  const counts: Record<string, number> = {};
  for (const level of groups.values()) counts[level] = (counts[level] ?? 0) + 1;
  // the reference group as itemHealth chooses it: the largest (ties: the first in sort order)
  const reference = largestGroup(groups.values()) ?? null;
  return { groups, population: { by, reference, groups: counts, unknown: taskers.size - groups.size } };
}
