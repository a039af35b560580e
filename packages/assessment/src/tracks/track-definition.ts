// Tracks as data: what a track is (its kind, skills, entry and exit rules, linked course), authored and versioned.
// Routing still names tracks by id (decide-track.ts); publishing checks those ids against these. docs/tracks.md.
import * as z from 'zod';
import { SlugSchema } from '../bank/item-schema';
import { formatPath, type Issue } from '../bank/issues';

export const TRACK_KINDS = ['generalist', 'expert', 'remedial'] as const;
export type TrackKind = (typeof TRACK_KINDS)[number];

/**
 * A definable track id: the routing vocabulary minus `not-qualified`, which is an outcome (no track to define:
 * nothing to teach, no course, no exit), not a place a tasker works in.
 */
export const TrackIdSchema = z
  .string()
  .regex(
    /^(generalist|(expert|remedial):[a-z0-9][a-z0-9-]{0,63})$/,
    "must be 'generalist', 'expert:<skill>' or 'remedial:<skill>' (skill: lowercase letters, digits, hyphens); 'not-qualified' is a routing outcome, not a definable track",
  );

/** The kind an id implies: `generalist`, or its prefix. */
export const kindOfTrackId = (id: string): TrackKind => (id === 'generalist' ? 'generalist' : (id.slice(0, id.indexOf(':')) as TrackKind));
/** The skill an expert/remedial id names (undefined for generalist). */
export const skillOfTrackId = (id: string): string | undefined => (id.includes(':') ? id.slice(id.indexOf(':') + 1) : undefined);

const Theta = z.number().min(-6).max(6);

/** One condition on one skill's θ; bounds inclusive; at least one bound. */
export const TrackRuleSchema = z
  .strictObject({
    skill: SlugSchema,
    minTheta: Theta.optional().meta({ description: "θ on this skill must be at least this (inclusive)" }),
    maxTheta: Theta.optional().meta({ description: 'θ on this skill must be at most this (inclusive)' }),
  })
  .check((ctx) => {
    const { minTheta, maxTheta } = ctx.value;
    if (minTheta === undefined && maxTheta === undefined) ctx.issues.push({ code: 'custom', input: ctx.value, path: ['minTheta'], message: 'a rule needs minTheta, maxTheta or both' });
    else if (minTheta !== undefined && maxTheta !== undefined && minTheta > maxTheta)
      ctx.issues.push({ code: 'custom', input: ctx.value, path: ['minTheta'], message: 'must not exceed maxTheta' });
  });
export type TrackRule = z.output<typeof TrackRuleSchema>;

export const TRACK_LIMITS = { maxSkills: 20, maxRules: 20, titleMaxLength: 200 } as const;

/** A track definition as an author sends it (the id is the URL's). */
export const TrackDefinitionBodySchema = z.strictObject({
  kind: z.enum(TRACK_KINDS).meta({ description: "must match the id: 'generalist', or the id's prefix" }),
  title: z.string().trim().min(1).max(TRACK_LIMITS.titleMaxLength),
  skills: z.array(SlugSchema).min(1).max(TRACK_LIMITS.maxSkills).meta({ description: 'the skills the track works on; an expert/remedial track includes its own skill' }),
  entry: z.array(TrackRuleSchema).max(TRACK_LIMITS.maxRules).default([]).meta({ description: 'all must hold on current θ for a tasker to belong here (rules and ops read it)' }),
  exit: z.array(TrackRuleSchema).max(TRACK_LIMITS.maxRules).default([]).meta({ description: 'all must hold on a re-assessment for the tasker to leave (a remedial track needs at least one)' }),
  courseId: z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be 1..64 lowercase letters, digits or hyphens').optional().meta({ description: 'the course the track follows' }),
});
export type TrackDefinitionBody = z.output<typeof TrackDefinitionBodySchema>;

/** One stored, immutable version. */
export interface TrackDefinition extends TrackDefinitionBody {
  id: string;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

/** The rules between the id and the fields, with paths from the body's root (`kind`, `skills`, `exit[0].skill`). */
export function trackDefinitionIssues(id: string, body: TrackDefinitionBody): { path: string; message: string }[] {
  const issues: Issue[] = [];
  const kind = kindOfTrackId(id);
  if (body.kind !== kind) issues.push({ path: ['kind'], message: `must be '${kind}' for track '${id}'` });
  const own = skillOfTrackId(id);
  if (own !== undefined && !body.skills.includes(own)) issues.push({ path: ['skills'], message: `must include '${own}', the skill track '${id}' is about` });
  body.skills.forEach((s, i) => {
    if (body.skills.indexOf(s) !== i) issues.push({ path: ['skills', i], message: `'${s}' is listed twice` });
  });
  for (const side of ['entry', 'exit'] as const) {
    body[side].forEach((rule, i) => {
      if (!body.skills.includes(rule.skill)) issues.push({ path: [side, i, 'skill'], message: `'${rule.skill}' is not one of the track's skills` });
      else if (body[side].findIndex((r) => r.skill === rule.skill) !== i) issues.push({ path: [side, i, 'skill'], message: `'${rule.skill}' already has a rule` });
    });
  }
  // leaving a remedial track is what the re-assessment decides: without an exit rule nobody could leave it
  if (kind === 'remedial' && body.exit.length === 0) issues.push({ path: ['exit'], message: 'a remedial track needs at least one exit rule' });
  return issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
}

/** True when every rule holds on these θs (a skill without a θ fails its rule); no rules: true. */
export function meetsTrackRules(rules: readonly TrackRule[], theta: Readonly<Record<string, number>>): boolean {
  return rules.every((r) => {
    const t = Object.hasOwn(theta, r.skill) ? theta[r.skill] : undefined;
    return t !== undefined && (r.minTheta === undefined || t >= r.minTheta) && (r.maxTheta === undefined || t <= r.maxTheta);
  });
}
