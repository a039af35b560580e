// The truth the API never reveals: answer keys and IRT parameters of the demo bank (seed/items.json), and a
// simulee with a true θ per skill who answers each shown item the way the IRT model says they would.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { categoryProbabilities, type Item, isPolytomous, probabilityCorrect, randomInt, randomNormal, type Rng } from '@theta/irt';
import { REPO_ROOT } from '../src/paths';

type SeedKey = { type: 'choice'; correct: string } | { type: 'scored'; scores: Record<string, number> };

interface SeedItem {
  id: string;
  skill: string;
  model: Item['model'];
  a?: number;
  b?: number;
  c?: number;
  d?: number;
  thresholds?: number[];
  key: SeedKey;
}

export interface TrueItem {
  skill: string;
  item: Item;
  key: SeedKey;
}

export const ITEMS_FILE = join(REPO_ROOT, 'packages', 'local', 'seed', 'items.json');
/** the demo practice items (quizzes), in the same format */
export const PRACTICE_ITEMS_FILE = join(REPO_ROOT, 'packages', 'local', 'seed', 'practice-items.json');

/** Item id → skill, IRT parameters (as @theta/irt wants them) and key. */
export function loadTruth(file: string = ITEMS_FILE): Map<string, TrueItem> {
  const { items } = JSON.parse(readFileSync(file, 'utf8')) as { items: SeedItem[] };
  const truth = new Map<string, TrueItem>();
  for (const seed of items) {
    const a = seed.a ?? 1; // 1PL/Rasch items may leave a out
    const item: Item =
      seed.model === 'GRM' || seed.model === 'GPCM'
        ? { id: seed.id, model: seed.model, a, thresholds: seed.thresholds ?? [] }
        : {
            id: seed.id,
            model: seed.model,
            a,
            b: seed.b ?? 0,
            ...(seed.c === undefined ? {} : { c: seed.c }),
            ...(seed.d === undefined ? {} : { d: seed.d }),
          };
    truth.set(seed.id, { skill: seed.skill, item, key: seed.key });
  }
  return truth;
}

export const SKILLS = ['instruction-following', 'factual-verification', 'rubric-grading', 'writing-quality', 'safety-policy', 'coding', 'math'] as const;
const DOMAINS = ['coding', 'math'] as const;
const EDUCATION = ['high-school', 'bachelor', 'master', 'doctorate', 'other'] as const;

export interface Profile {
  declaredDomains: string[];
  educationLevel: (typeof EDUCATION)[number];
}

/** What a simulee did with one item: the option picked and the score the model drew. */
export interface Answer {
  option: string;
  drawnScore: number;
  /** the drawn score had no option (a scored key without that score): the nearest score was answered */
  substituted: boolean;
}

export class Simulee {
  readonly theta: Record<string, number> = {};
  readonly profile: Profile;

  constructor(
    private readonly truth: Map<string, TrueItem>,
    private readonly rng: Rng,
  ) {
    for (const skill of SKILLS) this.theta[skill] = randomNormal(rng);
    this.profile = {
      declaredDomains: DOMAINS.filter(() => rng() < 0.5),
      educationLevel: EDUCATION[randomInt(rng, EDUCATION.length)] as Profile['educationLevel'],
    };
  }

  /** Draws a score with the item's category probabilities at the true θ and picks an option that earns it. */
  answer(itemId: string, optionIds: readonly string[]): Answer {
    const truth = this.truth.get(itemId);
    if (!truth) throw new Error(`item ${itemId} is not in ${ITEMS_FILE}: the simulator cannot answer it`);
    const theta = this.theta[truth.skill] ?? 0;
    const pick = (ids: readonly string[]): string => ids[randomInt(this.rng, ids.length)] as string;

    if (truth.key.type === 'choice') {
      const correct = truth.key.correct;
      const p = isPolytomous(truth.item) ? Number.NaN : probabilityCorrect(truth.item, theta);
      if (this.rng() < p) return { option: correct, drawnScore: 1, substituted: false };
      const wrong = optionIds.filter((id) => id !== correct);
      return { option: pick(wrong), drawnScore: 0, substituted: false };
    }

    const probabilities = categoryProbabilities(truth.item, theta);
    let u = this.rng();
    let drawn = probabilities.length - 1;
    for (let k = 0; k < probabilities.length; k++) {
      u -= probabilities[k] as number;
      if (u < 0) {
        drawn = k;
        break;
      }
    }
    const scores = truth.key.scores;
    const exact = optionIds.filter((id) => scores[id] === drawn);
    if (exact.length > 0) return { option: pick(exact), drawnScore: drawn, substituted: false };
    // e.g. a rubric whose options score 1..3 only: a drawn 0 answers with the lowest score on offer
    const distance = (id: string) => Math.abs((scores[id] ?? 0) - drawn);
    const best = Math.min(...optionIds.map(distance));
    return { option: pick(optionIds.filter((id) => distance(id) === best)), drawnScore: drawn, substituted: true };
  }
}
