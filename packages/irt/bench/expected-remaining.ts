// Cost of expectedItemsLeft per call (it runs once per placement request that shows an item), mid-test, for
// banks of 300, 3,000 and 30,000 2PL items. Run: npx tsx packages/irt/bench/expected-remaining.ts
import { compileBank, expectedItemsLeft, nextItem, recordResponse, startSession, type CatConfig, type CatState } from '../src/cat';
import { mulberry32, randomNormal } from '../src/random';

const config: CatConfig = { version: 'bench-expected', stopping: { maxItems: 40, minItems: 5, seThreshold: 0.2 } };
for (const size of [300, 3000, 30000]) {
  const rng = mulberry32(size);
  const items = Array.from({ length: size }, (_, i) => ({ id: `i${i}`, model: '2PL' as const, a: Math.exp(randomNormal(rng, 0, 0.3)), b: randomNormal(rng) }));
  const bank = compileBank(items);
  let state: CatState = startSession(config, bank);
  for (let k = 0; k < 5; k++) {
    const step = nextItem(state, bank, config, rng);
    if (!('itemId' in step)) break;
    state = recordResponse(step.state, bank, config, step.itemId, k % 2);
  }
  const shown = nextItem(state, bank, config, rng).state; // an item on screen after 5 answers
  const calls = size >= 30000 ? 200 : 2000;
  for (let k = 0; k < 50; k++) expectedItemsLeft(shown, bank, config); // warm-up
  const t0 = process.hrtime.bigint();
  let left = 0;
  for (let k = 0; k < calls; k++) left = expectedItemsLeft(shown, bank, config);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6 / calls;
  console.log(`${size} items: ${ms.toFixed(3)} ms per call (expectedItemsLeft = ${left} after 5 answers)`);
}
