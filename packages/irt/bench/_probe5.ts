import { buildScenario, runWithExposure, seStoppingConfig } from './efficiency';
import { deriveSympsonHetter, type CatConfig } from '../src/index';
import { drawAbilities, seeded } from './bank';
const s = buildScenario();
const t0 = Date.now();
const calib = drawAbilities(1000, seeded(777)).map((theta, i) => ({ id: `c${i}`, theta }));
const sh = deriveSympsonHetter(s.bank, seStoppingConfig, calib, { targetRate: 0.23, iterations: 15, seed: 3 });
console.log('derive', Date.now() - t0, sh.converged, sh.history.map((x) => x.maxExposure.toFixed(3)).join(' '));
const rows = [
  runWithExposure(s, 'none', seStoppingConfig),
  runWithExposure(s, 'restricted .25', { ...seStoppingConfig, exposure: { method: 'restricted', maxRate: 0.25 } }),
  runWithExposure(s, 'progressive+.25', { ...seStoppingConfig, exposure: { method: 'progressive', maxRate: 0.25 } }),
  runWithExposure(s, 'sympson-hetter', sh.config),
  runWithExposure(s, 'randomesque 5 + restricted', { ...seStoppingConfig, selection: { method: 'MFI', randomesque: 3 }, exposure: { method: 'restricted', maxRate: 0.25 } }),
];
for (const r of rows) console.log(r.label.padEnd(28), r.meanLength.toFixed(2), r.maxExposure.toFixed(3), r.rmse.toFixed(3), r.bias.toFixed(3), r.meanSE.toFixed(3));
