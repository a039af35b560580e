// The stated rules of the common-errors insight (docs/insights.md, "The flag"): constants, so the docs, the
// response and the code say the same thing.

export const BANDS = [1, 2, 3, 4, 5] as const;
/** the strong taskers: the top ability quintile */
export const STRONG_BAND = 5;
/** the weak taskers: the bottom quintile (a distractor strong taskers prefer over weak ones points at the item) */
export const WEAK_BAND = 1;
/** a flag needs at least this many strong-tasker responses */
export const MIN_STRONG_N = 20;
/** ... and the lower end of the 95% Wilson interval of their rate at or above this */
export const STRONG_RATE_FLOOR = 0.15;
/** example items listed per error tag */
export const EXAMPLE_ITEMS = 3;

export const FLAG_RULE =
  `flagged "ambiguous-item-or-training-gap" when the top ability quintile (band ${STRONG_BAND}) has at least ${MIN_STRONG_N} ` +
  `responses to the items concerned and the 95% Wilson lower bound of its rate is at least ${STRONG_RATE_FLOOR}; a distractor is flagged ` +
  `"strong-taskers-choose-this" on the same test of its top-quintile share, when that share is also at least the bottom quintile's`;

export function strongAtHighRate(strong: { n: number; lo: number }): boolean {
  return strong.n >= MIN_STRONG_N && strong.lo >= STRONG_RATE_FLOOR;
}
