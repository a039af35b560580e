// The one seeded random source of packages/irt. Everything random in the CAT engine and the
// simulator (randomesque draws, exposure lotteries, simulated responses, simulated abilities)
// takes an `Rng` so a run is reproducible from its seed.

import type { Rng } from './types';

// Math functions as module constants (global lookups are slow inside Jest's vm context).
const { imul, floor, min, sqrt, log, cos, PI } = Math;

/**
 * mulberry32: a small, fast 32-bit PRNG (period 2^32) returning floats in [0, 1).
 * Same seed ⇒ same stream on every platform (integer arithmetic via Math.imul).
 */
export function mulberry32(seed: number): Rng {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seeded RNG from a number or a string (strings are hashed with FNV-1a). */
export function createRng(seed: number | string): Rng {
  return mulberry32(typeof seed === 'number' ? seed : hashString(seed));
}

/** 32-bit FNV-1a hash of a string (stable, used for seeds and fingerprints). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Standard normal draw by the Box–Muller transform (uses two uniforms per draw; the
 * second variate is discarded so the stream position depends only on the number of calls).
 */
export function randomNormal(rng: Rng, mean = 0, sd = 1): number {
  let u = rng();
  while (u <= Number.MIN_VALUE) u = rng();
  const v = rng();
  return mean + sd * sqrt(-2 * log(u)) * cos(2 * PI * v);
}

/** Uniform integer in [0, n). */
export function randomInt(rng: Rng, n: number): number {
  return min(n - 1, floor(rng() * n));
}

/** Fisher–Yates shuffle in place; returns the array. */
export function shuffleInPlace<T>(rng: Rng, values: T[]): T[] {
  for (let i = values.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    const tmp = values[i] as T;
    values[i] = values[j] as T;
    values[j] = tmp;
  }
  return values;
}
