// How a proficiency model is judged (FORMATS.md section 4): next-answer log loss and AUC, θ RMSE against the
// truth, and the coverage of its 95% interval.
export interface Scores {
  logLoss: number;
  auc: number;
  rmse: number;
  /** share of responses whose true θ lies in θ̂ ± 1.96·SE; undefined without SEs */
  coverage95?: number;
}

export function auc(p: readonly number[], y: readonly number[]): number {
  // Mann–Whitney with average ranks for ties
  const order = p.map((_, k) => k).sort((a, b) => p[a]! - p[b]!);
  let rankSumPos = 0;
  let pos = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && p[order[j + 1]!] === p[order[i]!]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++)
      if (y[order[k]!] === 1) {
        rankSumPos += avg;
        pos++;
      }
    i = j + 1;
  }
  const neg = y.length - pos;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

export function score(pred: readonly { pCorrect: number; theta: number; se?: number }[], y: readonly number[], truth: readonly number[]): Scores {
  let ll = 0;
  let se2 = 0;
  let covered = 0;
  let hasSe = true;
  pred.forEach((q, k) => {
    const p = Math.min(1 - 1e-9, Math.max(1e-9, q.pCorrect));
    ll -= y[k] === 1 ? Math.log(p) : Math.log(1 - p);
    se2 += (q.theta - truth[k]!) ** 2;
    if (q.se === undefined) hasSe = false;
    else if (Math.abs(q.theta - truth[k]!) <= 1.96 * q.se) covered++;
  });
  const n = pred.length;
  return { logLoss: ll / n, auc: auc(pred.map((q) => q.pCorrect), y), rmse: Math.sqrt(se2 / n), ...(hasSe ? { coverage95: covered / n } : {}) };
}
