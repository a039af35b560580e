import { buildScenario } from './efficiency';
import { createPosterior, updatePosterior, posteriorSummary, expectedPosteriorWeights, itemInformation, probabilityCorrect, createRng, type DichotomousItem } from '../src/index';
const s = buildScenario(); const bank = s.bank; const cut = 0.5;
for (const points of [61, 121]) for (const eps of [0.03, 0.05, 0.07]) for (const target of ['est', 'cut'] as const) for (const maxItems of [30]) {
  const rng = createRng(13); let len = 0, correct = 0;
  const w = new Float64Array(points);
  s.trueThetas.forEach((th) => {
    const grid = createPosterior({ quadrature: { points, min: -6, max: 6 } }); const used = new Uint8Array(bank.length); let n = 0; let pAbove = 0;
    for (;;) {
      expectedPosteriorWeights(grid, w); pAbove = 0; for (let q = 0; q < points; q++) if (grid.nodes[q]! >= cut) pAbove += w[q]!;
      if (n >= maxItems || pAbove <= eps || pAbove >= 1 - eps) break;
      const t = target === 'cut' ? cut : posteriorSummary(grid).theta;
      let bi = -1, bv = -1; bank.forEach((it, i) => { if (used[i]) return; const v = itemInformation(it, t); if (v > bv) { bv = v; bi = i; } });
      used[bi] = 1; const it = bank[bi] as DichotomousItem; updatePosterior(grid, it, rng() < probabilityCorrect(it, th) ? 1 : 0); n++;
    }
    len += n; if ((pAbove >= 0.5) === (th >= cut)) correct++;
  });
  console.log(points, eps, target, maxItems, correct / 1000, len / 1000);
}
