import { meetsTrackRules, routableTracks, TrackDefinitionBodySchema, trackDefinitionIssues, TrackIdSchema, undefinedTrackErrors, validateBlueprint } from '../src';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const body = (extra: Record<string, unknown> = {}) =>
  TrackDefinitionBodySchema.parse({ kind: 'remedial', title: 'Remedial coding', skills: ['coding'], entry: [{ skill: 'coding', maxTheta: 0 }], exit: [{ skill: 'coding', minTheta: 0 }], courseId: 'remedial-coding', ...extra });

describe('track ids', () => {
  it.each(['generalist', 'expert:coding', 'remedial:instruction-following'])('accepts %s', (id) => expect(TrackIdSchema.safeParse(id).success).toBe(true));
  it.each(['not-qualified', 'expert:', 'wizard', 'remedial:Coding', 'expert:coding:x'])('refuses %s', (id) => expect(TrackIdSchema.safeParse(id).success).toBe(false));
});

describe('track rules', () => {
  it('needs a bound, and min ≤ max', () => {
    expect(TrackDefinitionBodySchema.safeParse({ kind: 'expert', title: 't', skills: ['coding'], entry: [{ skill: 'coding' }] }).error?.issues[0]?.path).toEqual(['entry', 0, 'minTheta']);
    expect(TrackDefinitionBodySchema.safeParse({ kind: 'expert', title: 't', skills: ['coding'], exit: [{ skill: 'coding', minTheta: 1, maxTheta: 0 }] }).error?.issues[0]?.path).toEqual(['exit', 0, 'minTheta']);
    expect(TrackDefinitionBodySchema.safeParse({ kind: 'expert', title: 't', skills: ['coding'], extra: 1 }).success).toBe(false);
  });

  it('holds when every rule holds; a missing θ fails', () => {
    const rules = [{ skill: 'coding', minTheta: 0 }, { skill: 'math', maxTheta: 1 }];
    expect(meetsTrackRules(rules, { coding: 0, math: 1 })).toBe(true);
    expect(meetsTrackRules(rules, { coding: -0.1, math: 1 })).toBe(false);
    expect(meetsTrackRules(rules, { coding: 0.5 })).toBe(false);
    expect(meetsTrackRules([], {})).toBe(true);
  });
});

describe('cross-field checks, with paths', () => {
  it('a valid remedial track has no issues', () => expect(trackDefinitionIssues('remedial:coding', body())).toEqual([]));
  it('kind must match the id', () => expect(trackDefinitionIssues('expert:coding', body()).map((i) => i.path)).toEqual(['kind']));
  it("an expert/remedial track includes its skill; rules name the track's skills, once", () => {
    const issues = trackDefinitionIssues('remedial:math', body({ skills: ['coding', 'coding'], entry: [{ skill: 'coding', maxTheta: 0 }, { skill: 'coding', maxTheta: 1 }], exit: [{ skill: 'math', minTheta: 0 }] }));
    expect(issues.map((i) => i.path)).toEqual(['skills', 'skills[1]', 'entry[1].skill', 'exit[0].skill']);
  });
  it('a remedial track needs an exit rule; a generalist one does not', () => {
    expect(trackDefinitionIssues('remedial:coding', body({ exit: [] })).map((i) => i.path)).toEqual(['exit']);
    expect(trackDefinitionIssues('generalist', body({ kind: 'generalist', exit: [] }))).toEqual([]);
  });
});

describe('the tracks a blueprint routes to', () => {
  const seed = JSON.parse(readFileSync(join(__dirname, '../../local/seed/blueprints/general-placement.json'), 'utf8')) as unknown;
  const validated = validateBlueprint(seed);
  if (!validated.ok) throw new Error('seed blueprint invalid');
  const bp = validated.blueprint;

  it('generalist, expert per domain, remedial per general skill (not not-qualified)', () => {
    const tracks = routableTracks(bp);
    expect(tracks).toContainEqual({ track: 'generalist', path: 'routing.generalist' });
    expect(tracks).toContainEqual({ track: 'expert:coding', path: 'skills[5].domain' });
    expect(tracks).toContainEqual({ track: 'remedial:rubric-grading', path: 'cuts.rubric-grading' });
    expect(tracks.map((t) => t.track)).not.toContain('not-qualified');
    expect(tracks).toHaveLength(1 + 2 + 5);
  });

  it('remedial off: no remedial tracks; undefined ones are named by path', () => {
    const off = { ...bp, routing: { ...bp.routing, remedial: { ...bp.routing.remedial, maxFailingSkills: 0 } } };
    expect(routableTracks(off).map((t) => t.track)).toEqual(['generalist', 'expert:coding', 'expert:math']);
    expect(undefinedTrackErrors(off, new Set(['generalist', 'expert:coding'])).map((e) => e.path)).toEqual(['skills[6].domain']);
  });
});

describe('the seed defines every track the seed blueprint routes to', () => {
  it('seed/tracks.json is valid and complete', () => {
    const file = JSON.parse(readFileSync(join(__dirname, '../../local/seed/tracks.json'), 'utf8')) as { tracks: ({ id: string } & Record<string, unknown>)[] };
    for (const { id, ...fields } of file.tracks) expect({ id, issues: trackDefinitionIssues(id, TrackDefinitionBodySchema.parse(fields)) }).toEqual({ id, issues: [] });
    const seed = validateBlueprint(JSON.parse(readFileSync(join(__dirname, '../../local/seed/blueprints/general-placement.json'), 'utf8')));
    if (!seed.ok) throw new Error('seed blueprint invalid');
    expect(undefinedTrackErrors(seed.blueprint, new Set(file.tracks.map((t) => t.id)))).toEqual([]);
  });
});
