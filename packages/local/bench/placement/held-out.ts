// The held-out data of `npm run bench:placement`: a generated item bank for one skill and simulated taskers of
// known ability, both from fixed seeds and independent of the demo bank (packages/local/seed/items.json), whose
// parameters the defaults were never tuned on. The bank's shape copies the demo bank's documented priors
// (packages/local/seed/README.md, "Parameters"): discriminations lognormal with geometric mean 1.12 and
// quartiles near 0.87 / 1.35, difficulties centred on the cut the blueprint routes on, 2PL on the D = 1 metric.
import { createRng, randomInt, randomNormal, type DichotomousItem } from '@theta/irt';

export const HELD_OUT_SKILL = 'held-out-reasoning';
export const HELD_OUT_TAG = 'held-out';
export const HELD_OUT_ID_PREFIX = 'holdout-';
export const HELD_OUT_CUT = 0.5;

export interface HeldOutItem {
  /** import format (docs/item-bank.md): what the bench sends to POST /v1/items/batch */
  item: Record<string, unknown>;
  /** the truth the API never reveals */
  params: DichotomousItem;
  correct: string;
}

const OPTIONS = ['A', 'B', 'C', 'D'] as const;

/** `size` 2PL items: a = exp(N(ln 1.12, 0.33²)) clipped to [0.4, 2.5], b ~ N(cut, 1) clipped to [−3, 3]. */
export function heldOutBank(size: number, seed: number): HeldOutItem[] {
  const rng = createRng(`held-out-bank:${seed}`);
  const width = String(size).length;
  return Array.from({ length: size }, (_, i) => {
    const id = `${HELD_OUT_ID_PREFIX}${String(i + 1).padStart(Math.max(4, width), '0')}`;
    const a = round2(Math.min(2.5, Math.max(0.4, Math.exp(randomNormal(rng, Math.log(1.12), 0.33)))));
    const b = round2(Math.min(3, Math.max(-3, randomNormal(rng, HELD_OUT_CUT, 1))));
    const correct = OPTIONS[randomInt(rng, OPTIONS.length)] as string;
    return {
      params: { id, model: '2PL', a, b },
      correct,
      item: {
        id,
        skill: HELD_OUT_SKILL,
        tags: [HELD_OUT_TAG],
        status: 'active',
        model: '2PL',
        a,
        b,
        content: {
          stem: `Held-out benchmark item ${i + 1}: which option is correct?`,
          options: OPTIONS.map((o) => ({ id: o, text: `Option ${o}`, ...(o === correct ? {} : { errorTag: 'held-out-distractor' }) })),
          explanation: `Option ${correct} is keyed correct (a generated benchmark item).`,
        },
        key: { type: 'choice', correct },
      },
    };
  });
}

/** True abilities θ ~ N(0, 1), one stream per seed. */
export function heldOutAbilities(count: number, seed: number): number[] {
  const rng = createRng(`held-out-taskers:${seed}`);
  return Array.from({ length: count }, () => randomNormal(rng, 0, 1));
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
