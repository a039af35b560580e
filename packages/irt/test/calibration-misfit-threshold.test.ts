// The calibration's misfit verdict needs enough answers (docs/item-health.md: under 100 an item is `few-responses`
// and is not judged): an active item answered backwards (strong taskers wrong, weak ones right) misfits clearly at
// 400 taskers and is left unjudged at 80, though its chi-square p is tiny there too.
import { calibrateBank, type CalibrationBankItem } from '../src/calibration/index';
import { probabilityCorrect } from '../src/models/dichotomous';
import { createRng, randomNormal } from '../src/random';
import type { DichotomousItem } from '../src/types';

function run(taskers: number) {
  const rng = createRng(5);
  const bank: CalibrationBankItem[] = Array.from({ length: 12 }, (_, j) => ({ id: `i${j}`, model: '2PL' as const, a: 1.4, b: -1.5 + (3 * j) / 11, status: 'active' }));
  bank.push({ id: 'pilot', model: '2PL', a: 1, b: 0, status: 'pilot' });
  const responses = [];
  for (let t = 0; t < taskers; t++) {
    const theta = randomNormal(rng);
    for (const item of bank) {
      // i5 is answered as if it were keyed backwards: P(correct) at θ is the 2PL's P at −θ
      const p = probabilityCorrect(item as DichotomousItem, item.id === 'i5' ? -theta : theta);
      responses.push({ taskerId: `t${t}`, itemId: item.id, score: rng() < p ? 1 : 0 });
    }
  }
  return calibrateBank(bank, responses).document.items.find((i) => i.id === 'i5')!;
}

test('a backwards item misfits at 400 answers', () => {
  const item = run(400);
  expect(item.n).toBe(400);
  expect(item.flags).toContain('misfit');
});

test('the same item at 80 answers is few-responses, not misfit, though its fit test would reject it', () => {
  const item = run(80);
  expect(item.n).toBe(80);
  expect(item.fit!.p).toBeLessThan(0.001);
  expect(item.flags).toEqual(['few-responses']);
});
