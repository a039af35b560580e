// ruleFires: when a quality-below rule moves a tasker, checked against means computed by hand.
import { ruleFires, type QualitySignal, type RemediationRule } from '../src/remediation';

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
