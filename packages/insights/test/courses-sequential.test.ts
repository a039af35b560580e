// The always-valid test's false-positive rate under no effect with daily peeking, by simulation with a fixed seed:
// 1000 A/A experiments, 5 taskers per variant per day, a look every day for 30 days (looks start at 20 per variant).
// With true FP rate 5% the count over 1000 runs has SD ≈ 7, so ≤ 50 is a test of the guarantee, not of luck.
import { peekingExperiment } from '@theta/insights';

test('mSPRT under no effect, 30 daily looks × 1000 experiments: FP ≤ 5%; the naive daily ANCOVA t-test inflates', () => {
  const r = peekingExperiment(7, { experiments: 1000, looks: 30, perDay: 5 });
  console.log(`sequential ${r.sequentialRejections}/1000, naive ${r.naiveRejections}/1000`);
  expect(r.sequentialRejections / r.experiments).toBeLessThanOrEqual(0.05);
  expect(r.naiveRejections / r.experiments).toBeGreaterThan(0.1);
}, 120_000);

test('and it still has power: a planted +0.4 effect is detected in ≥ 90% of 200 experiments within 30 days', () => {
  const r = peekingExperiment(8, { experiments: 200, looks: 30, perDay: 5, effect: 0.4 });
  expect(r.sequentialRejections / r.experiments).toBeGreaterThanOrEqual(0.9);
}, 120_000);
