// Generated sentences read well for 0, 1 and many; the tasker's summary carries no θ, SE or cut; the routing and the
// CAT's classification stop use one confidence level (the sliver between z = 1.959964 and z = 1.96 at a cut).
import { confidenceInterval, sideOfCut, type ClassificationConfig } from '@theta/irt';
import type { BankSnapshot } from '../src/blueprints';
import { catConfigFor } from '../src/placement/cat-config';
import { classifyAgainstCut, decideTrack, type SkillEstimate } from '../src/routing';
import { count, listOf, plural } from '../src/text/plural';
import { publishedBlueprint, threeSkillBlueprint, type Json } from './fixtures/blueprints';

const est = (theta: number, se: number): SkillEstimate => ({ theta, se });
const blueprint = (edit: (x: Json & { skills: Json[] }) => void = () => {}) => {
  const x = threeSkillBlueprint();
  edit(x);
  return publishedBlueprint(x);
};
const strong = { 'writing-quality': est(1, 0.25), 'rubric-grading': est(1, 0.25) };

describe('count, plural, listOf', () => {
  test.each([
    [0, '0 hours'],
    [1, '1 hour'],
    [2, '2 hours'],
    [0.5, '0.5 hours'],
  ])('count(%p, hour) = %p', (n, text) => expect(count(n, 'hour')).toBe(text));
  test('irregular plural and verbs', () => {
    expect(count(1, 'category', 'categories')).toBe('1 category');
    expect(count(3, 'category', 'categories')).toBe('3 categories');
    expect(plural(1, 'was', 'were')).toBe('was');
    expect(plural(2, 'was', 'were')).toBe('were');
  });
  test('lists', () => {
    expect(listOf([])).toBe('');
    expect(listOf(['coding'])).toBe('coding');
    expect(listOf(['coding', 'math'])).toBe('coding and math');
    expect(listOf(['a', 'b', 'c'])).toBe('a, b and c');
  });
});

describe('the retake sentence of a not-qualified reason for 0, 1 and many', () => {
  const failBoth = { 'writing-quality': est(-2, 0.2), 'rubric-grading': est(-2, 0.2) };
  test.each([
    [{ cooldownHours: 0, maxAttempts: 3 }, 'Retake policy: a new attempt may start at any time, at most 3 attempts in total.'],
    [{ cooldownHours: 1, maxAttempts: 2 }, 'Retake policy: a new attempt may start 1 hour after this one, at most 2 attempts in total.'],
    [{ cooldownHours: 24, maxAttempts: 5 }, 'Retake policy: a new attempt may start 24 hours after this one, at most 5 attempts in total.'],
    [{ cooldownHours: 24, maxAttempts: 1 }, 'Retake policy: 1 attempt in total, no retake.'],
  ])('%p', (retake, sentence) => {
    const d = decideTrack(blueprint((x) => (x.retake = retake)), failBoth);
    expect(d.track).toBe('not-qualified');
    expect(d.reason.endsWith(sentence)).toBe(true);
  });

  test.each([
    [0, '(remedial is turned off)'],
    [1, '(remedial takes at most 1 failing skill)'],
  ])('remedial.maxFailingSkills %p → %p', (max, text) => {
    const d = decideTrack(blueprint((x) => (x.routing = { remedial: { maxFailingSkills: max } })), failBoth);
    expect(d.reason).toContain(`2 general skills fail their generalist cuts ${text}`);
  });

  test('one failing skill with remedial off: singular throughout', () => {
    const d = decideTrack(blueprint((x) => (x.routing = { remedial: { maxFailingSkills: 0 } })), { ...strong, 'rubric-grading': est(-2, 0.2) });
    expect(d.reason).toContain('Rule "not-qualified": 1 general skill fails its generalist cut (remedial is turned off)');
  });

  test('two failing skills under remedial: plural cuts, the weakest named', () => {
    const d = decideTrack(blueprint((x) => (x.routing = { remedial: { maxFailingSkills: 2 } })), {
      'writing-quality': est(-2, 0.2),
      'rubric-grading': est(-1, 0.2),
    });
    expect(d.track).toBe('remedial:writing-quality');
    expect(d.reason).toContain('Rule "remedial": 2 general skills fail their generalist cuts (at most 2 allowed for remedial) — ');
    expect(d.reason).toContain('; the weakest is writing-quality.');
  });
});

describe("the tasker's summary", () => {
  test('generalist with coding close to the expert level (the example of the issue)', () => {
    const d = decideTrack(blueprint((x) => (x.retake = { cooldownHours: 24, maxAttempts: 3 })), { ...strong, coding: est(0.9, 0.3) });
    expect(d.track).toBe('generalist');
    expect(d.summary).toBe(
      'You are on the generalist track. Coding was close to the expert level: you may retake the placement after 24 hours (up to 3 attempts in total).',
    );
  });

  test('expert: the track alone', () => {
    expect(decideTrack(blueprint(), { ...strong, coding: est(2, 0.2) }).summary).toBe('You are on the expert coding track.');
  });

  test('generalist without anything close: no retake advice', () => {
    expect(decideTrack(blueprint(), { ...strong, coding: est(-1, 0.2) }).summary).toBe('You are on the generalist track.');
    expect(decideTrack(blueprint(), strong).summary).toBe('You are on the generalist track.');
  });

  test('expert level reached but blocked by a general skill; the remedial course named', () => {
    const d = decideTrack(blueprint(), { 'writing-quality': est(-1, 0.2), 'rubric-grading': est(1, 0.2), coding: est(2, 0.2) });
    expect(d.track).toBe('remedial:writing-quality');
    expect(d.summary).toBe(
      'You are on the remedial writing quality track: a short course on writing quality, then a new assessment. ' +
        'Coding reached the expert level, but the expert track also needs writing quality at the generalist level.',
    );
  });

  test('not qualified: what needs practice, one retake clause; none when the blueprint allows no retake', () => {
    const failing = { 'writing-quality': est(-2, 0.2), 'rubric-grading': est(-2, 0.2) };
    expect(decideTrack(blueprint(), failing).summary).toBe(
      'You did not qualify for a track this time. Writing quality and rubric grading need more practice: you may retake the placement after 72 hours (up to 3 attempts in total).',
    );
    expect(decideTrack(blueprint((x) => (x.retake = { cooldownHours: 0, maxAttempts: 1 })), failing).summary).toBe(
      'You did not qualify for a track this time. Writing quality and rubric grading need more practice.',
    );
    expect(decideTrack(blueprint((x) => (x.retake = { cooldownHours: 0, maxAttempts: 2 })), failing).summary).toContain(
      'you may retake the placement at any time (up to 2 attempts in total).',
    );
  });

  test('close to the generalist level (uncertain and failing under the default policy) is said so, in the singular', () => {
    const d = decideTrack(blueprint((x) => (x.routing = { remedial: { maxFailingSkills: 0 } })), { 'writing-quality': est(-0.1, 0.3), 'rubric-grading': est(1, 0.2) });
    expect(d.track).toBe('not-qualified');
    expect(d.summary).toBe(
      'You did not qualify for a track this time. Writing quality was close to the generalist level: you may retake the placement after 72 hours (up to 3 attempts in total).',
    );
  });

  test('never shows θ, SE, a cut or a decimal number, over a grid of estimates', () => {
    const bp = blueprint();
    for (const w of [-2, -0.1, 0.1, 2])
      for (const r of [-2, 0.05, 2])
        for (const c of [-1, 0.8, 0.9, 3]) {
          const s = decideTrack(bp, { 'writing-quality': est(w, 0.3), 'rubric-grading': est(r, 0.3), coding: est(c, 0.3) }).summary;
          expect(s).not.toMatch(/θ|\bSE\b|cut|\d\.\d|±/);
          expect(s).toMatch(/^You /);
        }
  });
});

describe('one confidence level: the classification stop and the routing agree in the sliver at a cut', () => {
  const snapshot = { snapshotVersion: 'sliver', enemies: [] } as unknown as BankSnapshot;
  const se = 0.3;
  const cut = 0.8;
  // θ − 1.959964·SE > cut > θ − 1.96·SE: above for a 95% interval, uncertain for z = 1.96
  const theta = cut + 1.95998 * se;

  test.each([
    ['confidence 0.95', { method: 'ci', confidence: 0.95 }],
    ['no confidence (the routing z)', { method: 'ci' }],
  ])('%s', (_, classification) => {
    expect(theta - 1.959964 * se).toBeGreaterThan(cut);
    expect(theta - 1.96 * se).toBeLessThan(cut);
    const bp = blueprint((x) => ((x.cat as Json).stopping = { minItems: 2, maxItems: 9, classification }));
    const stop = catConfigFor(bp, snapshot, ['writing-quality', 'rubric-grading', 'coding']).stopping.skills?.coding?.classification as ClassificationConfig;
    // the CAT stops "above" exactly when the routing classifies "above"
    expect(sideOfCut(confidenceInterval(theta, se, stop.z as number), cut)).toBe('above');
    expect(classifyAgainstCut(theta, se, cut, bp.routing.z).classification).toBe('above');
    expect(decideTrack(bp, { ...strong, coding: est(theta, se) }).track).toBe('expert:coding');
  });
});
