// The benchmark's synthetic 2PL banks and simulees, drawn from the package's one seeded RNG.
import { createRng, randomNormal, type DichotomousItem, type Rng } from '../src/index';

/** 2PL bank: a = exp(N(0, 0.3²)), b ~ N(0, 1). */
export function generate2plBank(size: number, rng: Rng): DichotomousItem[] {
  const width = String(size).length;
  return Array.from({ length: size }, (_, i) => ({
    id: `i${String(i).padStart(width, '0')}`,
    model: '2PL',
    a: Math.exp(randomNormal(rng, 0, 0.3)),
    b: randomNormal(rng, 0, 1),
  }));
}

/** True abilities θ ~ N(0, 1). */
export function drawAbilities(count: number, rng: Rng): number[] {
  return Array.from({ length: count }, () => randomNormal(rng, 0, 1));
}

export function seeded(seed: number): Rng {
  return createRng(seed);
}
