// itemHealth: every statistic and flag of docs/item-health.md for each bank item, from the response log. Pure.
// The responses used: in processing order (FORMATS.md), one per tasker and item (the first), items in the bank.

import { compileResponses } from '../calibration/data';
import { itemFit, type ItemFit } from '../calibration/fit';
import { misfitCutoff, MISFIT_ALPHA } from '../calibration/flags';
import { ESTIMABLE_MODELS } from '../calibration/item-params';
import { CalibrationError } from '../calibration/types';
import { inProcessingOrder, type ResponseLogRecord } from '../formats/response-log';
import { maxScore } from '../models/item';
import { bandCuts, correlation, distractorTable, rapidGuessing } from './classical';
import { difComparisons, largestGroup, type DifRespondent } from './dif';
import { ONE_SIDED_Z_05 } from './mantel-haenszel';
import { benjaminiHochberg, driftTest, reestimateItem } from './drift';
import { anchorPosteriors, leaveOneOut, meanOf } from './posterior';
import { FLAG_SEVERITY, HEALTH_DEFAULTS } from './thresholds';
import { ItemHealthInputError, type DriftResult, type HealthFlag, type ItemHealth, type ItemHealthInput, type ItemHealthReport } from './types';

const lookup = <T>(source: ReadonlyMap<string, T> | Readonly<Record<string, T>> | undefined, key: string): T | undefined =>
  source === undefined ? undefined : source instanceof Map ? source.get(key) : (source as Record<string, T>)[key];

/** First response per tasker and item, items known to the bank; the rest counted for the warnings. */
function usableResponses(records: readonly ResponseLogRecord[], known: ReadonlySet<string>) {
  const seen = new Set<string>();
  let unknown = 0;
  let repeats = 0;
  const used: ResponseLogRecord[] = [];
  for (const r of inProcessingOrder(records)) {
    if (!known.has(r.itemId)) {
      unknown++;
      continue;
    }
    const key = `${r.taskerId}\u0000${r.itemId}`;
    if (seen.has(key)) {
      repeats++;
      continue;
    }
    seen.add(key);
    used.push(r);
  }
  // the compiled data group responses by tasker in order of first appearance: the same order here
  const byTasker = new Map<string, ResponseLogRecord[]>();
  for (const r of used) {
    let list = byTasker.get(r.taskerId);
    if (!list) byTasker.set(r.taskerId, (list = []));
    list.push(r);
  }
  return { used: [...byTasker.values()].flat(), unknown, repeats };
}

export function itemHealth(input: ItemHealthInput): ItemHealthReport {
  const o = { ...HEALTH_DEFAULTS, ...input.options };
  const bank = input.bank;
  const warnings: string[] = [];
  const { used, unknown, repeats } = usableResponses(input.responses, new Set(bank.map((it) => it.id)));
  if (unknown > 0) warnings.push(`${unknown} responses name items not in the bank: skipped`);
  if (repeats > 0) warnings.push(`${repeats} repeated answers of a tasker to an item: only the first is used`);
  let data;
  try {
    ({ data } = compileResponses(bank, used));
  } catch (e) {
    if (e instanceof CalibrationError && e.response !== undefined) throw new ItemHealthInputError((used[e.response] as ResponseLogRecord).line, e.field, e.problem);
    throw e;
  }
  const anchor = bank.map((it) => it.status !== 'pilot');
  const post = anchorPosteriors(bank, anchor, data);
  if (!post.converged) warnings.push('ability distribution: mean/SD not converged in 200 cycles');
  const Q = post.nodes.length;
  const R = data.item.length;
  const person = new Int32Array(R);
  for (let i = 0; i < data.taskerIds.length; i++) person.fill(i, data.start[i], data.start[i + 1]);
  const rowsOf: number[][] = bank.map(() => []);
  for (let r = 0; r < R; r++) (rowsOf[data.item[r] as number] as number[]).push(r);

  // fit: anchors judged leave-one-out against their posterior; pilots against θ from the anchors (which never saw them)
  const only = (keep: (j: number) => boolean) => {
    const rows = Array.from({ length: R }, (_, r) => r).filter((r) => keep(data.item[r] as number));
    return { item: rows.map((r) => data.item[r] as number), person: rows.map((r) => person[r] as number), score: rows.map((r) => data.score[r] as number) };
  };
  const anchorFit = itemFit(bank, only((j) => anchor[j] as boolean), post.theta, { posterior: { nodes: post.nodes, weights: post.weights } });
  const pilotFit = itemFit(bank, only((j) => !anchor[j]), post.theta);
  const fits: ItemFit[] = bank.map((_, j) => (anchor[j] ? anchorFit[j] : pilotFit[j]) as ItemFit);
  const judged = fits.map((f, j) => (((rowsOf[j] as number[]).length >= o.minResponses ? f : { ...f, p: NaN }) as ItemFit));
  const misfitP = misfitCutoff(judged) * (o.misfitAlpha / MISFIT_ALPHA);

  const thetaOfTasker = (i: number) => lookup(input.abilities, data.taskerIds[i] as string) ?? (post.theta[i] as number);
  const cuts = bandCuts(Array.from({ length: data.taskerIds.length }, (_, i) => thetaOfTasker(i)), o.abilityBands);
  const sessionOf = (r: ResponseLogRecord) => r.sessionId ?? `tasker:${r.taskerId}`;
  const sessions = new Set(used.map(sessionOf)).size;
  const groupOf = (i: number) => lookup(input.groups, data.taskerIds[i] as string);
  const groupValues = data.taskerIds.map((_, i) => groupOf(i)).filter((g): g is string => g !== undefined);
  const reference = o.difReference ?? largestGroup(groupValues);

  const loo = new Float64Array(Q);
  const items = bank.map((item, j) => {
    const rows = rowsOf[j] as number[];
    const n = rows.length;
    const max = maxScore(item);
    const scores = rows.map((r) => data.score[r] as number);
    const looMatrix = new Float64Array(n * Q);
    const looTheta = rows.map((r, k) => {
      leaveOneOut(post, person[r] as number, j, data.score[r] as number, loo);
      looMatrix.set(loo, k * Q);
      return meanOf(loo, post.nodes);
    });
    let drift: DriftResult | null = null;
    if (anchor[j] && n >= o.minResponses && ESTIMABLE_MODELS.includes(item.model)) {
      const free = reestimateItem(item, looMatrix, scores, post.nodes);
      if (free.se) drift = driftTest(item, free.item, free.se, item.se);
      else warnings.push(`item ${item.id}: drift not tested (singular information)`);
    }
    const dif =
      reference !== undefined && max === 1
        ? difComparisons(
            rows.flatMap((r): DifRespondent[] => {
              const group = groupOf(person[r] as number);
              return group === undefined ? [] : [{ theta: post.theta[person[r] as number] as number, right: data.score[r] === 1, group }];
            }),
            reference,
            o.difStrata,
            o.difMinFocal,
          )
        : [];
    const records = rows.map((r) => used[r] as ResponseLogRecord);
    const fit = fits[j] as ItemFit;
    const health: ItemHealth = {
      id: item.id,
      status: item.status ?? 'active',
      n,
      pValue: n > 0 ? scores.reduce((s, x) => s + x, 0) / (n * max) : NaN,
      pointBiserial: n > 1 ? correlation(scores, looTheta) : NaN,
      exposure: sessions > 0 ? new Set(records.map(sessionOf)).size / sessions : 0,
      distractors: distractorTable(records.map((record, k) => ({ record, theta: thetaOfTasker(person[rows[k] as number] as number) })), cuts),
      fit: n > 0 ? { infit: fit.infit, outfit: fit.outfit, chiSquare: fit.chiSquare, df: fit.df, p: fit.p, method: 'Q1' } : null,
      drift,
      dif,
      rapid: rapidGuessing(records, max, o.rapidThresholdMs, o.rapidFraction, o.rapidCapMs),
      flags: [],
    };
    return health;
  });

  const drifted = benjaminiHochberg(items.map((h) => h.drift?.p ?? NaN), o.driftFdr);
  items.forEach((h, j) => {
    const item = bank[j] as (typeof bank)[number];
    const flags: HealthFlag[] = [];
    const enough = h.n >= o.minResponses;
    if (!enough) flags.push('few-responses');
    if (enough && h.fit && h.fit.p < misfitP && Math.sqrt(h.fit.chiSquare / h.n) >= o.misfitMinW) flags.push('misfit');
    if (drifted[j] && h.drift && ((h.drift.size.b ?? 0) >= o.driftMinB || (h.drift.size.logA ?? 0) >= o.driftMinLogA)) flags.push('drift');
    // the re-estimate must be SIGNIFICANTLY below the threshold (one-sided 5%): items seen over a narrow θ range
    // have a noisy â; without a re-estimate (pilots, few responses) the bank's a is judged
    const a = h.drift ? (h.drift.estimate.a ?? item.a) + ONE_SIDED_Z_05 * (h.drift.se.a ?? 0) : item.a;
    if (enough && item.model !== '1PL' && a < o.lowDiscrimination) flags.push('low-discrimination');
    if (h.dif.some((d) => d.etsClass === 'C')) flags.push('dif');
    if (enough && h.rapid && h.rapid.share >= o.rapidShare) flags.push('rapid-guessing');
    h.flags = flags;
  });
  const needsAttention = items
    .filter((h) => h.flags.length > 0)
    .map((h) => ({ id: h.id, flags: h.flags, severity: h.flags.reduce((s, f) => s + FLAG_SEVERITY[f], 0), n: h.n }))
    .sort((x, y) => y.severity - x.severity || y.n - x.n || (x.id < y.id ? -1 : 1))
    .map(({ n: _n, ...rest }) => rest);
  return {
    items,
    needsAttention,
    population: post.population,
    thresholds: {
      minResponses: o.minResponses,
      misfitP,
      misfitMinW: o.misfitMinW,
      driftFdr: o.driftFdr,
      driftMinB: o.driftMinB,
      driftMinLogA: o.driftMinLogA,
      lowDiscrimination: o.lowDiscrimination,
      rapidShare: o.rapidShare,
    },
    responsesUsed: R,
    warnings,
  };
}
