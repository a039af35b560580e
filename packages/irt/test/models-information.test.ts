// Fisher information must equal −E[d² log P/dθ²], here differentiated NUMERICALLY from the category
// probabilities, for every model; likewise the analytic score, curvature and dI/dθ against finite differences.
import {
  categoryProbabilities,
  itemInformation,
  itemInformationDerivative,
  itemWarmJ,
  logLikelihood,
  logProbabilityDerivative,
  logProbabilitySecondDerivative,
  maxScore,
  observedInformation,
  scoreFunction,
  testInformation,
  type Item,
} from '../src/index';
import { derivative, referenceCategoryProbabilities, secondDerivative } from './reference';

const items: Item[] = [
  { id: '1pl', model: '1PL', a: 1, b: 0.3 },
  { id: '2pl', model: '2PL', a: 1.7, b: -0.6 },
  { id: '3pl', model: '3PL', a: 1.2, b: 0.5, c: 0.22 },
  { id: '4pl', model: '4PL', a: 0.9, b: -0.2, c: 0.1, d: 0.88 },
  { id: 'grm', model: 'GRM', a: 1.4, thresholds: [-1.2, -0.1, 0.8, 2] },
  { id: 'gpcm', model: 'GPCM', a: 0.75, thresholds: [0.9, -0.5, 0.3] },
];
const thetas = [-3, -1.1, 0, 0.45, 1.6, 3.2];

describe.each(items.map((item) => [item.model, item] as const))('%s', (_model, item) => {
  const D = 1.702;
  const logP = (k: number) => (theta: number) => Math.log(categoryProbabilities(item, theta, { D })[k] as number);

  it.each(thetas)('information = −Σ_k P_k · (numeric d² log P_k/dθ²) at θ = %p', (theta) => {
    const p = categoryProbabilities(item, theta, { D });
    let expectedNegativeCurvature = 0;
    for (let k = 0; k <= maxScore(item); k++) expectedNegativeCurvature -= (p[k] as number) * secondDerivative(logP(k), theta);
    expect(itemInformation(item, theta, { D })).toBeCloseTo(expectedNegativeCurvature, 6);
    // and the outer-product form E[(d log P/dθ)²]
    let expectedSquaredScore = 0;
    for (let k = 0; k <= maxScore(item); k++) expectedSquaredScore += (p[k] as number) * derivative(logP(k), theta) ** 2;
    expect(itemInformation(item, theta, { D })).toBeCloseTo(expectedSquaredScore, 7);
  });

  it.each(thetas)('analytic d/dθ and d²/dθ² of log P_k match finite differences at θ = %p', (theta) => {
    for (let k = 0; k <= maxScore(item); k++) {
      expect(logProbabilityDerivative(item, k, theta, { D })).toBeCloseTo(derivative(logP(k), theta), 7);
      expect(logProbabilitySecondDerivative(item, k, theta, { D })).toBeCloseTo(secondDerivative(logP(k), theta), 5);
    }
  });

  it.each(thetas)('dI/dθ matches a finite difference of the information at θ = %p', (theta) => {
    const numeric = derivative((t) => itemInformation(item, t, { D }), theta);
    expect(itemInformationDerivative(item, theta, { D })).toBeCloseTo(numeric, 7);
  });

  it.each(thetas)("Warm's J = Σ_k P_k′P_k″/P_k matches finite differences of the reference P_k at θ = %p", (theta) => {
    const h = 1e-4;
    const p = referenceCategoryProbabilities(item, theta, D);
    const up = referenceCategoryProbabilities(item, theta + h, D);
    const down = referenceCategoryProbabilities(item, theta - h, D);
    let j = 0;
    p.forEach((pk, k) => {
      const first = ((up[k] as number) - (down[k] as number)) / (2 * h);
      j += (first * ((up[k] as number) - 2 * pk + (down[k] as number))) / (h * h) / pk;
    });
    expect(itemWarmJ(item, theta, { D })).toBeCloseTo(j, 5);
  });
});

describe('test-level sums', () => {
  const scores = [1, 0, 1, 1, 3, 2];
  it('score function and observed information are the derivatives of the log-likelihood', () => {
    for (const theta of thetas) {
      const logL = (t: number) => logLikelihood(items, scores, t);
      expect(scoreFunction(items, scores, theta)).toBeCloseTo(derivative(logL, theta), 7);
      expect(observedInformation(items, scores, theta)).toBeCloseTo(-secondDerivative(logL, theta), 5);
    }
  });

  it('test information is the sum of item information', () => {
    const sum = items.reduce((total, item) => total + itemInformation(item, 0.3), 0);
    expect(testInformation(items, 0.3)).toBeCloseTo(sum, 14);
    expect(testInformation([], 0.3)).toBe(0);
  });
});
