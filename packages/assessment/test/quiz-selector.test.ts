// The practice selector: items aimed at a success probability, tags in rotation, randomesque exposure control.
// The simulation is the measurement: simulees with a known θ take quizzes, the observed success rate is
// within 0.70 ± 0.03.
import { createRng, randomNormal, type Item, type Rng } from '@theta/irt';
import { validateItemBatch } from '../src/bank/validate-batch';
import { quizEstimate, selectPracticeItem, successProbability, type QuizItemState } from '../src/quizzes';

const TAGS = ['t1', 't2', 't3', 't4', 't5'];

function bank(rng: Rng, n: number): QuizItemState[] {
  return Array.from({ length: n }, (_, i) => {
    const params: Item = { id: `p-${i}`, model: '2PL', a: 0.8 + 1.2 * rng(), b: randomNormal(rng, 0, 1.5) };
    return { id: params.id, version: 1, tags: [TAGS[i % TAGS.length]!], params };
  });
}

const usage = (items: QuizItemState[]) => {
  const m = new Map<string, number>();
  for (const i of items) for (const t of i.tags) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
};

test('picks among the k items whose P(correct | θ̂) is closest to the target', () => {
  const items = bank(createRng('closest'), 200);
  const picks = new Set<string>();
  for (let r = 0; r < 50; r++) {
    const pick = selectPracticeItem({ candidates: items, theta: 0.5, targetSuccess: 0.7, randomesqueK: 3, tagUsage: new Map(), random: createRng(r) })!;
    picks.add(pick.id);
  }
  const closest = [...items].sort((x, y) => Math.abs(successProbability(x.params, 0.5) - 0.7) - Math.abs(successProbability(y.params, 0.5) - 0.7)).slice(0, 3).map((i) => i.id);
  expect([...picks].sort()).toEqual([...closest].sort()); // exposure spread over exactly the 3 closest
});

test('content mix: the least-used tag comes next (round-robin over the tags)', () => {
  const items = bank(createRng('tags'), 100);
  const chosen: QuizItemState[] = [];
  const rng = createRng('tags-pick');
  for (let n = 0; n < 10; n++) {
    const pick = selectPracticeItem({ candidates: items.filter((i) => !chosen.includes(i)), theta: 0, targetSuccess: 0.7, randomesqueK: 3, tagUsage: usage(chosen), random: rng })!;
    chosen.push(pick);
  }
  for (const tag of TAGS) expect(chosen.filter((c) => c.tags.includes(tag))).toHaveLength(2);
});

test('no candidates → undefined; k larger than the pool is fine', () => {
  expect(selectPracticeItem({ candidates: [], theta: 0, targetSuccess: 0.7, randomesqueK: 3, tagUsage: new Map(), random: Math.random })).toBeUndefined();
  const one = bank(createRng('one'), 1);
  expect(selectPracticeItem({ candidates: one, theta: 0, targetSuccess: 0.7, randomesqueK: 5, tagUsage: new Map(), random: () => 0.99 })).toBe(one[0]);
});

test('simulation with known θ: observed success rate and mean P at the true θ are within 0.70 ± 0.03', () => {
  const rng = createRng('quiz-simulation');
  const items = bank(rng, 300);
  let answered = 0;
  let correct = 0;
  let pAtTrue = 0;
  for (let s = 0; s < 500; s++) {
    const theta = randomNormal(rng, 0, 1);
    // a stored estimate from placement: near the truth, with its uncertainty
    const prior = { theta: theta + randomNormal(rng, 0, 0.3), se: 0.35 };
    const shown: QuizItemState[] = [];
    const scores: number[] = [];
    let estimate = prior;
    for (let n = 0; n < 10; n++) {
      const pick = selectPracticeItem({ candidates: items.filter((i) => !shown.includes(i)), theta: estimate.theta, targetSuccess: 0.7, randomesqueK: 3, tagUsage: usage(shown), random: rng })!;
      const p = successProbability(pick.params, theta);
      const score = rng() < p ? 1 : 0;
      shown.push(pick);
      scores.push(score);
      estimate = quizEstimate(prior, shown, scores);
      answered++;
      correct += score;
      pAtTrue += p;
    }
  }
  if (process.env.PRINT_QUIZ_SIM) console.log(`success ${(correct / answered).toFixed(4)}, mean P at true θ ${(pAtTrue / answered).toFixed(4)}, ${answered} responses`);
  expect(Math.abs(correct / answered - 0.7)).toBeLessThanOrEqual(0.03);
  expect(Math.abs(pAtTrue / answered - 0.7)).toBeLessThanOrEqual(0.03);
});

test('the in-quiz estimate starts at the stored θ and moves with the answers', () => {
  const items = bank(createRng('move'), 5);
  const prior = { theta: 0.4, se: 0.5 };
  expect(quizEstimate(prior, items, []).theta).toBeCloseTo(0.4, 1);
  expect(quizEstimate(prior, items, [1, 1, 1, 1, 1]).theta).toBeGreaterThan(0.4);
  expect(quizEstimate(prior, items, [0, 0, 0, 0, 0]).theta).toBeLessThan(0.4);
});

describe('the item format: use and error tags', () => {
  const raw = (extra: Record<string, unknown> = {}) => ({
    id: 'x-1',
    skill: 'coding',
    status: 'active',
    model: '1PL',
    b: 0,
    content: { stem: 's', options: [{ id: 'A', text: 'a' }, { id: 'B', text: 'b', errorTag: 'off-by-one' }], explanation: '' },
    key: { type: 'choice', correct: 'A' },
    ...extra,
  });

  test('use defaults to placement only; practice and both are allowed; duplicates and unknown uses are reported', () => {
    const ok = validateItemBatch({ items: [raw(), raw({ id: 'x-2', use: ['practice'] }), raw({ id: 'x-3', use: ['practice', 'placement'] })] });
    if (!ok.ok) throw new Error(JSON.stringify(ok.errors));
    expect(ok.batch.items.map((i) => i.use)).toEqual([['placement'], ['practice'], ['placement', 'practice']]);
    const bad = validateItemBatch({ items: [raw({ use: ['practice', 'practice'] }), raw({ id: 'x-2', use: ['training'] }), raw({ id: 'x-3', use: [] })] });
    expect(bad.ok ? [] : bad.errors.map((e) => e.path)).toEqual(['items[0].use[1]', 'items[1].use[0]', 'items[2].use']);
  });

  test('with a taxonomy, an unknown error tag is reported at its option', () => {
    expect(validateItemBatch({ items: [raw()] }, { knownErrorTags: ['off-by-one'] }).ok).toBe(true);
    const bad = validateItemBatch({ items: [raw()] }, { knownErrorTags: ['missed-edge-case'] });
    expect(bad.ok ? [] : bad.errors).toEqual([{ index: 0, itemId: 'x-1', path: 'items[0].content.options[1].errorTag', message: expect.stringMatching(/unknown error tag "off-by-one"/) }]);
  });
});
