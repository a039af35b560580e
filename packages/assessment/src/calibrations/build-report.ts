// Pure: the calibration engine's input from the bank, and its result as a report with the candidate bank version.

import type { CalibratedItem, CalibrationBankItem, CalibrationDocument } from '@theta/irt';
import type { Item } from '@theta/irt/types';
import type { CalibrationReport, CalibrationRequest, CandidateChange, DifPopulation, ItemHealthDetail, ItemParameters, ReportItem, CalibrationSourceItem, CalibrationSummary } from './types';

/** Flags that keep a pilot item from promotion. */
const BLOCKING_FLAGS: ReadonlySet<string> = new Set(['misfit', 'low-discrimination', 'drift']);

const isPolytomous = (p: ItemParameters): boolean => p.model === 'GRM' || p.model === 'GPCM';

/** The engine item of a bank item, recast to `model` when it is estimated and dichotomous. */
export function engineItem(source: CalibrationSourceItem, estimated: boolean, model: CalibrationRequest['model']): CalibrationBankItem {
  const p = source.params;
  const base = { id: source.itemId, skill: source.skill, status: source.status };
  if (isPolytomous(p)) return { ...base, model: p.model as 'GRM' | 'GPCM', a: p.a, thresholds: [...(p.thresholds ?? [])] };
  const item = { ...base, model: p.model, a: p.a, b: p.b ?? 0, ...(p.c === undefined ? {} : { c: p.c }), ...(p.d === undefined ? {} : { d: p.d }) } as CalibrationBankItem;
  if (!estimated || model === undefined) return item;
  if (model === '2PL') {
    const { c: _c, ...rest } = item as Item & { c?: number };
    return { ...rest, model: '2PL' } as CalibrationBankItem;
  }
  const c = (item as { c?: number }).c;
  return { ...item, model: '3PL', c: c !== undefined && c > 0.01 && c < 0.5 ? c : 0.2 } as CalibrationBankItem;
}

/** The parameters of an engine item (estimates rounded to 4 decimals: what is stored and compared). */
export function parametersOf(item: Item | CalibratedItem): ItemParameters {
  const r = (x: number) => Math.round(x * 1e4) / 1e4;
  if ('thresholds' in item && (item.model === 'GRM' || item.model === 'GPCM')) return { model: item.model, a: r(item.a), thresholds: item.thresholds.map(r) };
  const d = item as { model: ItemParameters['model']; a: number; b: number; c?: number; d?: number };
  return { model: d.model, a: r(d.a), b: r(d.b), ...(d.c === undefined ? {} : { c: r(d.c) }), ...(d.d === undefined ? {} : { d: r(d.d) }) };
}

export interface ReportInput {
  calibrationId: string;
  createdAt: string;
  sources: readonly CalibrationSourceItem[];
  estimated: readonly boolean[];
  document: CalibrationDocument;
  taskers: number;
  responses: number;
  minResponses: number;
  /** itemHealth's per-item report over the same responses: its detail and its `dif` / `rapid-guessing` flags join the item */
  health?: ReadonlyMap<string, { detail: ItemHealthDetail; flags: readonly string[] }>;
  /** the groups DIF compared */
  dif?: DifPopulation;
}

/** flags only item health decides (the calibration's own fit and drift tests decide the others) */
const HEALTH_ONLY_FLAGS: ReadonlySet<string> = new Set(['dif', 'rapid-guessing']);

/** The report of a run: every item with before/after, SEs, fit and flags; the ready pilot items; the candidate. */
export function buildReport(input: ReportInput): CalibrationReport {
  const { document: doc } = input;
  const items = input.sources.map((source, j): ReportItem => {
    const out = doc.items[j] as CalibratedItem;
    const estimated = input.estimated[j] === true;
    const ready =
      estimated && source.status === 'pilot' && doc.converged && out.se !== null && out.n >= input.minResponses && !out.flags.some((f) => BLOCKING_FLAGS.has(f));
    const health = input.health?.get(source.itemId);
    const own: readonly string[] = out.flags;
    const flags = [...own, ...(health?.flags ?? []).filter((f) => HEALTH_ONLY_FLAGS.has(f) && !own.includes(f))];
    return {
      itemId: source.itemId,
      skill: source.skill,
      status: source.status,
      estimated,
      baseVersion: source.version,
      before: source.params,
      ...(estimated ? { after: parametersOf(out), se: out.se } : {}),
      n: out.n,
      fit: out.fit,
      flags,
      ready,
      ...(health ? { health: health.detail } : {}),
    };
  });
  const candidate: CandidateChange[] = items
    .filter((it) => it.estimated && it.after && it.se !== null && it.n > 0)
    .map((it) => ({ itemId: it.itemId, baseVersion: it.baseVersion, before: it.before, after: it.after as ItemParameters, promote: it.ready }));
  return {
    calibrationId: input.calibrationId,
    mode: doc.mode,
    createdAt: input.createdAt,
    population: doc.population,
    ...(doc.linking ? { linking: doc.linking } : {}),
    iterations: doc.iterations,
    converged: doc.converged,
    logLikelihood: doc.logLikelihood,
    seconds: doc.seconds,
    warnings: doc.warnings,
    taskers: input.taskers,
    responses: input.responses,
    minResponses: input.minResponses,
    ...(input.dif ? { dif: input.dif } : {}),
    items,
    candidate,
  };
}

export function summaryOf(report: CalibrationReport): CalibrationSummary {
  return {
    mode: report.mode,
    converged: report.converged,
    iterations: report.iterations,
    taskers: report.taskers,
    responses: report.responses,
    items: report.items.length,
    estimated: report.items.filter((i) => i.estimated).length,
    changed: report.candidate.length,
    ready: report.items.filter((i) => i.ready).length,
    flagged: report.items.filter((i) => i.flags.length > 0).length,
  };
}
