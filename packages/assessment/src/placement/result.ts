import type { SessionSummary } from '@theta/irt';
import type { PublishedBank } from '../catalog/published-bank';
import { decideTrack } from '../routing/decide-track';
import type { PlacementResult } from './types';

/** The final result of a placement: per-skill estimates from the CAT, the track from the blueprint's routing rules. */
export function resultOf(bank: PublishedBank, summary: SessionSummary, now: Date): PlacementResult {
  const skills: PlacementResult['skills'] = {};
  for (const [skill, s] of Object.entries(summary.skills)) {
    skills[skill] = { theta: s.theta, se: s.se, ci95: s.ci95, items: s.n, ...(s.stop ? { stopReason: s.stop } : {}) };
  }
  const decision = decideTrack(bank.blueprint, Object.fromEntries(Object.entries(skills).map(([k, v]) => [k, { theta: v.theta, se: v.se }])));
  return {
    skills,
    track: decision.track,
    trackReason: decision.reason,
    trackSummary: decision.summary,
    trackRule: decision.rule,
    decision,
    stopReason: summary.stop ?? 'max-items',
    itemsUsed: summary.items,
    completedAt: now.toISOString(),
  };
}

