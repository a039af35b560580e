import { buildScenario, seStoppingConfig, CUT, cutAccuracy } from './efficiency';
import { drawAbilities, seeded } from './bank';
import { simulate, type CatConfig } from '../src/index';
const s = buildScenario();
const thetas = drawAbilities(5000, seeded(4242));
const simulees = thetas.map((theta, i) => ({ id: `t${i}`, theta }));
const se = simulate(s.bank, simulees, seStoppingConfig, { seed: 5 });
console.log('SE-only', cutAccuracy(se, CUT), se.length.mean);
for (const maxItems of [30, 45, 60]) for (const [method, delta, alpha, target] of [['sprt', 0.3, 0.05, 'estimate'], ['sprt', 0.3, 0.05, 'cut'], ['sprt', 0.25, 0.05, 'estimate'], ['sprt', 0.3, 0.075, 'estimate'], ['glr', 0.3, 0.05, 'estimate'], ['glr', 0.3, 0.1, 'estimate'], ['glr', 0.3, 0.05, 'cut'], ['glr', 0.2, 0.05, 'estimate']] as const) {
  const cfg: CatConfig = { ...seStoppingConfig, selection: { method: 'MFI', target }, stopping: { maxItems, classification: { cuts: [CUT], method, delta, alpha, beta: alpha } } };
  const r = simulate(s.bank, simulees, cfg, { seed: 5 });
  console.log(`max${maxItems} ${method} ${target} d${delta} a${alpha}`.padEnd(34), cutAccuracy(r, CUT).toFixed(4), r.length.mean.toFixed(2));
}
