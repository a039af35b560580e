// ruleFires and thetaRuleFires: when a quality-below or theta-below rule moves a tasker, checked against means and normal quantiles computed by hand.
import { RemediationRuleBodySchema, ruleFires, thetaRuleFires, type QualitySignal, type RemediationRule } from '../src/remediation';

const rule: RemediationRule = {
  id: 'r',
  version: 1,
  title: 't',
  enabled: true,
  when: { kind: 'quality-below', skill: 'coding', threshold: 0.6, window: 3, minSignals: 2 },
  moveTo: 'remedial:coding',
  updatedAt: '2026-12-01T00:00:00.000Z',
  updatedBy: 'a',
};
const sig = (score: number, skill = 'coding'): QualitySignal => ({ id: `${score}`, taskerId: 't', skill, score, observedAt: '', receivedAt: '', source: 'q' });

describe('ruleFires', () => {
  it('uses only the newest `window` signals of its skill', () => {
    // newest first: 0.9, 0.5, 0.2 → mean 0.5333 < 0.6; the older 1.0 is outside the window; the math signal is ignored
    const signals = [sig(0.9), sig(0.0, 'math'), sig(0.5), sig(0.2), sig(1.0)];
    expect(ruleFires(rule, signals, 'generalist')).toEqual({ fires: true, why: 'mean coding audit score 0.53 over the last 3 < 0.60' });
    // newest 0.9, 0.5, 0.8 → 0.7333 ≥ 0.6
    expect(ruleFires(rule, [sig(0.9), sig(0.5), sig(0.8), sig(0.0)], 'generalist').fires).toBe(false);
  });

  it('waits for minSignals', () => {
    expect(ruleFires(rule, [sig(0.1)], 'generalist')).toEqual({ fires: false, why: '1 of 2 signals needed' });
  });

  it('applies to non-remedial tracks by default, to fromTracks when given, never when disabled or already there', () => {
    const low = [sig(0.1), sig(0.1)];
    expect(ruleFires(rule, low, 'remedial:math').fires).toBe(false);
    expect(ruleFires(rule, low, 'remedial:coding')).toEqual({ fires: false, why: 'already on remedial:coding' });
    expect(ruleFires({ ...rule, fromTracks: ['expert:coding'] }, low, 'generalist').fires).toBe(false);
    expect(ruleFires({ ...rule, fromTracks: ['expert:coding'] }, low, 'expert:coding').fires).toBe(true);
    expect(ruleFires({ ...rule, enabled: false }, low, 'generalist').fires).toBe(false);
    expect(ruleFires(rule, low, undefined).fires).toBe(true);
  });
});

describe('thetaRuleFires (theta-below)', () => {
  const theta: RemediationRule = { ...rule, id: 'low-coding', when: { kind: 'theta-below', skill: 'coding', cut: 0, certainty: 0.95 } };

  it('fires when the one-sided upper bound θ̂ + z·SE is below the cut', () => {
    // z(0.95) = 1.644854: −0.5 + 1.644854·0.2 = −0.171029 < 0
    expect(thetaRuleFires(theta, { skill: 'coding', theta: -0.5, se: 0.2 }, 'generalist')).toEqual({ fires: true, why: 'coding θ -0.50 ± 0.20: 95% upper bound -0.17 < cut 0.00' });
    // −0.3 + 0.328971 = 0.028971 ≥ 0: not sure enough
    expect(thetaRuleFires(theta, { skill: 'coding', theta: -0.3, se: 0.2 }, 'generalist').fires).toBe(false);
    // z(0.99) = 2.326348: −0.5 + 0.465270 = −0.034730 < 0, still; with SE 0.25: −0.5 + 0.581587 = 0.081587 ≥ 0
    const strict: RemediationRule = { ...theta, when: { kind: 'theta-below', skill: 'coding', cut: 0, certainty: 0.99 } };
    expect(thetaRuleFires(strict, { skill: 'coding', theta: -0.5, se: 0.2 }, 'generalist').fires).toBe(true);
    expect(thetaRuleFires(strict, { skill: 'coding', theta: -0.5, se: 0.25 }, 'generalist')).toEqual({ fires: false, why: 'coding θ -0.50 ± 0.25: 99% upper bound 0.08 ≥ cut 0.00' });
  });

  it('needs a measurement, and follows the same track rules as quality rules', () => {
    expect(thetaRuleFires(theta, undefined, 'generalist')).toEqual({ fires: false, why: 'not measured on coding' });
    expect(thetaRuleFires(theta, { skill: 'coding', theta: -2, se: 0.1 }, 'remedial:math').fires).toBe(false);
    expect(thetaRuleFires(theta, { skill: 'coding', theta: -2, se: 0.1 }, 'remedial:coding')).toEqual({ fires: false, why: 'already on remedial:coding' });
  });

  it('a rule of one kind never fires on the other kind of evidence', () => {
    expect(ruleFires(theta, [sig(0), sig(0), sig(0)], 'generalist').fires).toBe(false);
    expect(thetaRuleFires(rule, { skill: 'coding', theta: -3, se: 0.1 }, 'generalist').fires).toBe(false);
  });

  it('the schema takes a theta-below rule with certainty 0.95 by default and refuses a certainty out of range', () => {
    const parsed = RemediationRuleBodySchema.safeParse({ title: 't', when: { kind: 'theta-below', skill: 'coding', cut: 0.2 }, moveTo: 'remedial:coding' });
    expect(parsed.success && parsed.data.when).toEqual({ kind: 'theta-below', skill: 'coding', cut: 0.2, certainty: 0.95 });
    const bad = RemediationRuleBodySchema.safeParse({ title: 't', when: { kind: 'theta-below', skill: 'coding', cut: 0, certainty: 0.2 }, moveTo: 'remedial:coding' });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.path.join('.'))).toEqual(['when.certainty']);
  });
});
