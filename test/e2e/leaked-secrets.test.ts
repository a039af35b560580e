// The suite-wide no-secrets check must catch leaks by value, not only by field name (a renamed field would
// otherwise slip through), and must pass the bodies the API really sends.
import { leakedSecrets, SEED_ITEMS } from '../support/seed-bank';

const choice = SEED_ITEMS.find((i) => i.key.type === 'choice' && i.c !== undefined && !Number.isInteger(i.a) && !Number.isInteger(i.b ?? 0))!;
const scored = SEED_ITEMS.find((i) => i.key.type === 'scored')!;
const view = (item: typeof choice) => ({ id: item.id, stem: item.content.stem, options: item.content.options.map((o) => ({ id: o.id, text: o.text })) });

describe('leakedSecrets', () => {
  it('passes an item as a tasker sees it, and a result with estimates', () => {
    expect(leakedSecrets(JSON.stringify({ placementId: 'p', item: view(choice), progress: { answered: 3, maxItems: 44 } }))).toEqual([]);
    expect(leakedSecrets(JSON.stringify({ result: { skills: { coding: { theta: 0.8123, se: 0.29, ci95: [0.24, 1.38] } }, itemsAdministered: [choice.id, scored.id] } }))).toEqual([]);
  });

  it('catches the parameters of a named item under any field names', () => {
    const body = JSON.stringify({ item: view(choice), hint: { discrimination: choice.a, difficulty: choice.b, guess: choice.c } });
    expect(leakedSecrets(body)).toEqual([expect.stringContaining(`parameters of ${choice.id}`)]);
  });

  it('catches the answer key by value, under any field name', () => {
    const correct = (choice.key as { correct: string }).correct;
    expect(leakedSecrets(JSON.stringify({ item: view(choice), solution: correct }))).toEqual([`answer key of ${choice.id} in "solution"`]);
    const scores = (scored.key as { scores: Record<string, number> }).scores;
    expect(leakedSecrets(JSON.stringify({ item: view(scored), grading: scores }))).toEqual([`score map of ${scored.id}`]);
  });
});
