// Reliable change and the mixture SPRT against closed forms, and the SPRT's false-positive rate under no effect
// measured by simulation with a look after every day (naive z-tests at each look shown to inflate it).
import { mixtureSprt, reliableChange } from '@theta/insights';

test('RCI: gain 1 with SEs 0.3 and 0.4 → SE 0.5 (3-4-5), RCI 2, reliable; interval 1 ± 1.96·0.5', () => {
  const r = reliableChange({ pre: -0.2, sePre: 0.3, post: 0.8, sePost: 0.4 });
  expect(r.gain).toBeCloseTo(1, 12);
  expect(r.se).toBeCloseTo(0.5, 12);
  expect(r.rci).toBeCloseTo(2, 12);
  expect(r.reliable).toBe(true);
  expect(r.ci95[0]).toBeCloseTo(1 - 0.979982, 5);
  expect(r.ci95[1]).toBeCloseTo(1 + 0.979982, 5);
  expect(reliableChange({ pre: 0, sePre: 0.3, post: 0.5, sePost: 0.4 }).reliable).toBe(false); // RCI 1
});

test('mSPRT: Λ = √(σ²/(σ²+nτ²))·exp(n²τ²x̄²/(2σ²(σ²+nτ²))) at hand-computed points', () => {
  // n = 100, x̄ = 0.3, σ² = 1, τ² = 0.5: σ² + nτ² = 51, exponent 10000·0.5·0.09/102 = 450/102
  const big = mixtureSprt({ n: 100, mean: 0.3, sigma2: 1, tau2: 0.5 });
  expect(big.lambda).toBeCloseTo(Math.exp(450 / 102) / Math.sqrt(51), 9);
  expect(big.lambda).toBeCloseTo(11.540377, 5);
  expect(big.reject).toBe(false); // 11.54 < 1/α = 20: not yet
  expect(big.alwaysValidP).toBeCloseTo(1 / 11.540377, 6);
  expect(mixtureSprt({ n: 200, mean: 0.3, sigma2: 1, tau2: 0.5 }).reject).toBe(true);
});

test('mSPRT false positives under no effect, a look every day for 60 days: ≤ 5%; naive peeking is not', () => {
  // mulberry32 (a plain LCG's consecutive pairs are correlated and bias Box–Muller)
  let seed = 12345;
  const uniform = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const runs = 1000;
  let sprtRejects = 0;
  let naiveRejects = 0;
  for (let r = 0; r < runs; r++) {
    let sum = 0;
    let n = 0;
    let sprt = false;
    let naive = false;
    for (let day = 0; day < 60; day++) {
      for (let k = 0; k < 10; k++) {
        sum += normal();
        n++;
      }
      if (mixtureSprt({ n, mean: sum / n, sigma2: 1, tau2: 0.1 }).reject) sprt = true;
      if (Math.abs(sum / Math.sqrt(n)) > 1.959964) naive = true;
    }
    if (sprt) sprtRejects++;
    if (naive) naiveRejects++;
  }
  console.log(`mSPRT rejections ${sprtRejects}/${runs}, naive ${naiveRejects}/${runs}`);
  expect(sprtRejects / runs).toBeLessThanOrEqual(0.05);
  expect(naiveRejects / runs).toBeGreaterThan(0.15);
});
