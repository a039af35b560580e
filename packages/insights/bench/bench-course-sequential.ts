// npm run bench:course-sequential: false-positive rate of the course comparison under no effect when the designer
// looks every day, with the always-valid mixture SPRT vs the naive daily ANCOVA t-test, and power at a +0.4 effect.
// BENCH_EXPERIMENTS, BENCH_LOOKS, BENCH_PER_DAY change the size (defaults 1000, 30, 5).
import { MIN_N_PER_VARIANT, MSPRT_TAU2, peekingExperiment } from '@theta/insights';

const experiments = Number(process.env.BENCH_EXPERIMENTS ?? 1000);
const looks = Number(process.env.BENCH_LOOKS ?? 30);
const perDay = Number(process.env.BENCH_PER_DAY ?? 5);
const pct = (x: number) => `${((100 * x) / experiments).toFixed(1)}%`;

console.log(`${experiments} experiments, ${looks} daily looks, ${perDay} taskers/variant/day, τ² = ${MSPRT_TAU2}, min ${MIN_N_PER_VARIANT}/variant`);
let t = Date.now();
const h0 = peekingExperiment(7, { experiments, looks, perDay });
console.log(`no effect:   FP sequential (mSPRT) ${pct(h0.sequentialRejections)}   FP naive daily t-test ${pct(h0.naiveRejections)}   (${Date.now() - t} ms)`);
t = Date.now();
const h1 = peekingExperiment(8, { experiments, looks, perDay, effect: 0.4 });
console.log(`effect +0.4: power sequential ${pct(h1.sequentialRejections)}   naive ${pct(h1.naiveRejections)}   (${Date.now() - t} ms)`);
