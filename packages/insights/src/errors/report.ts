// From the cells of errors-by-band.sql to the common-errors report: error tags ranked by frequency with their rate
// per ability band, the flag, example items, and per item the distractor analysis. Every number is a Proportion
// (x, n, p and a 95% Wilson interval). Pure: the engine has already done the scan.
import { type Proportion, wilson } from '../stats/wilson';
import type { ErrorCell } from './cells';
import { BANDS, EXAMPLE_ITEMS, FLAG_RULE, STRONG_BAND, strongAtHighRate, WEAK_BAND } from './rules';

export interface BandProportion extends Proportion {
  band: number;
}

export interface ErrorTagInsight {
  rank: number;
  skill: string;
  errorTag: string;
  /** responses with this tag */
  count: number;
  /** its share of all wrong answers in the skill */
  shareOfErrors: Proportion;
  /** among responses to the items where this tag occurs, the share that made it */
  rate: Proportion;
  byBand: BandProportion[];
  /** the band where the rate is highest */
  peakBand: number | null;
  flag: 'ambiguous-item-or-training-gap' | null;
  exampleItems: { itemId: string; rate: Proportion }[];
}

export interface OptionInsight {
  answer: string | null;
  errorTag: string | null;
  correct: boolean;
  chosen: Proportion;
  byBand: (BandProportion & { medianElapsedMs: number | null })[];
  flag: 'strong-taskers-choose-this' | null;
}

export interface ItemInsight {
  skill: string;
  itemId: string;
  n: number;
  correct: Proportion;
  /** wrong answers on this item, for ranking */
  errors: number;
  options: OptionInsight[];
  flag: 'ambiguous-item' | null;
}

export interface ErrorsReport {
  rule: string;
  responses: number;
  errors: ErrorTagInsight[];
  items: ItemInsight[];
}

const sum = (cells: readonly ErrorCell[]) => cells.reduce((s, c) => s + c.n, 0);
const key = (...parts: (string | number | null)[]) => JSON.stringify(parts);

function groupBy<T>(xs: readonly T[], keyOf: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of xs) {
    const k = keyOf(x);
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}

function bandProportions(made: readonly ErrorCell[], all: readonly ErrorCell[]): BandProportion[] {
  return BANDS.map((band) => ({ band, ...wilson(sum(made.filter((c) => c.band === band)), sum(all.filter((c) => c.band === band))) }));
}

const isCorrect = (c: ErrorCell) => c.errorTag === null && c.scoreSum > 0;

function peak(byBand: readonly BandProportion[]): number | null {
  let best: BandProportion | null = null;
  for (const b of byBand) if (b.n > 0 && (best === null || b.p > best.p)) best = b;
  return best?.band ?? null;
}

function itemInsight(skill: string, itemId: string, cells: readonly ErrorCell[]): ItemInsight {
  const n = sum(cells);
  const options = [...groupBy(cells, (c) => key(c.answer, c.errorTag)).values()].map((optionCells): OptionInsight => {
    const first = optionCells[0]!;
    const byBand = bandProportions(optionCells, cells).map((b) => ({
      ...b,
      medianElapsedMs: optionCells.find((c) => c.band === b.band)?.medianElapsedMs ?? null,
    }));
    const correct = optionCells.every(isCorrect);
    const strong = byBand.find((b) => b.band === STRONG_BAND)!;
    const weak = byBand.find((b) => b.band === WEAK_BAND)!;
    const flagged = !correct && strongAtHighRate(strong) && strong.p >= weak.p;
    return {
      answer: first.answer,
      errorTag: first.errorTag,
      correct,
      chosen: wilson(sum(optionCells), n),
      byBand,
      flag: flagged ? 'strong-taskers-choose-this' : null,
    };
  });
  options.sort((a, b) => b.chosen.x - a.chosen.x || String(a.answer).localeCompare(String(b.answer)));
  const right = sum(cells.filter(isCorrect));
  return {
    skill,
    itemId,
    n,
    correct: wilson(right, n),
    errors: n - right,
    options,
    flag: options.some((o) => o.flag) ? 'ambiguous-item' : null,
  };
}

function tagInsights(skill: string, cells: readonly ErrorCell[]): Omit<ErrorTagInsight, 'rank'>[] {
  const byItem = groupBy(cells, (c) => c.itemId);
  const wrong = sum(cells.filter((c) => !isCorrect(c)));
  const tagged = groupBy(
    cells.filter((c) => c.errorTag !== null),
    (c) => c.errorTag!,
  );
  return [...tagged.entries()].map(([errorTag, made]) => {
    const items = [...new Set(made.map((c) => c.itemId))];
    const offered = items.flatMap((id) => byItem.get(id) ?? []);
    const byBand = bandProportions(made, offered);
    const strong = byBand.find((b) => b.band === STRONG_BAND)!;
    const exampleItems = items
      .map((itemId) => ({ itemId, rate: wilson(sum(made.filter((c) => c.itemId === itemId)), sum(byItem.get(itemId) ?? [])) }))
      .sort((a, b) => b.rate.x - a.rate.x || a.itemId.localeCompare(b.itemId))
      .slice(0, EXAMPLE_ITEMS);
    const count = sum(made);
    return {
      skill,
      errorTag,
      count,
      shareOfErrors: wilson(count, wrong),
      rate: wilson(count, sum(offered)),
      byBand,
      peakBand: peak(byBand),
      flag: strongAtHighRate(strong) ? ('ambiguous-item-or-training-gap' as const) : null,
      exampleItems,
    };
  });
}

export function errorsReport(cells: readonly ErrorCell[]): ErrorsReport {
  const bySkill = groupBy(cells, (c) => c.skill);
  const errors = [...bySkill.entries()]
    .flatMap(([skill, skillCells]) => tagInsights(skill, skillCells))
    .sort((a, b) => b.count - a.count || a.skill.localeCompare(b.skill) || a.errorTag.localeCompare(b.errorTag))
    .map((tag, i) => ({ rank: i + 1, ...tag }));
  const items = [...groupBy(cells, (c) => key(c.skill, c.itemId)).values()]
    .map((itemCells) => itemInsight(itemCells[0]!.skill, itemCells[0]!.itemId, itemCells))
    .sort((a, b) => Number(b.flag !== null) - Number(a.flag !== null) || b.errors - a.errors || a.itemId.localeCompare(b.itemId));
  return { rule: FLAG_RULE, responses: sum(cells), errors, items };
}
