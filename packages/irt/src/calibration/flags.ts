// The flags of the calibration result (docs/calibration.md, "Flags"): thresholds stated once, here.

import type { Item } from '../types';
import type { ItemFit } from './fit';
import type { ItemStandardErrors } from './types';

export const FEW_RESPONSES = 100;
export const MISFIT_ALPHA = 0.05;
export const LOW_DISCRIMINATION = 0.3;
export const DRIFT_Z = 3;

export type ItemFlag = 'few-responses' | 'misfit' | 'drift' | 'low-discrimination';

/** Misfit: Bonferroni over the items with a p-value (α / m), since every item in the bank is tested at once. */
export function misfitCutoff(fits: readonly ItemFit[]): number {
  const m = fits.filter((f) => Number.isFinite(f.p)).length;
  return m > 0 ? MISFIT_ALPHA / m : 0;
}

export interface Linking {
  /** θ_bank = A·θ_free + B (mean–sigma on the anchors' b) */
  A: number;
  B: number;
}

/** Mean–sigma linking of free estimates onto the bank's scale, from the items that have a bank b. */
export function meanSigmaLinking(bank: readonly Item[], free: readonly Item[], use: readonly boolean[]): Linking {
  const xs: number[] = [];
  const ys: number[] = [];
  bank.forEach((it, j) => {
    if (!use[j] || !('b' in it)) return;
    xs.push((free[j] as { b: number }).b);
    ys.push(it.b);
  });
  if (xs.length < 2) return { A: 1, B: 0 };
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const sd = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + (x - mean(v)) ** 2, 0) / v.length);
  const A = sd(xs) > 0 ? sd(ys) / sd(xs) : 1;
  return { A, B: mean(ys) - A * mean(xs) };
}

/** Largest Wald |z| of the linked free estimate against the bank value, over a and b (both SEs counted). */
export function driftZ(bank: Item, free: Item, se: ItemStandardErrors | null, bankSe: ItemStandardErrors | undefined, link: Linking): number {
  if (!se || !('b' in bank) || !('b' in free)) return NaN;
  let z = 0;
  if (se.b !== undefined) {
    const d = link.A * free.b + link.B - bank.b;
    z = Math.max(z, Math.abs(d) / Math.sqrt((link.A * se.b) ** 2 + (bankSe?.b ?? 0) ** 2));
  }
  if (se.a !== undefined && bank.model !== '1PL') {
    const d = free.a / link.A - bank.a;
    z = Math.max(z, Math.abs(d) / Math.sqrt((se.a / link.A) ** 2 + (bankSe?.a ?? 0) ** 2));
  }
  return z;
}
