import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateBlueprint, type BlueprintError } from '../src/blueprints';

type Json = Record<string, unknown>;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

const SEED = join(__dirname, '../../local/seed/blueprints/general-placement.json');

/** A small valid blueprint with every optional section left out. */
const minimal: Json = {
  id: 'mini',
  title: 'Minimal',
  skills: [
    { skill: 'writing-quality', kind: 'general', minItems: 2, maxItems: 5 },
    { skill: 'safety-policy', kind: 'general', minItems: 2, maxItems: 5 },
    { skill: 'coding', kind: 'domain', domain: 'coding', minItems: 3, maxItems: 6 },
  ],
  cat: {
    estimator: { method: 'EAP' },
    selection: { method: 'MFI' },
    stopping: { minItems: 4, maxItems: 12 },
  },
  cuts: { 'writing-quality': { generalist: 0 }, 'safety-policy': { generalist: -0.2 }, coding: { expert: 0.8 } },
  retake: { cooldownHours: 24, maxAttempts: 2 },
  idleTimeoutMinutes: 30,
};

function variant(edit: (x: Json & { skills: Json[]; cat: Json & { stopping: Json; selection: Json }; cuts: Json }) => void): Json {
  const x = clone(minimal) as Json & { skills: Json[]; cat: Json & { stopping: Json; selection: Json }; cuts: Json };
  edit(x);
  return x;
}

function errorsOf(input: unknown): BlueprintError[] {
  const r = validateBlueprint(input);
  if (r.ok) throw new Error('expected the blueprint to be rejected');
  return r.errors;
}

describe('validateBlueprint: valid blueprints', () => {
  test('the seed blueprint is valid and declares the seed skills', () => {
    const r = validateBlueprint(JSON.parse(readFileSync(SEED, 'utf8')));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const b = r.blueprint;
    expect(b.skills.map((s) => [s.skill, s.kind, s.domain])).toEqual([
      ['instruction-following', 'general', undefined],
      ['factual-verification', 'general', undefined],
      ['rubric-grading', 'general', undefined],
      ['writing-quality', 'general', undefined],
      ['safety-policy', 'general', undefined],
      ['coding', 'domain', 'coding'],
      ['math', 'domain', 'math'],
    ]);
    expect(b.retake).toEqual({ cooldownHours: 72, maxAttempts: 3 });
    expect(b.idleTimeoutMinutes).toBe(60);
    expect(b.cat.estimator).toEqual({ method: 'EAP', prior: { mean: 0, sd: 1 } });
    expect(b.cat.stopping.classification?.method).toBe('ci');
    expect(b.cat.stopping.maxItems).toBe(44);
    expect(b.cuts.coding).toEqual({ expert: 0.8 });
    expect(b.cuts['safety-policy']).toEqual({ generalist: 0 });
  });

  test('defaults are filled: routing, exposure, prior, includeDomainsFrom', () => {
    const r = validateBlueprint(minimal);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.blueprint.routing).toEqual({
      z: expect.closeTo(1.959963984540054, 8), // Φ⁻¹(0.975): the result's 95% interval
      expert: { generalRequirement: 'not-below' },
      generalist: { uncertain: 'theta-at-or-above-cut' },
      remedial: { maxFailingSkills: 1 },
    });
    expect(r.blueprint.cat.exposure).toEqual({ method: 'none' });
    expect(r.blueprint.cat.estimator.prior).toEqual({ mean: 0, sd: 1 });
    expect(r.blueprint.includeDomainsFrom).toBe('declared');
    expect(r.blueprint.version).toBeUndefined();
  });

  test('a partial routing section keeps the defaults of the parts it leaves out', () => {
    const r = validateBlueprint({ ...minimal, routing: { remedial: { maxFailingSkills: 2 } } });
    expect(r.ok && r.blueprint.routing).toEqual({
      z: expect.closeTo(1.959963984540054, 8), // Φ⁻¹(0.975): the result's 95% interval
      expert: { generalRequirement: 'not-below' },
      generalist: { uncertain: 'theta-at-or-above-cut' },
      remedial: { maxFailingSkills: 2 },
    });
  });

  test('a domain skill may also have a generalist cut below its expert cut; project blueprints have a projectId', () => {
    const input = variant((x) => {
      x.cuts.coding = { generalist: 0, expert: 0.8 };
      x.projectId = 'acme-rubric';
    });
    expect(validateBlueprint(input).ok).toBe(true);
  });
});

interface Case {
  name: string;
  input: Json;
  path: string;
  message: RegExp;
}

const cases: Case[] = [
  // shape
  { name: 'id not a slug', input: { ...minimal, id: 'General Placement' }, path: 'id', message: /lowercase slug/ },
  { name: 'version 0', input: { ...minimal, version: 0 }, path: 'version', message: /must be ≥ 1/ },
  { name: 'missing title', input: { ...minimal, title: undefined }, path: 'title', message: /^is required$/ },
  { name: 'unknown field', input: { ...minimal, owner: 'me' }, path: 'owner', message: /unknown field 'owner'/ },
  { name: 'no skills', input: { ...minimal, skills: [] }, path: 'skills', message: /at least 1/ },
  { name: 'unknown skill kind', input: variant((x) => (x.skills[0]!.kind = 'core')), path: 'skills[0].kind', message: /one of "general", "domain"/ },
  { name: 'targetShare 0', input: variant((x) => (x.skills[0]!.targetShare = 0)), path: 'skills[0].targetShare', message: /must be > 0/ },
  {
    name: 'unknown estimator',
    input: variant((x) => ((x.cat as Json).estimator = { method: 'ML' })),
    path: 'cat.estimator.method',
    message: /one of "EAP", "MAP", "MLE", "WLE"/,
  },
  {
    name: 'prior sd 0',
    input: variant((x) => ((x.cat as Json).estimator = { method: 'MAP', prior: { mean: 0, sd: 0 } })),
    path: 'cat.estimator.prior.sd',
    message: /must be > 0/,
  },
  { name: 'cut outside the θ scale', input: variant((x) => (x.cuts.coding = { expert: 7 })), path: 'cuts.coding.expert', message: /must be ≤ 6/ },
  { name: 'routing z 0', input: { ...minimal, routing: { z: 0 } }, path: 'routing.z', message: /must be > 0/ },
  {
    name: 'unknown uncertain policy',
    input: { ...minimal, routing: { generalist: { uncertain: 'maybe' } } },
    path: 'routing.generalist.uncertain',
    message: /one of/,
  },
  { name: 'maxAttempts 0', input: { ...minimal, retake: { cooldownHours: 24, maxAttempts: 0 } }, path: 'retake.maxAttempts', message: /must be ≥ 1/ },
  { name: 'negative cooldown', input: { ...minimal, retake: { cooldownHours: -1, maxAttempts: 2 } }, path: 'retake.cooldownHours', message: /must be ≥ 0/ },
  { name: 'idle timeout 0', input: { ...minimal, idleTimeoutMinutes: 0 }, path: 'idleTimeoutMinutes', message: /must be ≥ 1/ },
  { name: 'idle timeout not an integer', input: { ...minimal, idleTimeoutMinutes: 1.5 }, path: 'idleTimeoutMinutes', message: /must be an integer/ },
  { name: 'unknown includeDomainsFrom', input: { ...minimal, includeDomainsFrom: 'some' }, path: 'includeDomainsFrom', message: /one of "declared", "all"/ },
  // rules: skills
  {
    name: 'duplicate skill',
    input: variant((x) => x.skills.push({ skill: 'safety-policy', kind: 'general', minItems: 0, maxItems: 2 })),
    path: 'skills[3].skill',
    message: /duplicate skill "safety-policy" \(also at skills\[1\]\)/,
  },
  { name: 'domain skill without domain', input: variant((x) => delete x.skills[2]!.domain), path: 'skills[2].domain', message: /is required for a domain skill/ },
  { name: 'general skill with a domain', input: variant((x) => (x.skills[0]!.domain = 'writing')), path: 'skills[0].domain', message: /only domain skills have a domain/ },
  {
    name: 'two skills for one domain',
    input: variant((x) => {
      x.skills.push({ skill: 'code-review', kind: 'domain', domain: 'coding', minItems: 0, maxItems: 3 });
      x.cuts['code-review'] = { expert: 1 };
    }),
    path: 'skills[3].domain',
    message: /domain "coding" is already measured by skills\[2\]/,
  },
  { name: 'skill minItems > maxItems', input: variant((x) => (x.skills[0]!.minItems = 6)), path: 'skills[0].minItems', message: /must be ≤ maxItems \(5\); got 6/ },
  {
    name: 'no general skill',
    input: variant((x) => {
      x.skills = [x.skills[2]!];
      x.cuts = { coding: { expert: 0.8 } };
    }),
    path: 'skills',
    message: /at least one general skill/,
  },
  {
    name: 'target shares above 1 in total',
    input: variant((x) => {
      x.skills[0]!.targetShare = 0.5;
      x.skills[1]!.targetShare = 0.4;
      x.skills[2]!.targetShare = 0.2;
    }),
    path: 'skills',
    message: /add up to 1.1, more than 1/,
  },
  // rules: lengths
  { name: 'stopping minItems > maxItems', input: variant((x) => (x.cat.stopping.minItems = 13)), path: 'cat.stopping.minItems', message: /must be ≤ cat.stopping.maxItems \(12\); got 13/ },
  {
    name: 'sum of skill minItems above stopping maxItems',
    input: variant((x) => (x.cat.stopping.maxItems = 6)),
    path: 'cat.stopping.maxItems',
    message: /is 6, less than the sum of the skills' minItems \(7\)/,
  },
  {
    name: 'stopping minItems beyond what the general skills allow',
    input: variant((x) => (x.cat.stopping.minItems = 11)),
    path: 'cat.stopping.minItems',
    message: /is 11, more than the general skills' maxItems allow together \(10\)/,
  },
  // rules: CAT settings
  {
    name: 'randomesque without K',
    input: variant((x) => (x.cat.selection = { method: 'randomesque' })),
    path: 'cat.selection.randomesqueK',
    message: /is required for method "randomesque"/,
  },
  {
    name: 'K with another method',
    input: variant((x) => (x.cat.selection = { method: 'MFI', randomesqueK: 3 })),
    path: 'cat.selection.randomesqueK',
    message: /only for method "randomesque"/,
  },
  {
    name: 'restricted exposure without maxRate',
    input: variant((x) => ((x.cat as Json).exposure = { method: 'restricted' })),
    path: 'cat.exposure.maxRate',
    message: /is required for method "restricted"/,
  },
  {
    name: 'sympson-hetter (not offered in blueprints)',
    input: variant((x) => ((x.cat as Json).exposure = { method: 'sympson-hetter', maxRate: 0.25 })),
    path: 'cat.exposure.method',
    message: /sympson-hetter is not available in blueprints.*"progressive" or "restricted"/,
  },
  {
    name: 'maxRate with no exposure control',
    input: variant((x) => ((x.cat as Json).exposure = { method: 'none', maxRate: 0.3 })),
    path: 'cat.exposure.maxRate',
    message: /no effect with method "none"/,
  },
  {
    name: 'ci classification with alpha',
    input: variant((x) => (x.cat.stopping.classification = { method: 'ci', alpha: 0.05 })),
    path: 'cat.stopping.classification.alpha',
    message: /parameter of method "sprt"/,
  },
  {
    name: 'sprt classification with confidence',
    input: variant((x) => (x.cat.stopping.classification = { method: 'sprt', confidence: 0.95 })),
    path: 'cat.stopping.classification.confidence',
    message: /parameter of methods "ci" and "posterior"/,
  },
  // rules: cuts
  { name: 'cut for a skill not in skills', input: variant((x) => (x.cuts.physics = { expert: 1 })), path: 'cuts.physics', message: /"physics", which is not in skills/ },
  {
    name: 'general skill without a generalist cut',
    input: variant((x) => (x.cuts['safety-policy'] = { expert: 1 })),
    path: 'cuts.safety-policy.generalist',
    message: /general skill "safety-policy" needs a generalist cut/,
  },
  {
    name: 'general skill missing from cuts',
    input: variant((x) => delete x.cuts['writing-quality']),
    path: 'cuts.writing-quality.generalist',
    message: /is required/,
  },
  { name: 'domain skill without an expert cut', input: variant((x) => (x.cuts.coding = { generalist: 0 })), path: 'cuts.coding.expert', message: /domain skill "coding" needs an expert cut/ },
  {
    name: 'expert cut not above the generalist cut',
    input: variant((x) => (x.cuts.coding = { generalist: 0.8, expert: 0.8 })),
    path: 'cuts.coding.expert',
    message: /must be greater than the generalist cut \(0.8\); got 0.8/,
  },
];

describe('validateBlueprint: one problem per rule', () => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(errorsOf(c.input)).toEqual([{ path: c.path, message: expect.stringMatching(c.message) }]);
  });
});

describe('validateBlueprint: reporting', () => {
  test('not an object', () => {
    expect(errorsOf('general-placement')).toEqual([{ path: '', message: 'a blueprint must be a JSON object' }]);
  });

  test('every problem is reported at once, shape and rules together', () => {
    const input = variant((x) => {
      x.title = '';
      x.skills[0]!.minItems = 6; // > maxItems 5 (the sum of minimums, 11, still fits in 12)
      x.cat.selection = { method: 'randomesque' };
      x.cuts.physics = { expert: 1 };
      x.idleTimeoutMinutes = -5;
    });
    expect(errorsOf(input).map((e) => e.path)).toEqual([
      'title',
      'idleTimeoutMinutes',
      'skills[0].minItems',
      'cat.selection.randomesqueK',
      'cuts.physics',
    ]);
  });

  test('with includeDomainsFrom "all", the stopping minimum may count the domain skills', () => {
    const declared = variant((x) => (x.cat.stopping.minItems = 12));
    expect(errorsOf(declared).map((e) => e.path)).toEqual(['cat.stopping.minItems']);
    expect(validateBlueprint({ ...declared, includeDomainsFrom: 'all' }).ok).toBe(true);
  });
});
