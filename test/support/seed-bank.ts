// The truth the API never reveals, read straight from the seed file: e2e tests use it to answer
// items right or wrong on purpose, and to check that no response body leaks any of it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { categoryProbabilities, type Item, type Rng } from '@theta/irt';
import { REPO_ROOT } from '@theta/local';

interface SeedOption {
  id: string;
  text: string;
  errorTag?: string;
}
interface SeedItem {
  id: string;
  skill: string;
  status: string;
  model: string;
  a: number;
  b?: number;
  c?: number;
  d?: number;
  thresholds?: number[];
  content: { stem: string; options: SeedOption[]; explanation: string };
  key: { type: 'choice'; correct: string } | { type: 'scored'; scores: Record<string, number> };
}

export const SEED_ITEMS: SeedItem[] = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'packages/local/seed/items.json'), 'utf8')) as { items: SeedItem[] }
).items;

const byId = new Map(SEED_ITEMS.map((i) => [i.id, i]));

export function seedItem(id: string): SeedItem {
  const item = byId.get(id);
  if (!item) throw new Error(`not a seed item: ${id}`);
  return item;
}

/**
 * The option with the given score (1 = correct, 0 = a wrong one for choice items). Rubric options earn
 * 3 − |chosen − true score|, so not every score has an option: then the option whose score is closest.
 */
export function optionWithScore(id: string, score: number): string {
  const item = seedItem(id);
  if (item.key.type === 'choice') {
    const correct = item.key.correct;
    return score === 1 ? correct : (item.content.options.find((o) => o.id !== correct)?.id as string);
  }
  return Object.entries(item.key.scores).sort((x, y) => Math.abs(x[1] - score) - Math.abs(y[1] - score))[0]![0];
}

export function bestOption(id: string): string {
  const item = seedItem(id);
  if (item.key.type === 'choice') return item.key.correct;
  return Object.entries(item.key.scores).sort((x, y) => y[1] - x[1])[0]![0];
}

export function engineItem(id: string): Item {
  const s = seedItem(id);
  if (s.model === 'GRM' || s.model === 'GPCM') return { id, model: s.model, a: s.a, thresholds: s.thresholds ?? [] };
  return { id, model: s.model as '1PL' | '2PL' | '3PL' | '4PL', a: s.a, b: s.b ?? 0, ...(s.c === undefined ? {} : { c: s.c }), ...(s.d === undefined ? {} : { d: s.d }) };
}

/** A simulee of true ability `theta` answers: draws a category from the item's model, returns that option. */
export function simulatedAnswer(id: string, theta: number, rng: Rng): string {
  const probabilities = categoryProbabilities(engineItem(id), theta);
  let u = rng();
  let score = 0;
  for (; score < probabilities.length - 1; score++) {
    u -= probabilities[score] as number;
    if (u < 0) break;
  }
  return optionWithScore(id, score);
}

/** JSON number tokens of a body, as written (`0.8`, `-1.25`): what a leaked parameter would look like. */
function numberTokens(body: string): Set<string> {
  return new Set(body.match(/(?<=[:,[])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?=[,\]}])/gi) ?? []);
}

/**
 * Leaks by value, for items the body names: the answer key under any field name, and the IRT parameters.
 * To stay free of false positives (θ estimates, SEs and cuts are numbers too), a parameter leak needs at least
 * two of the item's non-integer parameters in the body; a choice key, the correct option id as the value of a
 * field other than an option's `id` / `text`; a scored key, its whole score map.
 */
function leakedValues(body: string): string[] {
  const problems: string[] = [];
  let numbers: Set<string> | undefined;
  for (const item of SEED_ITEMS) {
    if (!body.includes(`"${item.id}"`)) continue;
    const params = [item.a, item.b, item.c, item.d, ...(item.thresholds ?? [])].filter((v): v is number => v !== undefined && !Number.isInteger(v));
    numbers ??= numberTokens(body);
    const found = params.filter((v) => numbers!.has(String(v)));
    if (params.length >= 2 && found.length >= 2) problems.push(`parameters of ${item.id} (${found.join(', ')})`);
    if (item.key.type === 'choice') {
      const asValue = new RegExp(`"([^"]+)":"${item.key.correct}"`, 'g');
      for (const [, field] of body.matchAll(asValue)) if (field !== 'id' && field !== 'text') problems.push(`answer key of ${item.id} in "${field}"`);
    } else if (body.includes(JSON.stringify(item.key.scores).slice(1, -1))) {
      problems.push(`score map of ${item.id}`);
    }
  }
  return problems;
}

/** Strings that must never appear in a tasker-facing body: keys, error tags, explanations, IRT parameters. */
export function leakedSecrets(body: string): string[] {
  const problems: string[] = [];
  for (const field of ['"key"', '"correct"', '"scores"', '"errorTag"', '"errorTags"', '"explanation"', '"thresholds"', '"params"', '"a":', '"b":', '"c":', '"d":']) {
    if (body.includes(field)) problems.push(`field ${field}`);
  }
  for (const item of SEED_ITEMS) {
    if (body.includes(item.content.explanation)) problems.push(`explanation of ${item.id}`);
    for (const o of item.content.options) if (o.errorTag && body.includes(`"${o.errorTag}"`)) problems.push(`error tag ${o.errorTag}`);
  }
  return [...problems, ...leakedValues(body)];
}
