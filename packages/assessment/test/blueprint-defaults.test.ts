// Defaults a blueprint gets when it omits them (issue 8 parts 6a and 7): the recommended classification stop,
// CMI selection reaching the engine, and the remedial default of a one-skill blueprint.
import { catConfigFor, compileSnapshot, decideTrack, RECOMMENDED_CLASSIFICATION, validateBlueprint, type PublishedBlueprint } from '../src';
import { publishedBlueprint, threeSkillBlueprint, type Json } from './fixtures/blueprints';

const oneSkill = (extra: Json = {}): Json => ({
  id: 'one-skill',
  title: 'One skill, one cut',
  skills: [{ skill: 'reasoning', kind: 'general', minItems: 1, maxItems: 30 }],
  cat: { estimator: { method: 'EAP' }, selection: { method: 'CMI' }, stopping: { minItems: 1, maxItems: 30 } },
  cuts: { reasoning: { generalist: 0.5 } },
  retake: { cooldownHours: 24, maxAttempts: 3 },
  idleTimeoutMinutes: 60,
  ...extra,
});

const items = Array.from({ length: 40 }, (_, i) => ({ id: `r-${i}`, skill: 'reasoning', status: 'active' as const, model: '2PL' as const, a: 1.2, b: (i - 20) / 10 }));
const configOf = (bp: PublishedBlueprint) => catConfigFor(bp, compileSnapshot(bp, items, []), ['reasoning']);

describe('classification default', () => {
  it('a blueprint without a classification stop gets the posterior rule with 0.995 and itemCost 0.0002', () => {
    const bp = publishedBlueprint(oneSkill());
    expect(bp.cat.stopping.classification).toEqual({ method: 'posterior', confidence: 0.995, itemCost: 0.0002 });
    expect(RECOMMENDED_CLASSIFICATION).toEqual({ method: 'posterior', confidence: 0.995, itemCost: 0.0002 });
  });

  it('reaches the engine as a posterior stop on the routing cut, with CMI selection', () => {
    const config = configOf(publishedBlueprint(oneSkill()));
    expect(config.selection).toEqual({ method: 'CMI' });
    expect(config.stopping.skills?.reasoning?.classification).toEqual({ method: 'posterior', cuts: [0.5], confidence: 0.995, itemCost: 0.0002 });
  });

  it('a posterior rule that names only its method gets the recommended parameters; given ones are kept', () => {
    const cat = (classification: Json) => ({ estimator: { method: 'EAP' }, selection: { method: 'MFI' }, stopping: { minItems: 1, maxItems: 30, classification } });
    expect(publishedBlueprint(oneSkill({ cat: cat({ method: 'posterior' }) })).cat.stopping.classification).toEqual(RECOMMENDED_CLASSIFICATION);
    expect(publishedBlueprint(oneSkill({ cat: cat({ method: 'posterior', itemCost: 0.001 }) })).cat.stopping.classification).toEqual({ method: 'posterior', confidence: 0.995, itemCost: 0.001 });
  });

  it('method "none" turns the classification stop off; "ci" keeps its own parameters and gets no itemCost', () => {
    const cat = (classification: Json) => ({ estimator: { method: 'EAP' }, selection: { method: 'MFI' }, stopping: { minItems: 1, maxItems: 30, seThreshold: 0.3, classification } });
    expect(configOf(publishedBlueprint(oneSkill({ cat: cat({ method: 'none' }) }))).stopping.skills?.reasoning).toEqual({ seThreshold: 0.3 });
    expect(publishedBlueprint(oneSkill({ cat: cat({ method: 'ci', confidence: 0.95 }) })).cat.stopping.classification).toEqual({ method: 'ci', confidence: 0.95 });
  });

  it('refuses itemCost outside the posterior rule and sprt parameters on it, naming the field', () => {
    const refused = (classification: Json) => {
      const r = validateBlueprint(oneSkill({ cat: { estimator: { method: 'EAP' }, selection: { method: 'MFI' }, stopping: { minItems: 1, maxItems: 30, classification } } }));
      return r.ok ? [] : r.errors.map((e) => e.path);
    };
    expect(refused({ method: 'sprt', itemCost: 0.001 })).toEqual(['cat.stopping.classification.itemCost']);
    expect(refused({ method: 'posterior', alpha: 0.05 })).toEqual(['cat.stopping.classification.alpha']);
    expect(refused({ method: 'none', confidence: 0.9 })).toEqual(['cat.stopping.classification.confidence']);
  });
});

describe('remedial default', () => {
  const below = { reasoning: { theta: -1, se: 0.2 } };

  it('one general skill: no remedial routing unless asked for, so failing it is not qualified', () => {
    const bp = publishedBlueprint(oneSkill());
    expect(bp.routing.remedial.maxFailingSkills).toBe(0);
    expect(decideTrack(bp, below).track).toBe('not-qualified');
  });

  it('an explicit maxFailingSkills is kept, also 1 on a one-skill blueprint', () => {
    const bp = publishedBlueprint(oneSkill({ routing: { remedial: { maxFailingSkills: 1 } } }));
    expect(bp.routing.remedial.maxFailingSkills).toBe(1);
    expect(decideTrack(bp, below).track).toBe('remedial:reasoning');
  });

  it('two or more general skills keep the default of 1', () => {
    expect(publishedBlueprint(threeSkillBlueprint()).routing.remedial.maxFailingSkills).toBe(1);
  });
});
