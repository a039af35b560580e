// 1PL–4PL logistic items against closed forms derived by hand and textbook formulas.
import {
  categoryProbabilities,
  expectedScore,
  itemInformation,
  logProbability,
  maxScore,
  probabilityCorrect,
  type DichotomousItem,
} from '../src/index';
import { referenceLogistic } from './reference';

const item2PL = (a: number, b: number): DichotomousItem => ({ id: 'i', model: '2PL', a, b });

describe('probabilityCorrect', () => {
  it('is 1/2 at θ = b for any a and D (2PL), and (1 + c)/2 for a 3PL', () => {
    expect(probabilityCorrect(item2PL(0.4, -1.3), -1.3)).toBeCloseTo(0.5, 15);
    expect(probabilityCorrect(item2PL(2.2, 0.7), 0.7, { D: 1.702 })).toBeCloseTo(0.5, 15);
    expect(probabilityCorrect({ id: 'i', model: '3PL', a: 1.1, b: 0.2, c: 0.25 }, 0.2)).toBeCloseTo(0.625, 15);
  });

  it('is 3/4 one log-odds unit ln 3 above b: σ(ln 3) = 3/4', () => {
    const a = 1.5;
    expect(probabilityCorrect(item2PL(a, 0.5), 0.5 + Math.log(3) / a)).toBeCloseTo(0.75, 14);
    expect(probabilityCorrect(item2PL(a, 0.5), 0.5 + Math.log(3) / (1.702 * a), { D: 1.702 })).toBeCloseTo(0.75, 14);
  });

  it('matches the textbook logistic for every model tag', () => {
    for (const theta of [-3, -0.5, 0, 1.25, 3]) {
      expect(probabilityCorrect({ id: 'i', model: '1PL', a: 1, b: 0.3 }, theta)).toBeCloseTo(
        referenceLogistic(theta, 1, 0.3),
        14,
      );
      expect(probabilityCorrect({ id: 'i', model: '3PL', a: 1.3, b: -0.2, c: 0.2 }, theta, { D: 1.702 })).toBeCloseTo(
        referenceLogistic(theta, 1.3, -0.2, 0.2, 1, 1.702),
        14,
      );
      expect(probabilityCorrect({ id: 'i', model: '4PL', a: 0.9, b: 0.4, c: 0.1, d: 0.92 }, theta)).toBeCloseTo(
        referenceLogistic(theta, 0.9, 0.4, 0.1, 0.92),
        14,
      );
    }
  });

  it('uses c only for 3PL/4PL and d only for 4PL (the model tag wins over stray fields)', () => {
    const stray: DichotomousItem = { id: 'i', model: '2PL', a: 1, b: 0, c: 0.3, d: 0.8 };
    expect(probabilityCorrect(stray, 0)).toBeCloseTo(0.5, 15);
    expect(probabilityCorrect({ ...stray, model: '3PL' }, 0)).toBeCloseTo(0.65, 15);
    expect(probabilityCorrect({ ...stray, model: '4PL' }, 0)).toBeCloseTo(0.55, 15);
  });

  it('1PL uses the item a as the common discrimination', () => {
    expect(probabilityCorrect({ id: 'i', model: '1PL', a: 1.7, b: 0 }, 1)).toBeCloseTo(referenceLogistic(1, 1.7, 0), 14);
  });
});

describe('categoryProbabilities / expectedScore / maxScore (dichotomous)', () => {
  it('is [1 − P, P], the expected score is P and the max score 1', () => {
    const item: DichotomousItem = { id: 'i', model: '3PL', a: 1.2, b: 0.1, c: 0.2 };
    const p = referenceLogistic(0.8, 1.2, 0.1, 0.2);
    const [q, pc] = categoryProbabilities(item, 0.8);
    expect(pc).toBeCloseTo(p, 14);
    expect(q).toBeCloseTo(1 - p, 14);
    expect(expectedScore(item, 0.8)).toBeCloseTo(p, 14);
    expect(maxScore(item)).toBe(1);
  });
});

describe('itemInformation (dichotomous, closed forms)', () => {
  it('2PL: a²PQ, which is D²a²/4 at θ = b', () => {
    expect(itemInformation(item2PL(1.2, 0.4), 0.4)).toBeCloseTo(1.44 / 4, 14);
    expect(itemInformation(item2PL(1.2, 0.4), 0.4, { D: 1.702 })).toBeCloseTo((1.702 * 1.702 * 1.44) / 4, 13);
    const p = referenceLogistic(-1, 0.8, 0.5);
    expect(itemInformation(item2PL(0.8, 0.5), -1)).toBeCloseTo(0.64 * p * (1 - p), 14);
  });

  it('1PL/Rasch: PQ, at most 1/4', () => {
    expect(itemInformation({ id: 'i', model: '1PL', a: 1, b: 0 }, 0)).toBeCloseTo(0.25, 15);
  });

  it("3PL: Birnbaum's formula D²a²(Q/P)((P − c)/(1 − c))² at several θ", () => {
    const [a, b, c, D] = [1.4, 0.3, 0.2, 1.702];
    const item: DichotomousItem = { id: 'i', model: '3PL', a, b, c };
    for (const theta of [-2, -0.5, 0.3, 1, 2.5]) {
      const p = referenceLogistic(theta, a, b, c, 1, D);
      const birnbaum = D * D * a * a * ((1 - p) / p) * ((p - c) / (1 - c)) ** 2;
      expect(itemInformation(item, theta, { D })).toBeCloseTo(birnbaum, 13);
    }
    // At θ = b: P = (1 + c)/2, so I = D²a²(1 − c)/(4(1 + c)).
    expect(itemInformation(item, b, { D })).toBeCloseTo((D * D * a * a * (1 - c)) / (4 * (1 + c)), 13);
  });

  // Closed-form location and height of the 3PL information maximum (Birnbaum 1968; Lord 1980).
  it('3PL: peaks at θ_max = b + ln((1 + √(1 + 8c))/2)/(Da) with I_max = D²a²[1 − 20c − 8c² + (1 + 8c)^{3/2}]/(8(1 − c)²)', () => {
    const [a, b, c, D] = [1.4, 0.3, 0.2, 1.702];
    const item: DichotomousItem = { id: 'i', model: '3PL', a, b, c };
    const thetaMax = b + Math.log((1 + Math.sqrt(1 + 8 * c)) / 2) / (D * a);
    const infoMax = ((D * D * a * a) / (8 * (1 - c) ** 2)) * (1 - 20 * c - 8 * c * c + (1 + 8 * c) ** 1.5);
    expect(itemInformation(item, thetaMax, { D })).toBeCloseTo(infoMax, 12);
    expect(itemInformation(item, thetaMax - 0.01, { D })).toBeLessThan(infoMax);
    expect(itemInformation(item, thetaMax + 0.01, { D })).toBeLessThan(infoMax);
  });

  it('4PL: P′²/(PQ) with P′ = Da(d − c)σ(1 − σ)', () => {
    const [a, b, c, d] = [1.1, -0.4, 0.15, 0.9];
    const item: DichotomousItem = { id: 'i', model: '4PL', a, b, c, d };
    for (const theta of [-3, -0.4, 0.5, 2]) {
      const sigma = referenceLogistic(theta, a, b);
      const p = c + (d - c) * sigma;
      const slope = a * (d - c) * sigma * (1 - sigma);
      expect(itemInformation(item, theta)).toBeCloseTo((slope * slope) / (p * (1 - p)), 14);
    }
  });
});

describe('log space at extreme θ', () => {
  it('stays finite and exact where P or Q underflow', () => {
    const steep = item2PL(20, 0); // z = ±1000 at θ = ±50
    expect(logProbability(steep, 0, 50)).toBeCloseTo(-1000, 9);
    expect(logProbability(steep, 1, -50)).toBeCloseTo(-1000, 9);
    expect(logProbability(steep, 1, 50)).toBeCloseTo(0, 15);
    expect(itemInformation(steep, 50)).toBe(0);
    const guessing: DichotomousItem = { id: 'g', model: '3PL', a: 20, b: 0, c: 0.2 };
    expect(logProbability(guessing, 1, -50)).toBeCloseTo(Math.log(0.2), 14);
    expect(logProbability(guessing, 0, 50)).toBeCloseTo(-1000 + Math.log(0.8), 9);
    const slipping: DichotomousItem = { id: 's', model: '4PL', a: 20, b: 0, c: 0.1, d: 0.9 };
    expect(logProbability(slipping, 1, 50)).toBeCloseTo(Math.log(0.9), 14);
    expect(logProbability(slipping, 0, 50)).toBeCloseTo(Math.log(0.1), 14);
    for (const theta of [-1e6, -50, 50, 1e6]) {
      for (const item of [steep, guessing, slipping]) {
        expect(Number.isFinite(itemInformation(item, theta))).toBe(true);
        expect(Number.isFinite(logProbability(item, 0, theta))).toBe(true);
        expect(Number.isFinite(logProbability(item, 1, theta))).toBe(true);
      }
    }
  });
});
