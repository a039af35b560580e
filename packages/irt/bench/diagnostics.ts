// Diagnostic loops built only on the psychometric core (not the CAT engine), to locate where test length is
// lost against the Cramér–Rao bound: the selection (θ̂ vs the true θ) or the stopping rule (posterior SD vs the
// information-based SE 1/√(1/σ² + Σ I_i(θ̂)) that the bound itself is stated in).
import {
  createPosterior,
  createRng,
  itemInformation,
  posteriorSummary,
  probabilityCorrect,
  updatePosterior,
  type DichotomousItem,
} from '../src/index';
import { MAX_ITEMS, SE_TARGET, type Scenario } from './efficiency';

export interface DiagnosticRow {
  label: string;
  meanLength: number;
  rmse: number;
  bias: number;
  /** mean posterior SD at the end of the test */
  meanPosteriorSD: number;
  /** mean 1/√(1/σ² + Σ I_i(θ̂)) at the end of the test */
  meanInformationSE: number;
}

type StopRule = 'posterior-sd' | 'information-se';
type Selection = 'estimate' | 'true-theta';

/** EAP (N(0,1), 61 nodes), MFI at `selection`, stop when the `stop` SE ≤ SE_TARGET or after MAX_ITEMS items. */
export function runReferenceLoop(scenario: Scenario, selection: Selection, stop: StopRule, seed: number): DiagnosticRow {
  const { bank, trueThetas } = scenario;
  const rng = createRng(seed);
  let length = 0;
  let squared = 0;
  let bias = 0;
  let posteriorSD = 0;
  let informationSE = 0;
  for (const truth of trueThetas) {
    const grid = createPosterior({});
    const used = new Uint8Array(bank.length);
    let administered = 0;
    let information = 1; // prior information 1/σ²
    for (;;) {
      const { theta, se } = posteriorSummary(grid);
      const currentSE = stop === 'posterior-sd' ? se : 1 / Math.sqrt(information);
      if (administered >= MAX_ITEMS || currentSE <= SE_TARGET) break;
      const at = selection === 'estimate' ? theta : truth;
      let best = -1;
      let bestInformation = -1;
      for (let i = 0; i < bank.length; i++) {
        if (used[i] === 1) continue;
        const value = itemInformation(bank[i] as DichotomousItem, at);
        if (value > bestInformation) [best, bestInformation] = [i, value];
      }
      used[best] = 1;
      const item = bank[best] as DichotomousItem;
      updatePosterior(grid, item, rng() < probabilityCorrect(item, truth) ? 1 : 0);
      administered++;
      const updated = posteriorSummary(grid).theta;
      information = 1;
      for (let i = 0; i < bank.length; i++) if (used[i] === 1) information += itemInformation(bank[i] as DichotomousItem, updated);
    }
    const { theta, se } = posteriorSummary(grid);
    length += administered;
    squared += (theta - truth) ** 2;
    bias += theta - truth;
    posteriorSD += se;
    informationSE += 1 / Math.sqrt(information);
  }
  const count = trueThetas.length;
  return {
    label: `MFI at ${selection === 'estimate' ? 'θ̂' : 'true θ'}, stop on ${stop}`,
    meanLength: length / count,
    rmse: Math.sqrt(squared / count),
    bias: bias / count,
    meanPosteriorSD: posteriorSD / count,
    meanInformationSE: informationSE / count,
  };
}
