// Shared fixtures of the CAT/simulation tests (not a test file). Closed forms here are written independently of
// the engine so tests can check the engine against them.

import { mulberry32, randomNormal } from '../src/random';
import type { DichotomousItem, Item, Rng } from '../src/types';

/** 2PL bank: a = exp(N(0, 0.3²)), b ~ N(0, 1). */
export function bank2PL(n: number, seed: number, extra: (i: number) => Partial<DichotomousItem> = () => ({})): DichotomousItem[] {
  const rng = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => ({
    id: `i${String(i).padStart(5, '0')}`,
    model: '2PL' as const,
    a: Math.exp(randomNormal(rng, 0, 0.3)),
    b: randomNormal(rng),
    ...extra(i),
  }));
}

export function normalThetas(n: number, seed: number): { id: string; theta: number }[] {
  const rng = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => ({ id: `s${i}`, theta: randomNormal(rng) }));
}

/** P(correct) of a 1–4PL item, closed form. */
export function pCorrect(item: DichotomousItem, theta: number, D = 1): number {
  const c = item.model === '3PL' || item.model === '4PL' ? (item.c ?? 0) : 0;
  const d = item.model === '4PL' ? (item.d ?? 1) : 1;
  return c + (d - c) / (1 + Math.exp(-D * item.a * (theta - item.b)));
}

/** Fisher information, closed form: 2PL a²PQ; 3PL a²(Q/P)((P − c)/(1 − c))². */
export function fisherInfo(item: DichotomousItem, theta: number, D = 1): number {
  const p = pCorrect(item, theta, D);
  const q = 1 - p;
  const c = item.model === '3PL' ? (item.c ?? 0) : 0;
  if (item.model === '3PL') return D * D * item.a * item.a * (q / p) * ((p - c) / (1 - c)) ** 2;
  return D * D * item.a * item.a * p * q;
}

/** Random 0/1 answers from a true θ using closed-form P. */
export function answerer(theta: number, rng: Rng): (item: Item) => number {
  return (item) => (rng() < pCorrect(item as DichotomousItem, theta) ? 1 : 0);
}

export function byId<T extends { id: string }>(items: T[]): Map<string, T> {
  return new Map(items.map((it) => [it.id, it]));
}
