// Measurement efficiency against the physical limit, routing (classification) efficiency and the cost of
// exposure control, on one 300-item 2PL bank and 1,000 simulees θ ~ N(0, 1).
import {
  itemInformation,
  simulate,
  type CatConfig,
  type DichotomousItem,
  type Simulee,
  type SimulationReport,
} from '../src/index';
import { drawAbilities, generate2plBank, seeded } from './bank';
import { mean } from './stats';

export const SE_TARGET = 0.3;
export const MAX_ITEMS = 30;
export const CUT = 0.5;
const EFFICIENCY_SEED = 11;

export interface Scenario {
  bank: DichotomousItem[];
  simulees: Simulee[];
  trueThetas: number[];
}

export function buildScenario(): Scenario {
  const bank = generate2plBank(300, seeded(300));
  const trueThetas = drawAbilities(1000, seeded(1000));
  return { bank, trueThetas, simulees: trueThetas.map((theta, i) => ({ id: `s${i}`, theta })) };
}

const estimator: CatConfig['estimator'] = {
  method: 'EAP',
  prior: { mean: 0, sd: 1 },
  quadrature: { points: 61, min: -6, max: 6 },
  D: 1,
};

/**
 * The efficiency setting: stop when the information-based SE 1/√(1/σ² + Σ I_i(θ̂)) ≤ 0.3 (`seMethod:
 * 'information'`, the quantity the Cramér–Rao bound is stated in) or after 30 items. The reported SE is still the
 * EAP posterior SD.
 */
export const seStoppingConfig: CatConfig = {
  estimator,
  selection: { method: 'MFI' },
  stopping: { maxItems: MAX_ITEMS, seThreshold: SE_TARGET, seMethod: 'information' },
};

/** The same with the engine's default SE rule (posterior SD ≤ 0.3), for comparison. */
export const posteriorStoppingConfig: CatConfig = {
  ...seStoppingConfig,
  stopping: { maxItems: MAX_ITEMS, seThreshold: SE_TARGET, seMethod: 'posterior' },
};

/**
 * Cramér–Rao bound on test length at the TRUE θ: the fewest bank items whose information at θ, plus the
 * prior's information 1/σ² = 1, reaches 1/SE². No engine that knows only θ̂ can use fewer items on average
 * (Infinity if the whole bank cannot reach it).
 */
export function lengthBound(bank: DichotomousItem[], theta: number, seTarget: number): number {
  const information = bank.map((item) => itemInformation(item, theta)).sort((x, y) => y - x);
  const needed = 1 / (seTarget * seTarget);
  let total = 1;
  for (let k = 0; k < information.length; k++) {
    if (total >= needed) return k;
    total += information[k] as number;
  }
  return total >= needed ? information.length : Infinity;
}

export interface AccuracyRow {
  rmse: number;
  bias: number;
  /** mean reported SE (EAP posterior SD) */
  meanSE: number;
  /** mean information-based SE (the stopping rule's), NaN when the rule is the posterior SD */
  meanInformationSE: number;
  meanLength: number;
  maxExposure: number;
}

export function accuracyOf(report: SimulationReport): AccuracyRow {
  return {
    rmse: report.rmse,
    bias: report.bias,
    meanSE: report.meanSE,
    meanInformationSE: report.meanInformationSE ?? Number.NaN,
    meanLength: report.length.mean,
    maxExposure: report.exposure.max,
  };
}

/** Share of simulees whose θ̂ (or classification) falls on the true side of the cut. */
export function cutAccuracy(report: SimulationReport, cut: number): number {
  let correct = 0;
  for (const record of report.records) {
    const truth = (record.trueTheta as number) >= cut;
    const decision = Array.isArray(record.classification)
      ? record.classification[0] === 'above'
      : (record.theta as number) >= cut;
    if (decision === truth) correct++;
  }
  return correct / report.records.length;
}

export interface EfficiencyResult extends AccuracyRow {
  meanBound: number;
  meanBoundUncapped: number;
  lengthOverBound: number;
  report: SimulationReport;
}

export function runEfficiency(scenario: Scenario, config: CatConfig = seStoppingConfig): EfficiencyResult {
  const report = simulate(scenario.bank, scenario.simulees, config, { seed: EFFICIENCY_SEED });
  const bounds = scenario.trueThetas.map((theta) => lengthBound(scenario.bank, theta, SE_TARGET));
  const meanBound = mean(bounds.map((bound) => Math.min(bound, MAX_ITEMS)));
  const accuracy = accuracyOf(report);
  return {
    ...accuracy,
    meanBound,
    meanBoundUncapped: mean(bounds.map((bound) => Math.min(bound, scenario.bank.length))),
    lengthOverBound: accuracy.meanLength / meanBound,
    report,
  };
}

export interface RoutingResult {
  label: string;
  accuracy: number;
  meanLength: number;
  /** longest test */
  maxLength: number;
}

export function runRouting(scenario: Scenario, label: string, config: CatConfig): RoutingResult {
  const report = simulate(scenario.bank, scenario.simulees, config, { seed: 13 });
  return { label, accuracy: cutAccuracy(report, CUT), meanLength: report.length.mean, maxLength: report.length.max };
}

/** Same simulees and seed as the efficiency run, so the comparison with it is paired. */
export function runWithExposure(scenario: Scenario, label: string, config: CatConfig): AccuracyRow & { label: string } {
  return { label, ...accuracyOf(simulate(scenario.bank, scenario.simulees, config, { seed: EFFICIENCY_SEED })) };
}
