// GRM (Samejima 1969) and GPCM (Muraki 1992) against hand computations and their defining identities.
import {
  categoryProbabilities,
  expectedScore,
  itemInformation,
  logProbability,
  maxScore,
  probabilityCorrect,
  type PolytomousItem,
} from '../src/index';
import { referenceLogistic } from './reference';

const sigma = (z: number): number => 1 / (1 + Math.exp(-z));

/** Samejima's definition: P_k = P*_k − P*_{k+1}, P*_0 = 1, P*_{K+1} = 0, P*_k = σ(Da(θ − b_k)). */
function referenceGrm(theta: number, a: number, thresholds: number[], D = 1): number[] {
  const boundary = [1, ...thresholds.map((b) => sigma(D * a * (theta - b))), 0];
  return thresholds.concat(Infinity).map((_, k) => (boundary[k] as number) - (boundary[k + 1] as number));
}

/** Muraki's definition: P_k ∝ exp(Σ_{v ≤ k} Da(θ − b_v)). */
function referenceGpcm(theta: number, a: number, thresholds: number[], D = 1): number[] {
  const numerators = [1];
  let eta = 0;
  for (const b of thresholds) {
    eta += D * a * (theta - b);
    numerators.push(Math.exp(eta));
  }
  const total = numerators.reduce((x, y) => x + y, 0);
  return numerators.map((n) => n / total);
}

const grm: PolytomousItem = { id: 'g', model: 'GRM', a: 1.5, thresholds: [-0.5, 0.3, 1.2] };
const gpcm: PolytomousItem = { id: 'p', model: 'GPCM', a: 0.8, thresholds: [0.6, -0.4, 1.1] };

describe('GRM', () => {
  it('hand-computed: a = 1, b = (−1, 1), θ = 0 gives [σ(−1), σ(1) − σ(−1), σ(−1)]', () => {
    // σ(1) = e/(1 + e) = 0.7310585786300049
    const probabilities = categoryProbabilities({ id: 'h', model: 'GRM', a: 1, thresholds: [-1, 1] }, 0);
    expect(probabilities[0]).toBeCloseTo(0.2689414213699951, 15);
    expect(probabilities[1]).toBeCloseTo(0.4621171572600098, 15);
    expect(probabilities[2]).toBeCloseTo(0.2689414213699951, 15);
  });

  it("matches Samejima's difference-of-boundaries definition", () => {
    for (const theta of [-2.5, -0.4, 0.4, 1.9]) {
      const expected = referenceGrm(theta, 1.5, [-0.5, 0.3, 1.2], 1.702);
      const actual = categoryProbabilities(grm, theta, { D: 1.702 });
      expected.forEach((p, k) => expect(actual[k]).toBeCloseTo(p, 14));
    }
  });

  it('cumulative logits are Da(θ − b_k)', () => {
    const theta = 0.9;
    const p = categoryProbabilities(grm, theta);
    for (let k = 1; k <= 3; k++) {
      const atLeast = p.slice(k).reduce((x, y) => x + y, 0);
      expect(Math.log(atLeast / (1 - atLeast))).toBeCloseTo(1.5 * (theta - (grm.thresholds[k - 1] as number)), 12);
    }
  });

  it('with one threshold is the 2PL', () => {
    const single: PolytomousItem = { id: 's', model: 'GRM', a: 1.3, thresholds: [0.4] };
    for (const theta of [-2, 0, 0.4, 3]) {
      expect(categoryProbabilities(single, theta)[1]).toBeCloseTo(referenceLogistic(theta, 1.3, 0.4), 14);
      expect(itemInformation(single, theta)).toBeCloseTo(
        itemInformation({ id: 'd', model: '2PL', a: 1.3, b: 0.4 }, theta),
        14,
      );
    }
  });

  it("information equals Samejima's Σ (P*_k′ − P*_{k+1}′)² / P_k", () => {
    for (const theta of [-2, 0, 0.7, 2.4]) {
      const D = 1.702;
      const slope = (b: number): number => {
        const s = sigma(D * 1.5 * (theta - b));
        return D * 1.5 * s * (1 - s);
      };
      const boundarySlopes = [0, ...grm.thresholds.map(slope), 0];
      const p = referenceGrm(theta, 1.5, grm.thresholds, D);
      const samejima = p.reduce(
        (sum, pk, k) => sum + ((boundarySlopes[k] as number) - (boundarySlopes[k + 1] as number)) ** 2 / pk,
        0,
      );
      expect(itemInformation(grm, theta, { D })).toBeCloseTo(samejima, 12);
    }
  });

  it('expected score is Σ_k P*_k and max score is K', () => {
    const theta = 0.2;
    const boundaries = grm.thresholds.reduce((sum, b) => sum + sigma(1.5 * (theta - b)), 0);
    expect(expectedScore(grm, theta)).toBeCloseTo(boundaries, 14);
    expect(maxScore(grm)).toBe(3);
  });
});

describe('GPCM', () => {
  it('hand-computed: a = 1, b = (−1, 1), θ = 0 gives [1, e, 1]/(2 + e)', () => {
    const probabilities = categoryProbabilities({ id: 'h', model: 'GPCM', a: 1, thresholds: [-1, 1] }, 0);
    const e = Math.E;
    expect(probabilities[0]).toBeCloseTo(1 / (2 + e), 15);
    expect(probabilities[1]).toBeCloseTo(e / (2 + e), 15);
    expect(probabilities[2]).toBeCloseTo(1 / (2 + e), 15);
  });

  it("matches Muraki's definition, including unordered step difficulties", () => {
    for (const theta of [-3, -0.2, 0.5, 2.2]) {
      const expected = referenceGpcm(theta, 0.8, gpcm.thresholds, 1.702);
      const actual = categoryProbabilities(gpcm, theta, { D: 1.702 });
      expected.forEach((p, k) => expect(actual[k]).toBeCloseTo(p, 14));
    }
  });

  it('adjacent-category logits are Da(θ − b_k)', () => {
    const theta = -0.3;
    const p = categoryProbabilities(gpcm, theta);
    for (let k = 1; k <= 3; k++) {
      expect(Math.log((p[k] as number) / (p[k - 1] as number))).toBeCloseTo(
        0.8 * (theta - (gpcm.thresholds[k - 1] as number)),
        12,
      );
    }
  });

  it('with one threshold is the 2PL', () => {
    const single: PolytomousItem = { id: 's', model: 'GPCM', a: 0.7, thresholds: [-0.9] };
    for (const theta of [-2, -0.9, 1, 3]) {
      expect(categoryProbabilities(single, theta)[1]).toBeCloseTo(
        probabilityCorrect({ id: 'd', model: '2PL', a: 0.7, b: -0.9 }, theta),
        14,
      );
    }
  });

  it('information is D²a² Var(score) and the expected score the mean', () => {
    for (const theta of [-1.5, 0.4, 2]) {
      const p = referenceGpcm(theta, 0.8, gpcm.thresholds, 1.702);
      const mean = p.reduce((sum, pk, k) => sum + k * pk, 0);
      const variance = p.reduce((sum, pk, k) => sum + (k - mean) ** 2 * pk, 0);
      expect(itemInformation(gpcm, theta, { D: 1.702 })).toBeCloseTo(1.702 ** 2 * 0.64 * variance, 13);
      expect(expectedScore(gpcm, theta, { D: 1.702 })).toBeCloseTo(mean, 13);
    }
  });
});

describe('polytomous log space at extreme θ', () => {
  it('keeps every category finite and the probabilities summing to 1', () => {
    const steepGrm: PolytomousItem = { id: 'g', model: 'GRM', a: 3, thresholds: [-1, -0.999, 2] };
    const steepGpcm: PolytomousItem = { id: 'p', model: 'GPCM', a: 3, thresholds: [-1, 0.5, 2] };
    for (const item of [steepGrm, steepGpcm]) {
      for (const theta of [-400, -60, 60, 400]) {
        for (let k = 0; k <= 3; k++) expect(Number.isFinite(logProbability(item, k, theta))).toBe(true);
        expect(categoryProbabilities(item, theta).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 14);
        expect(Number.isFinite(itemInformation(item, theta))).toBe(true);
      }
    }
    // Far above every boundary, the lowest category's log-probability is −Da(θ − b_1) to leading order.
    expect(logProbability(steepGrm, 0, 60)).toBeCloseTo(-3 * 61, 9);
    // GRM middle category between close thresholds: log(σ(z1) − σ(z2)) ≈ log(Da·Δb·σ′) stays accurate.
    const reference = Math.log(sigma(3 * (0 + 1)) - sigma(3 * (0 + 0.999)));
    expect(logProbability(steepGrm, 1, 0)).toBeCloseTo(reference, 9);
  });
});
