// The calibration job (functions/jobs.ts `RunCalibrations`): takes queued runs, reads the logged responses page by
// page, calibrates (fixed-anchor by default) and stores the report with its candidate bank version.

import { calibrateBank, CalibrationError, FEW_RESPONSES, inProcessingOrder, itemHealth, type ResponseLogRecord } from '@theta/irt';
import type { Item } from '@theta/irt/types';
import { ConflictError } from '../errors';
import { buildReport, engineItem, summaryOf } from './build-report';
import { difGroupsOf } from './dif-groups';
import type { CalibrationJobDeps } from './deps';
import type { CalibrationRun, CalibrationSourceItem, ItemHealthDetail } from './types';

/** responses per page read from the log */
const PAGE = 1000;

export interface CalibrationSweep {
  checked: number;
  completed: string[];
  failed: string[];
}

export async function runQueuedCalibrations(deps: CalibrationJobDeps, limit: number): Promise<CalibrationSweep> {
  const sweep: CalibrationSweep = { checked: 0, completed: [], failed: [] };
  for (const id of await deps.calibrations.listQueued(limit)) {
    sweep.checked++;
    const queued = await deps.calibrations.getRun(id);
    if (!queued || queued.status !== 'queued') continue;
    const running: CalibrationRun = { ...queued, status: 'running', startedAt: deps.now().toISOString(), version: queued.version + 1 };
    try {
      await deps.calibrations.updateRun(running, queued.version);
    } catch (error) {
      if (error instanceof ConflictError) continue; // another runner took it
      throw error;
    }
    try {
      await execute(deps, running);
      sweep.completed.push(id);
    } catch (error) {
      // never left `running`: the run says why it failed (an unexpected error only generically; the log has it)
      const expected = error instanceof CalibrationError || error instanceof NoData;
      const reason = expected ? (error as Error).message : 'internal error (see the job log)';
      await deps.calibrations.updateRun({ ...running, status: 'failed', error: reason, finishedAt: deps.now().toISOString(), version: running.version + 1 }, running.version);
      sweep.failed.push(id);
      if (!expected) throw error;
    }
  }
  return sweep;
}

class NoData extends Error {}

async function readResponses(deps: CalibrationJobDeps, run: CalibrationRun): Promise<ResponseLogRecord[]> {
  const records: ResponseLogRecord[] = [];
  let cursor: string | undefined;
  // one fixed window for every page (a cursor belongs to its range): up to the run's start unless `to` says otherwise
  const window = { ...(run.request.from ? { from: run.request.from } : {}), to: run.request.to ?? (run.startedAt as string) };
  do {
    const page = await deps.responses.readResponsePage({ ...window, ...(cursor ? { cursor } : {}), limit: PAGE });
    for (const r of page.records) records.push({ ...r, line: records.length + 1, atMs: Date.parse(r.at) });
    cursor = page.cursor;
  } while (cursor);
  return inProcessingOrder(records);
}

async function execute(deps: CalibrationJobDeps, run: CalibrationRun): Promise<void> {
  const { request } = run;
  const blueprint = request.blueprintId ? await latestBlueprint(deps, request.blueprintId) : undefined;
  const skills = blueprint ? new Set(blueprint.skills.map((s) => s.skill)) : undefined;
  const responses = await readResponses(deps, run);
  const ids = [...new Set(responses.map((r) => r.itemId))];
  const sources = (await deps.catalog.getCalibrationItems(ids)).filter((s) => (skills ? skills.has(s.skill) : true) && s.status !== 'retired').sort((x, y) => (x.itemId < y.itemId ? -1 : 1));
  const estimated = sources.map((s) => s.status === 'pilot' || (request.free === true && s.status === 'active'));
  if (!estimated.some(Boolean)) throw new NoData(request.free ? 'no active or pilot item has responses in this window' : 'no pilot item has responses in this window (free: true re-estimates active items)');
  const items = sources.map((s, j) => engineItem(s, estimated[j] === true, request.model));
  const result = calibrateBank(items, responses, { free: request.free === true });
  const dif = await difGroupsOf(deps.profiles, responses, request.difBy);
  const health = healthOf(sources, responses, dif.groups);
  const finishedAt = deps.now().toISOString();
  const report = buildReport({
    calibrationId: run.id,
    createdAt: finishedAt,
    sources,
    estimated,
    document: result.document,
    taskers: result.taskers,
    responses: result.responses,
    minResponses: blueprint?.pilot?.minResponses ?? FEW_RESPONSES,
    health,
    dif: dif.population,
  });
  await deps.calibrations.completeRun({ ...run, status: 'completed', finishedAt, summary: summaryOf(report), version: run.version + 1 }, run.version, report);
}

/**
 * Item health over the same responses, on the bank's stored parameters (docs/item-health.md): classical statistics,
 * distractors by ability band, rapid guessing, and DIF between the tasker groups given (empty: no DIF).
 */
function healthOf(
  sources: readonly CalibrationSourceItem[],
  responses: readonly ResponseLogRecord[],
  groups: ReadonlyMap<string, string>,
): Map<string, { detail: ItemHealthDetail; flags: string[] }> {
  const bank = sources.map((s) => ({ ...(engineItem(s, false, undefined) as Item), status: s.status }));
  const known = new Set(sources.map((s) => s.itemId));
  const report = itemHealth({ bank, responses: responses.filter((r) => known.has(r.itemId)), ...(groups.size > 0 ? { groups } : {}) });
  return new Map(
    report.items.map((h) => [
      h.id,
      {
        detail: {
          pValue: h.pValue,
          pointBiserial: h.pointBiserial,
          exposure: h.exposure,
          distractors: h.distractors,
          rapid: h.rapid,
          dif: h.dif.map((d) => ({ reference: d.reference, focal: d.focal, nReference: d.nReference, nFocal: d.nFocal, delta: d.delta, deltaSe: d.deltaSe, p: d.p, etsClass: d.etsClass })),
        },
        flags: h.flags,
      },
    ]),
  );
}

async function latestBlueprint(deps: CalibrationJobDeps, id: string) {
  const version = await deps.catalog.latestBlueprintVersion(id);
  const blueprint = version === undefined ? undefined : await deps.catalog.getBlueprint(id, version);
  if (!blueprint) throw new NoData(`blueprint '${id}' is no longer published`);
  return blueprint;
}
