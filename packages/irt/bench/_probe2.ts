import { buildScenario, lengthBound } from './efficiency';
import { createPosterior, updatePosterior, posteriorSummary, expectedPosteriorWeights, clonePosterior, itemInformation, probabilityCorrect, createRng, type DichotomousItem } from '../src/index';
const s = buildScenario();
const bank = s.bank;
type Sel = (grid: ReturnType<typeof createPosterior>, used: Uint8Array) => number;
const w = new Float64Array(61);
const mfi: Sel = (grid, used) => { const t = posteriorSummary(grid).theta; let bi = -1, bv = -1; bank.forEach((it, i) => { if (used[i]) return; const v = itemInformation(it, t); if (v > bv) { bv = v; bi = i; } }); return bi; };
const mpwi: Sel = (grid, used) => { expectedPosteriorWeights(grid, w); let bi = -1, bv = -1; bank.forEach((it, i) => { if (used[i]) return; let v = 0; for (let q = 0; q < 61; q++) v += w[q]! * itemInformation(it, grid.nodes[q]!); if (v > bv) { bv = v; bi = i; } }); return bi; };
const mepv: Sel = (grid, used) => { expectedPosteriorWeights(grid, w); let bi = -1, bv = Infinity; bank.forEach((it, i) => { if (used[i]) return; let p1 = 0; for (let q = 0; q < 61; q++) p1 += w[q]! * probabilityCorrect(it, grid.nodes[q]!); let v = 0; for (const u of [0, 1]) { const g = clonePosterior(grid); updatePosterior(g, it, u); const se = posteriorSummary(g).se; v += (u ? p1 : 1 - p1) * se * se; } if (v < bv) { bv = v; bi = i; } }); return bi; };
for (const [name, sel] of [['MFI', mfi], ['MPWI', mpwi], ['MEPV', mepv]] as const) {
  const rng = createRng(11);
  let len = 0, sq = 0, bias = 0, ses = 0, bound = 0;
  s.trueThetas.forEach((th) => {
    const grid = createPosterior({}); const used = new Uint8Array(bank.length); let n = 0;
    while (n < 30 && posteriorSummary(grid).se > 0.3) { const i = sel(grid, used); used[i] = 1; const it = bank[i] as DichotomousItem; const u = rng() < probabilityCorrect(it, th) ? 1 : 0; updatePosterior(grid, it, u); n++; }
    const { theta, se } = posteriorSummary(grid); len += n; sq += (theta - th) ** 2; bias += theta - th; ses += se; bound += Math.min(30, lengthBound(bank, th, 0.3));
  });
  const N = s.trueThetas.length;
  console.log(name, { len: len / N, bound: bound / N, ratio: len / bound, rmse: Math.sqrt(sq / N), bias: bias / N, se: ses / N });
}
{
  const rng = createRng(11);
  let len = 0, bound = 0, lenF = 0;
  s.trueThetas.forEach((th) => {
    const order = bank.map((it, i) => [itemInformation(it, th), i] as const).sort((a, b) => b[0] - a[0]);
    const grid = createPosterior({}); let n = 0;
    while (n < 30 && posteriorSummary(grid).se > 0.3) { const it = bank[order[n]![1]] as DichotomousItem; updatePosterior(grid, it, rng() < probabilityCorrect(it, th) ? 1 : 0); n++; }
    len += n; bound += Math.min(30, lengthBound(bank, th, 0.3));
    // MFI at theta-hat, but stop on Fisher SE at theta-hat
    const g2 = createPosterior({}); const used = new Uint8Array(bank.length); let m = 0; let info = 1;
    while (m < 30 && 1 / Math.sqrt(info) > 0.3) { const i = mfi(g2, used); used[i] = 1; const it = bank[i] as DichotomousItem; updatePosterior(g2, it, rng() < probabilityCorrect(it, th) ? 1 : 0); m++; const t = posteriorSummary(g2).theta; info = 1; bank.forEach((x, j) => { if (used[j]) info += itemInformation(x, t); }); }
    lenF += m;
  });
  console.log('oracle-select posterior-SD stop', len / 1000, bound / 1000, len / bound, 'MFI+fisher-stop', lenF / 1000, lenF / bound);
}
{
  const rng = createRng(11);
  let lenF = 0, sq = 0, bias = 0, psd = 0, fse = 0, bound = 0;
  s.trueThetas.forEach((th) => {
    const g2 = createPosterior({}); const used = new Uint8Array(bank.length); let m = 0; let info = 1;
    while (m < 30 && 1 / Math.sqrt(info) > 0.3) { const i = mfi(g2, used); used[i] = 1; const it = bank[i] as DichotomousItem; updatePosterior(g2, it, rng() < probabilityCorrect(it, th) ? 1 : 0); m++; const t = posteriorSummary(g2).theta; info = 1; bank.forEach((x, j) => { if (used[j]) info += itemInformation(x, t); }); }
    const { theta, se } = posteriorSummary(g2);
    lenF += m; sq += (theta - th) ** 2; bias += theta - th; psd += se; fse += 1 / Math.sqrt(info); bound += Math.min(30, lengthBound(bank, th, 0.3));
  });
  console.log('fisher-stop', { len: lenF / 1000, ratio: lenF / bound, rmse: Math.sqrt(sq / 1000), bias: bias / 1000, postSD: psd / 1000, fisherSE: fse / 1000 });
}
