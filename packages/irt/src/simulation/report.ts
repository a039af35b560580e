// Aggregation of simulated sessions into a SimulationReport (precision, length, stop reasons, exposure,
// conditional tables by true θ, classification accuracy per cut).

import type { CompiledBank } from '../cat/compiled';
import { normalizeConfig } from '../cat/config';
import { summarize } from '../cat/session';
import type { CatConfig, CatState, StopReason } from '../cat/types';
import type {
  ConditionalBin,
  CutReport,
  ExposureBucket,
  ExposureReport,
  SimulationRecord,
  SimulationReport,
  Simulee,
  SkillReport,
} from './types';

export const DEFAULT_BINS = [-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2];
const EXPOSURE_EDGES = [0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 1];

function mean(xs: number[]): number {
  return xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

function median(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function shares<T extends string>(values: T[]): Partial<Record<T, number>> {
  const out: Partial<Record<T, number>> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  for (const k of Object.keys(out) as T[]) out[k] = (out[k] as number) / values.length;
  return out;
}

export interface ReportInput {
  bank: CompiledBank;
  config: CatConfig;
  skills: string[];
  simulees: readonly Simulee[];
  records: SimulationRecord[];
  states: CatState[];
  counts: Float64Array;
  seed: number;
  bins?: number[] | undefined;
}

export function exposureReport(bank: CompiledBank, counts: Float64Array, sessions: number, meanLength: number, selectable: Uint8Array): ExposureReport {
  const rates: { id: string; rate: number }[] = [];
  for (let i = 0; i < bank.size; i++) if (selectable[i] === 1) rates.push({ id: bank.ids[i] as string, rate: (counts[i] as number) / Math.max(1, sessions) });
  const histogram: ExposureBucket[] = [{ from: 0, to: 0, items: rates.filter((r) => r.rate === 0).length }];
  for (let k = 0; k + 1 < EXPOSURE_EDGES.length; k++) {
    const from = EXPOSURE_EDGES[k] as number;
    const to = EXPOSURE_EDGES[k + 1] as number;
    histogram.push({
      from,
      to,
      items: rates.filter((r) => r.rate > 0 && r.rate >= from && (r.rate < to || (to === 1 && r.rate <= 1))).length,
    });
  }
  const sumSq = rates.reduce((a, r) => a + r.rate * r.rate, 0);
  const N = sessions;
  const overlap = N > 1 && meanLength > 0 ? (N / (N - 1)) * (sumSq / meanLength) - 1 / (N - 1) : Number.NaN;
  return {
    max: rates.reduce((m, r) => Math.max(m, r.rate), 0),
    mean: mean(rates.map((r) => r.rate)),
    unused: rates.length === 0 ? 0 : rates.filter((r) => r.rate === 0).length / rates.length,
    overlap,
    histogram,
    top: [...rates].sort((x, y) => y.rate - x.rate).slice(0, 10),
  };
}

export function buildReport(input: ReportInput): SimulationReport {
  const { bank, config, skills, simulees, records, states, counts, seed } = input;
  const cfg = normalizeConfig(config);
  const edges = input.bins ?? DEFAULT_BINS;
  const lengths = records.map((r) => r.items.length);
  const mLen = mean(lengths);
  const sdLen = Math.sqrt(mean(lengths.map((l) => (l - mLen) ** 2)));

  const skillReports: Record<string, SkillReport> = {};
  skills.forEach((skill) => {
    const truth: number[] = [];
    const est: number[] = [];
    const se: number[] = [];
    const seInformation: number[] = [];
    const len: number[] = [];
    const reasons: StopReason[] = [];
    const decisions: ('above' | 'below')[][] = [];
    states.forEach((st, k) => {
      const sim = simulees[k] as Simulee;
      truth.push(typeof sim.theta === 'number' ? sim.theta : (sim.theta[skill] as number));
      const sum = summarize(st, config).skills[skill];
      est.push(sum?.theta ?? Number.NaN);
      se.push(sum?.se ?? Number.NaN);
      if (sum?.seInformation !== undefined) seInformation.push(sum.seInformation);
      len.push(sum?.n ?? 0);
      reasons.push(st.skills[skill]?.stop?.reason ?? (st.stop as StopReason));
      decisions.push((sum?.classification ?? []).map((c) => c.decision));
    });
    const err = est.map((e, k) => e - (truth[k] as number));
    const mt = mean(truth);
    const me = mean(est);
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    truth.forEach((t, k) => {
      sxy += (t - mt) * ((est[k] as number) - me);
      sxx += (t - mt) ** 2;
      syy += ((est[k] as number) - me) ** 2;
    });
    const conditional: ConditionalBin[] = [];
    const cuts = [Number.NEGATIVE_INFINITY, ...edges, Number.POSITIVE_INFINITY];
    for (let b = 0; b + 1 < cuts.length; b++) {
      const from = cuts[b] as number;
      const to = cuts[b + 1] as number;
      const idx = truth.map((t, k) => (t >= from && t < to ? k : -1)).filter((k) => k >= 0);
      if (idx.length === 0) {
        conditional.push({ from, to, n: 0, rmse: Number.NaN, bias: Number.NaN, meanSE: Number.NaN, meanLength: Number.NaN });
        continue;
      }
      const e = idx.map((k) => err[k] as number);
      conditional.push({
        from,
        to,
        n: idx.length,
        rmse: Math.sqrt(mean(e.map((x) => x * x))),
        bias: mean(e),
        meanSE: mean(idx.map((k) => se[k] as number)),
        meanLength: mean(idx.map((k) => len[k] as number)),
      });
    }
    const cl = cfg.rulesFor(skill).classification;
    const classification: CutReport[] = [];
    let categoryAccuracy: number | undefined;
    if (cl) {
      const N = truth.length;
      cl.cuts.forEach((cut, c) => {
        let right = 0;
        let fp = 0;
        let ff = 0;
        truth.forEach((t, k) => {
          const d = decisions[k]?.[c];
          const above = t >= cut;
          if ((d === 'above') === above) right++;
          else if (d === 'above') fp++;
          else ff++;
        });
        classification.push({ cut, accuracy: right / N, falsePass: fp / N, falseFail: ff / N });
      });
      if (cl.cuts.length > 1)
        categoryAccuracy =
          truth.filter((t, k) => cl.cuts.every((cut, c) => (decisions[k]?.[c] === 'above') === t >= cut)).length / N;
    }
    const rep: SkillReport = {
      simulees: truth.length,
      rmse: Math.sqrt(mean(err.map((x) => x * x))),
      bias: mean(err),
      meanSE: mean(se),
      correlation: sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Number.NaN,
      meanLength: mean(len),
      stopReasons: shares(reasons),
      conditional,
      classification,
    };
    if (categoryAccuracy !== undefined) rep.categoryAccuracy = categoryAccuracy;
    if (seInformation.length > 0) rep.meanInformationSE = mean(seInformation);
    skillReports[skill] = rep;
  });

  // selectable items of the session skills (active, not retired by config)
  const selectable = new Uint8Array(bank.size);
  const skillIdx = new Set(skills.map((s) => bank.skillIndex.get(s)));
  const retired = new Set(cfg.retired);
  for (let i = 0; i < bank.size; i++)
    if (bank.active[i] === 1 && skillIdx.has(bank.skill[i] as number) && !retired.has(bank.ids[i] as string)) selectable[i] = 1;

  const first = skillReports[skills[0] as string] as SkillReport;
  return {
    simulees: records.length,
    seed,
    length: {
      mean: mLen,
      median: median(lengths),
      min: lengths.length ? Math.min(...lengths) : Number.NaN,
      max: lengths.length ? Math.max(...lengths) : Number.NaN,
      sd: sdLen,
    },
    stopReasons: shares(records.map((r) => r.stopReason)),
    exposure: exposureReport(bank, counts, records.length, mLen, selectable),
    skills: skillReports,
    rmse: first.rmse,
    bias: first.bias,
    meanSE: first.meanSE,
    ...(first.meanInformationSE === undefined ? {} : { meanInformationSE: first.meanInformationSE }),
    records,
  };
}
