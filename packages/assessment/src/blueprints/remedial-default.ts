// The remedial default: remedial:<skill> is "a course for one weak skill" among otherwise passing general skills
// (shared/DOMAIN.md, "Tracks"). With one general skill, failing it means failing everything measured for a
// generalist, which is "not qualified (yet)", so the default turns remedial routing off there.

import type { Blueprint } from './blueprint-schema';

/** The `routing.remedial.maxFailingSkills` a blueprint gets when it gives none: 1, or 0 with a single general skill. */
export function defaultMaxFailingSkills(blueprint: Pick<Blueprint, 'skills'>): number {
  return blueprint.skills.filter((s) => s.kind === 'general').length >= 2 ? 1 : 0;
}

/** `blueprint` (schema defaults filled) with the remedial default applied when the author's `input` gave no value. */
export function withRemedialDefault(blueprint: Blueprint, input: unknown): Blueprint {
  if (authoredMaxFailingSkills(input) !== undefined) return blueprint;
  return { ...blueprint, routing: { ...blueprint.routing, remedial: { ...blueprint.routing.remedial, maxFailingSkills: defaultMaxFailingSkills(blueprint) } } };
}

function authoredMaxFailingSkills(input: unknown): unknown {
  const routing = isObject(input) ? input.routing : undefined;
  const remedial = isObject(routing) ? routing.remedial : undefined;
  return isObject(remedial) ? remedial.maxFailingSkills : undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
