// Expected tracks below were worked out by hand from the rule text in docs/blueprints.md ("Routing"):
// interval = θ ± z·SE; above: lower > cut; below: upper < cut; otherwise uncertain.
// A general skill passes when above, or uncertain with θ ≥ cut (default policy).
// expert:<domain>: domain skill above its expert cut and no general skill below; several → largest (θ − cut)/SE.
// generalist: every general skill passes. remedial:<skill>: exactly one fails. not-qualified: two or more fail.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UnprocessableError } from '../src/errors';
import { validateBlueprint, type Blueprint } from '../src/blueprints';
import { classifyAgainstCut, decideTrack, type SkillEstimate } from '../src/routing';

function makeBlueprint(routing: Record<string, unknown> = {}): Blueprint {
  const r = validateBlueprint({
    id: 'route-test',
    version: 4,
    title: 'Routing test',
    skills: [
      { skill: 'instruction-following', kind: 'general', minItems: 2, maxItems: 6 },
      { skill: 'factual-verification', kind: 'general', minItems: 2, maxItems: 6 },
      { skill: 'writing-quality', kind: 'general', minItems: 2, maxItems: 6 },
      { skill: 'coding', kind: 'domain', domain: 'coding', minItems: 2, maxItems: 6 },
      { skill: 'math', kind: 'domain', domain: 'math', minItems: 2, maxItems: 6 },
    ],
    cat: { estimator: { method: 'EAP' }, selection: { method: 'MFI' }, stopping: { minItems: 6, maxItems: 30 } },
    cuts: {
      'instruction-following': { generalist: 0 },
      'factual-verification': { generalist: 0 },
      'writing-quality': { generalist: 0 },
      coding: { expert: 0.8 },
      math: { expert: 1.0 },
    },
    routing,
    retake: { cooldownHours: 72, maxAttempts: 3 },
    idleTimeoutMinutes: 60,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.blueprint;
}

const est = (theta: number, se: number): SkillEstimate => ({ theta, se });
/** three general skills clearly above 0 (lower bounds 0.51, 0.31, 0.11 with SE 0.25) */
const strongGeneral = {
  'instruction-following': est(1.0, 0.25),
  'factual-verification': est(0.8, 0.25),
  'writing-quality': est(0.6, 0.25),
};

interface Case {
  name: string;
  routing?: Record<string, unknown>;
  perSkill: Record<string, SkillEstimate>;
  track: string;
  rule: string;
  classes?: Record<string, string>;
}

const cases: Case[] = [
  {
    name: 'all general skills above, no domain measured → generalist',
    perSkill: strongGeneral,
    track: 'generalist',
    rule: 'generalist',
    classes: { 'instruction-following': 'above', 'factual-verification': 'above', 'writing-quality': 'above' },
  },
  {
    name: 'θ exactly at the generalist cut (uncertain, θ ≥ cut) passes → generalist',
    perSkill: { ...strongGeneral, 'writing-quality': est(0, 0.25) },
    track: 'generalist',
    rule: 'generalist',
    classes: { 'writing-quality': 'uncertain' },
  },
  {
    name: 'uncertain just below the cut (θ = −0.1, interval [−0.59, 0.39]) fails → remedial',
    perSkill: { ...strongGeneral, 'factual-verification': est(-0.1, 0.25) },
    track: 'remedial:factual-verification',
    rule: 'remedial',
    classes: { 'factual-verification': 'uncertain' },
  },
  {
    name: 'one general skill confidently below (upper −0.51) → remedial',
    perSkill: { ...strongGeneral, 'writing-quality': est(-1.0, 0.25) },
    track: 'remedial:writing-quality',
    rule: 'remedial',
    classes: { 'writing-quality': 'below' },
  },
  {
    name: 'two weak general skills (one below, one uncertain below the cut) → not-qualified',
    perSkill: { ...strongGeneral, 'instruction-following': est(-1.0, 0.25), 'writing-quality': est(-0.2, 0.25) },
    track: 'not-qualified',
    rule: 'not-qualified',
    classes: { 'instruction-following': 'below', 'writing-quality': 'uncertain' },
  },
  {
    name: 'all three general skills below → not-qualified',
    perSkill: { 'instruction-following': est(-1, 0.2), 'factual-verification': est(-1, 0.2), 'writing-quality': est(-1, 0.2) },
    track: 'not-qualified',
    rule: 'not-qualified',
  },
  {
    name: 'coding above its expert cut (lower 1.5 − 0.588 = 0.912 > 0.8) → expert:coding',
    perSkill: { ...strongGeneral, coding: est(1.5, 0.3) },
    track: 'expert:coding',
    rule: 'expert',
    classes: { coding: 'above' },
  },
  {
    name: 'coding high but wide SE (lower 0.52 < 0.8: uncertain) → generalist',
    perSkill: { ...strongGeneral, coding: est(1.5, 0.5) },
    track: 'generalist',
    rule: 'generalist',
    classes: { coding: 'uncertain' },
  },
  {
    name: 'coding and math both above: math has the larger (θ − cut)/SE (4.0 vs 2.4) though coding has the larger θ − cut',
    perSkill: { ...strongGeneral, coding: est(2.0, 0.5), math: est(1.8, 0.2) },
    track: 'expert:math',
    rule: 'expert',
    classes: { coding: 'above', math: 'above' },
  },
  {
    name: 'coding and math both above: coding wins on (θ − cut)/SE (2.667 vs 2.0)',
    perSkill: { ...strongGeneral, coding: est(1.6, 0.3), math: est(1.5, 0.25) },
    track: 'expert:coding',
    rule: 'expert',
  },
  {
    name: 'math below its expert cut, coding not measured → generalist',
    perSkill: { ...strongGeneral, math: est(0.1, 0.3) },
    track: 'generalist',
    rule: 'generalist',
    classes: { math: 'below' },
  },
  {
    name: 'coding above but a general skill confidently below → no expert track; remedial',
    perSkill: { ...strongGeneral, 'writing-quality': est(-1.0, 0.25), coding: est(1.5, 0.3) },
    track: 'remedial:writing-quality',
    rule: 'remedial',
  },
  {
    name: 'coding above, a general skill uncertain below its cut (not below) → expert:coding under "not-below"',
    perSkill: { ...strongGeneral, 'factual-verification': est(-0.1, 0.25), coding: est(1.5, 0.3) },
    track: 'expert:coding',
    rule: 'expert',
  },
  {
    name: 'same, with generalRequirement "pass" → remedial',
    routing: { expert: { generalRequirement: 'pass' } },
    perSkill: { ...strongGeneral, 'factual-verification': est(-0.1, 0.25), coding: est(1.5, 0.3) },
    track: 'remedial:factual-verification',
    rule: 'remedial',
  },
  {
    name: 'uncertain policy "fail": θ above the cut but interval contains it → remedial',
    routing: { generalist: { uncertain: 'fail' } },
    perSkill: { ...strongGeneral, 'instruction-following': est(0.2, 0.25) },
    track: 'remedial:instruction-following',
    rule: 'remedial',
  },
  {
    name: 'uncertain policy "pass": θ below the cut but interval contains it → generalist',
    routing: { generalist: { uncertain: 'pass' } },
    perSkill: { ...strongGeneral, 'instruction-following': est(-0.2, 0.25) },
    track: 'generalist',
    rule: 'generalist',
  },
  {
    name: 'maxFailingSkills 2 with two failing: remedial for the weaker ((θ − cut)/SE −4 vs −1.2)',
    routing: { remedial: { maxFailingSkills: 2 } },
    perSkill: { ...strongGeneral, 'instruction-following': est(-0.3, 0.25), 'writing-quality': est(-1.0, 0.25) },
    track: 'remedial:writing-quality',
    rule: 'remedial',
  },
  {
    name: 'maxFailingSkills 0: one failing skill → not-qualified',
    routing: { remedial: { maxFailingSkills: 0 } },
    perSkill: { ...strongGeneral, 'writing-quality': est(-1.0, 0.25) },
    track: 'not-qualified',
    rule: 'not-qualified',
  },
  // boundaries with z = 2 and SE = 0.25, so z·SE = 0.5 exactly
  {
    name: 'z = 2: lower bound exactly at the expert cut (1.3 − 0.5 = 0.8) is uncertain, not above → generalist',
    routing: { z: 2 },
    perSkill: { ...strongGeneral, coding: est(1.3, 0.25) },
    track: 'generalist',
    rule: 'generalist',
    classes: { coding: 'uncertain' },
  },
  {
    name: 'z = 2: lower bound exactly at the generalist cut (0.5 − 0.5 = 0) is uncertain and passes (θ ≥ cut)',
    routing: { z: 2 },
    perSkill: { ...strongGeneral, 'writing-quality': est(0.5, 0.25) },
    track: 'generalist',
    rule: 'generalist',
    classes: { 'writing-quality': 'uncertain' },
  },
  {
    name: 'z = 2: upper bound exactly at the generalist cut (−0.5 + 0.5 = 0) is uncertain, not below, and fails (θ < cut)',
    routing: { z: 2 },
    perSkill: { ...strongGeneral, 'writing-quality': est(-0.5, 0.25) },
    track: 'remedial:writing-quality',
    rule: 'remedial',
    classes: { 'writing-quality': 'uncertain' },
  },
  {
    name: 'z = 2 turns a 1.96-above into uncertain: coding 1.3 ± 2·0.255 = [0.79, 1.81] → generalist',
    routing: { z: 2 },
    perSkill: { ...strongGeneral, coding: est(1.3, 0.255) },
    track: 'generalist',
    rule: 'generalist',
    classes: { coding: 'uncertain' },
  },
];

describe('decideTrack: table of hand-computed cases', () => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const decision = decideTrack(makeBlueprint(c.routing), c.perSkill);
    expect(decision.track).toBe(c.track);
    expect(decision.rule).toBe(c.rule);
    for (const [skill, cls] of Object.entries(c.classes ?? {})) expect(decision.decisions[skill]?.classification).toBe(cls);
  });

  test('the z = 2 boundary cases really sit on the bound', () => {
    expect(1.3 - 2 * 0.25).toBe(0.8);
    expect(0.5 - 2 * 0.25).toBe(0);
    expect(-0.5 + 2 * 0.25).toBe(0);
    expect(classifyAgainstCut(1.3, 0.25, 0.8, 2)).toEqual({ lower: 0.8, upper: 1.8, classification: 'uncertain' });
    // and 1.3 with SE 0.255 under the default z is above 0.8: 1.3 − 1.96·0.255 = 0.8002
    expect(classifyAgainstCut(1.3, 0.255, 0.8, 1.96).classification).toBe('above');
  });
});

describe('decideTrack: decisions and reasons', () => {
  test('per-skill decision records', () => {
    const d = decideTrack(makeBlueprint(), { ...strongGeneral, coding: est(1.5, 0.3) });
    const ifd = d.decisions['instruction-following'];
    expect(ifd).toMatchObject({ skill: 'instruction-following', kind: 'general', cutName: 'generalist', cut: 0, theta: 1.0, se: 0.25 });
    // the default z is the 95% quantile Φ⁻¹(0.975) = 1.959963984540054 (published value), not 1.96
    expect(ifd?.lower95).toBeCloseTo(1 - 0.25 * 1.959963984540054, 8);
    expect(ifd?.upper95).toBeCloseTo(1 + 0.25 * 1.959963984540054, 8);
    expect(ifd?.margin).toBeCloseTo(4, 12);
    const cd = d.decisions.coding;
    expect(cd).toMatchObject({ kind: 'domain', cutName: 'expert', cut: 0.8, classification: 'above', passes: true });
    expect(cd?.lower95).toBeCloseTo(1.5 - 0.3 * 1.959963984540054, 8);
    // math was not measured: no decision for it
    expect(Object.keys(d.decisions).sort()).toEqual(['coding', 'factual-verification', 'instruction-following', 'writing-quality']);
    expect(d.blueprint).toEqual({ id: 'route-test', version: 4 });
  });

  test('expert reason names the rule, the cut, the estimate, the certainty and the other qualifying domain', () => {
    const d = decideTrack(makeBlueprint(), { ...strongGeneral, coding: est(2.0, 0.5), math: est(1.8, 0.2) });
    expect(d.reason).toContain('Rule "expert"');
    expect(d.reason).toContain('math θ = 1.80 (SE 0.20; θ ± 1.96·SE = [1.41, 2.19]) vs expert cut 1.00: above');
    expect(d.reason).toContain('4.00 SE above');
    expect(d.reason).toMatch(/Also above its expert cut: coding \(2\.40 SE above\)/);
  });

  test('remedial reason names the failing skill, its cut and interval', () => {
    const d = decideTrack(makeBlueprint(), { ...strongGeneral, 'writing-quality': est(-1.0, 0.25) });
    expect(d.reason).toContain('Rule "remedial"');
    expect(d.reason).toContain('writing-quality θ = -1.00 (SE 0.25; θ ± 1.96·SE = [-1.49, -0.51]) vs generalist cut 0.00: below');
  });

  test('a blocked expert qualification is explained', () => {
    const d = decideTrack(makeBlueprint(), { ...strongGeneral, 'writing-quality': est(-1.0, 0.25), coding: est(1.5, 0.3) });
    expect(d.reason).toContain('coding qualified above its expert cut, but the expert track needs no general skill below its generalist cut, and writing-quality is below.');
  });

  test('not-qualified reason states the retake policy from the blueprint', () => {
    const d = decideTrack(makeBlueprint(), { 'instruction-following': est(-1, 0.2), 'factual-verification': est(-1, 0.2), 'writing-quality': est(0.5, 0.2) });
    expect(d.reason).toContain('Rule "not-qualified": 2 general skills fail');
    expect(d.reason).toContain('72 hours');
    expect(d.reason).toContain('at most 3 attempts');
  });

  test('generalist reason mentions uncertain skills policy and unmeasured domains', () => {
    const d = decideTrack(makeBlueprint(), { ...strongGeneral, 'writing-quality': est(0, 0.25), coding: est(1.5, 0.5) });
    expect(d.reason).toContain('passes iff θ ≥ cut');
    expect(d.reason).toContain('coding θ = 1.50 (SE 0.50; θ ± 1.96·SE = [0.52, 2.48]) vs expert cut 0.80: uncertain');
    expect(d.reason).toContain('not measured: math');
  });

  test('deterministic: same input, same decision', () => {
    const input = { ...strongGeneral, coding: est(1.6, 0.3), math: est(1.5, 0.25) };
    expect(decideTrack(makeBlueprint(), input)).toEqual(decideTrack(makeBlueprint(), input));
  });

  test('a tie in (θ − cut)/SE goes to the domain skill listed first in the blueprint', () => {
    // coding (1.8 − 0.8)/0.5 = 2 and math (1.5 − 1.0)/0.25 = 2, exactly
    const input = { ...strongGeneral, coding: est(1.8, 0.5), math: est(1.5, 0.25) };
    const codingFirst = makeBlueprint();
    const d = decideTrack(codingFirst, input);
    expect(d.decisions.coding?.margin).toBe(2);
    expect(d.decisions.math?.margin).toBe(2);
    expect(d.track).toBe('expert:coding');
    const mathFirst: Blueprint = { ...codingFirst, skills: [...codingFirst.skills].sort((x, y) => (x.skill === 'math' ? -1 : y.skill === 'math' ? 1 : 0)) };
    expect(mathFirst.skills[0]?.skill).toBe('math');
    expect(decideTrack(mathFirst, input).track).toBe('expert:math');
  });

  test('the seed blueprint routes a strong coder to expert:coding', () => {
    const raw: unknown = JSON.parse(readFileSync(join(__dirname, '../../local/seed/blueprints/general-placement.json'), 'utf8'));
    const r = validateBlueprint(raw);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const general = Object.fromEntries(
      ['instruction-following', 'factual-verification', 'rubric-grading', 'writing-quality', 'safety-policy'].map((s) => [s, est(0.9, 0.3)]),
    );
    expect(decideTrack(r.blueprint, { ...general, coding: est(1.8, 0.3) }).track).toBe('expert:coding');
    expect(decideTrack(r.blueprint, { ...general, coding: est(1.0, 0.3) }).track).toBe('generalist');
  });
});

describe('decideTrack: bad input', () => {
  const code = (fn: () => unknown): string | undefined => {
    try {
      fn();
    } catch (e) {
      if (e instanceof UnprocessableError) return e.code;
      throw e;
    }
    return undefined;
  };

  test('a general skill without an estimate', () => {
    const { 'writing-quality': _omit, ...rest } = strongGeneral;
    expect(code(() => decideTrack(makeBlueprint(), rest))).toBe('missing_skill_estimate');
  });

  test.each([
    ['SE 0', est(0.5, 0)],
    ['negative SE', est(0.5, -0.1)],
    ['NaN θ', est(Number.NaN, 0.3)],
    ['infinite SE', est(0.5, Number.POSITIVE_INFINITY)],
  ])('%s', (_name, bad) => {
    expect(code(() => decideTrack(makeBlueprint(), { ...strongGeneral, 'writing-quality': bad }))).toBe('invalid_skill_estimate');
  });

  test('estimates of skills outside the blueprint are ignored', () => {
    const d = decideTrack(makeBlueprint(), { ...strongGeneral, physics: est(3, 0.1) });
    expect(d.track).toBe('generalist');
    expect(d.decisions).not.toHaveProperty('physics');
  });
});
