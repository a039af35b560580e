// DIF of one dichotomous item by a tasker attribute: Mantel–Haenszel of each other group (focal) against the
// reference group, matched on θ strata. Adaptive tests have no common number-correct score, so the matching variable
// is each tasker's EAP from the anchors (the studied item included, as Holland & Thayer include it in the total
// score), cut into equal-count strata over the two groups' respondents.

import { mantelHaenszel, type StratumTable } from './mantel-haenszel';
import type { DifComparison } from './types';

export interface DifRespondent {
  theta: number;
  right: boolean;
  group: string;
}

/** The most frequent group value (ties: the first in sort order): the default reference group. */
export function largestGroup(groups: Iterable<string>): string | undefined {
  const counts = new Map<string, number>();
  for (const g of groups) counts.set(g, (counts.get(g) ?? 0) + 1);
  return [...counts.entries()].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))[0]?.[0];
}

export function difComparisons(respondents: readonly DifRespondent[], reference: string, strata: number, minGroup: number): DifComparison[] {
  const focalValues = [...new Set(respondents.map((r) => r.group))].filter((g) => g !== reference).sort();
  const out: DifComparison[] = [];
  for (const focal of focalValues) {
    const pair = respondents.filter((r) => r.group === reference || r.group === focal).sort((x, y) => x.theta - y.theta);
    const nFocal = pair.filter((r) => r.group === focal).length;
    const nReference = pair.length - nFocal;
    if (nFocal < minGroup || nReference < minGroup) continue;
    const tables: StratumTable[] = Array.from({ length: strata }, () => ({ refRight: 0, refWrong: 0, focalRight: 0, focalWrong: 0 }));
    pair.forEach((r, rank) => {
      const t = tables[Math.min(strata - 1, Math.floor((rank * strata) / pair.length))] as StratumTable;
      if (r.group === reference && r.right) t.refRight++;
      else if (r.group === reference) t.refWrong++;
      else if (r.right) t.focalRight++;
      else t.focalWrong++;
    });
    out.push({ reference, focal, nReference, nFocal, ...mantelHaenszel(tables) });
  }
  return out;
}
