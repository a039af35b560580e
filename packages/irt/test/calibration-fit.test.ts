// Item fit on simulated data: well-specified items give mean squares ≈ 1 and roughly uniform Q1 p-values
// (leave-one-out posteriors); an item whose true curve is not a 2PL is caught.
import { calibrate, compileResponses, itemFit, simulateResponses } from '../src/calibration/index';
import { createRng, randomNormal, shuffleInPlace } from '../src/random';
import type { DichotomousItem, Item } from '../src/types';

describe('itemFit', () => {
  const rng = createRng(77);
  const truth: DichotomousItem[] = Array.from({ length: 40 }, (_, j) => ({ id: `i${j}`, model: '2PL', a: Math.exp(randomNormal(rng, 0.1, 0.25)), b: randomNormal(rng, 0, 0.8) }));
  // item 0 truly has a high guessing floor (3PL, c = 0.4); it is calibrated as a 2PL
  const generating: Item[] = truth.map((t, j) => (j === 0 ? { ...t, model: '3PL', a: 2, b: 0.5, c: 0.4 } : t));
  const thetas = Array.from({ length: 4000 }, () => randomNormal(rng));
  const all = truth.map((_, j) => j);
  const { data } = compileResponses(truth, simulateResponses(generating, thetas, () => shuffleInPlace(rng, all.slice()).slice(0, 20), rng));
  const result = calibrate(truth.map((t) => ({ ...t, a: 1, b: 0 })), data, { estimate: truth.map(() => true), population: 'standard' });
  const person = new Int32Array(data.item.length);
  for (let i = 0; i < data.taskerIds.length; i++) person.fill(i, data.start[i], data.start[i + 1]);
  const fits = itemFit(result.items, { item: data.item, person, score: data.score }, result.theta, {
    estimatedParameters: truth.map(() => 2),
    posterior: { nodes: result.nodes, weights: result.posterior },
  });

  it('gives mean squares near 1 and p-values that are not piled up near 0 for well-specified items', () => {
    const good = fits.slice(1);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean(good.map((f) => f.infit)) - 1)).toBeLessThan(0.03);
    expect(Math.abs(mean(good.map((f) => f.outfit)) - 1)).toBeLessThan(0.05);
    // 39 items: the count with p < .05 is ~Binomial(39, .05) (mean 2, P(> 7) < 0.1%)
    expect(good.filter((f) => f.p < 0.05).length).toBeLessThanOrEqual(7);
    expect(good.every((f) => f.df === 8 && f.n > 1500)).toBe(true);
  });

  it('catches the misspecified item', () => {
    expect(fits[0]?.p).toBeLessThan(1e-4);
  });
});
