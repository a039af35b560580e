// What a published blueprint can measure, skill by skill (the report's "test information and conditional SE"
// chart, docs/insights.md "Pictures"): on a θ grid, the information of the skill's whole pool and of the most
// informative `maxItems` items at each θ — what an adaptive test that stops at the skill's cap can reach at best —
// with the SE that information gives, 1/√I. The pool is the snapshot's active items: pilot items have no
// parameters live.

import { itemInformation, type Item } from '@theta/irt';
import type { PublishedBank } from '../catalog/published-bank';
import { snapshotItems } from './snapshot';

export interface SkillInformationCurve {
  skill: string;
  items: number;
  /** the blueprint's per-skill cap (items the CAT may give this skill) */
  maxItems: number;
  cuts: { generalist?: number; expert?: number };
  poolInformation: number[];
  /** the sum of the `maxItems` largest item informations at each θ */
  bestTestInformation: number[];
  /** 1/√bestTestInformation: the SE a test of `maxItems` ideal items reaches at θ (null where the pool has none) */
  conditionalSe: (number | null)[];
}

export interface BlueprintInformation {
  blueprint: { id: string; version: number };
  theta: number[];
  skills: SkillInformationCurve[];
}

/** θ from −4 to 4 in steps of 0.25 */
export const INFORMATION_GRID: readonly number[] = Array.from({ length: 33 }, (_, i) => -4 + i * 0.25);

const round = (x: number) => Math.round(x * 1e4) / 1e4;

export function blueprintInformation(bank: PublishedBank, grid: readonly number[] = INFORMATION_GRID): BlueprintInformation {
  const items = snapshotItems(bank.snapshot);
  const skills = bank.blueprint.skills.map((s): SkillInformationCurve => {
    const pool: Item[] = items.filter((it) => it.skill === s.skill);
    const perTheta = grid.map((theta) => pool.map((it) => itemInformation(it, theta)).sort((x, y) => y - x));
    const best = perTheta.map((infos) => infos.slice(0, s.maxItems).reduce((sum, x) => sum + x, 0));
    return {
      skill: s.skill,
      items: pool.length,
      maxItems: s.maxItems,
      cuts: { ...(bank.blueprint.cuts[s.skill] ?? {}) },
      poolInformation: perTheta.map((infos) => round(infos.reduce((sum, x) => sum + x, 0))),
      bestTestInformation: best.map(round),
      conditionalSe: best.map((info) => (info > 0 ? round(1 / Math.sqrt(info)) : null)),
    };
  });
  return { blueprint: { id: bank.blueprint.id, version: bank.blueprint.version }, theta: [...grid], skills };
}
