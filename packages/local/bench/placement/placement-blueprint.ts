// The blueprint of `npm run bench:placement`: one general skill, one cut at θ = 0.5, at most 30 items, CMI
// selection, and no classification stop written: the documented default (docs/blueprints.md, "Classification
// defaults") is what is measured.
import { HELD_OUT_CUT, HELD_OUT_SKILL, HELD_OUT_TAG } from './held-out';

export const PLACEMENT_BENCH_BLUEPRINT_ID = 'held-out-placement';
export const PLACEMENT_MAX_ITEMS = 30;

export function placementBenchBlueprint(overrides: { classification?: Record<string, unknown>; selection?: Record<string, unknown> } = {}): Record<string, unknown> {
  return {
    id: PLACEMENT_BENCH_BLUEPRINT_ID,
    title: 'Held-out placement benchmark: one cut at 0.5, max 30 items',
    skills: [{ skill: HELD_OUT_SKILL, kind: 'general', minItems: 1, maxItems: PLACEMENT_MAX_ITEMS, itemTags: [HELD_OUT_TAG] }],
    cat: {
      estimator: { method: 'EAP', prior: { mean: 0, sd: 1 } },
      selection: overrides.selection ?? { method: 'CMI' },
      stopping: { minItems: 1, maxItems: PLACEMENT_MAX_ITEMS, ...(overrides.classification ? { classification: overrides.classification } : {}) },
    },
    cuts: { [HELD_OUT_SKILL]: { generalist: HELD_OUT_CUT } },
    retake: { cooldownHours: 24, maxAttempts: 3 },
    idleTimeoutMinutes: 60,
  };
}
