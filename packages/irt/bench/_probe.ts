import { buildScenario, runEfficiency, runRouting, runWithExposure, seStoppingConfig, CUT, MAX_ITEMS } from './efficiency';
const s = buildScenario();
let t = Date.now();
const e = runEfficiency(s);
const { report, ...rest } = e;
console.log(rest, report.stopReasons, Date.now() - t, 'ms');
for (const [label, cfg] of [
  ['sprt d0.3 cut', { ...seStoppingConfig, selection: { method: 'MFI', target: 'cut' }, stopping: { maxItems: MAX_ITEMS, classification: { cuts: [CUT], method: 'sprt' } } }],
  ['sprt d0.3 est', { ...seStoppingConfig, selection: { method: 'MFI' }, stopping: { maxItems: MAX_ITEMS, classification: { cuts: [CUT], method: 'sprt' } } }],
  ['glr cut', { ...seStoppingConfig, selection: { method: 'MFI', target: 'cut' }, stopping: { maxItems: MAX_ITEMS, classification: { cuts: [CUT], method: 'glr' } } }],
  ['ci est', { ...seStoppingConfig, selection: { method: 'MFI' }, stopping: { maxItems: MAX_ITEMS, classification: { cuts: [CUT], method: 'ci' } } }],
] as const) { t = Date.now(); console.log(runRouting(s, label, cfg as never), Date.now() - t); }
console.log(runWithExposure(s, 'restricted .25', { ...seStoppingConfig, exposure: { method: 'restricted', maxRate: 0.25 } }));
