import { ConflictError, NotFoundError, UnprocessableError } from '../errors';
import type { CalibrationDeps } from './deps';
import type { CalibrationApproval, CalibrationReport, CalibrationRequest, CalibrationRun } from './types';

/** Changed items per approval: one transaction (100 writes) also carries the run, the bank version and its pointer. */
export const MAX_APPROVED_CHANGES = 97;

/** What GET /v1/calibrations/{id} shows: the run, and its report once there is one. */
export interface CalibrationView extends Omit<CalibrationRun, 'version'> {
  report?: CalibrationReport;
}

const viewOf = (run: CalibrationRun, report?: CalibrationReport): CalibrationView => {
  const { version: _v, ...rest } = run;
  return { ...rest, ...(report ? { report } : {}) };
};

/** Queues a calibration run for the job (functions/jobs.ts `RunCalibrations`). */
export async function requestCalibration(deps: CalibrationDeps, request: CalibrationRequest, requestedBy: string): Promise<CalibrationView> {
  if (request.blueprintId !== undefined && (await deps.catalog.latestBlueprintVersion(request.blueprintId)) === undefined)
    throw new NotFoundError('blueprint_not_found', `blueprintId: no published blueprint '${request.blueprintId}'`, { field: 'blueprintId' });
  const run: CalibrationRun = { id: deps.newId(), status: 'queued', request, requestedBy, requestedAt: deps.now().toISOString(), version: 1 };
  await deps.calibrations.createRun(run);
  return viewOf(run);
}

async function loadRun(deps: CalibrationDeps, id: string): Promise<CalibrationRun> {
  const run = await deps.calibrations.getRun(id);
  if (!run) throw new NotFoundError('calibration_not_found', `no calibration '${id}'`);
  return run;
}

export async function getCalibration(deps: CalibrationDeps, id: string): Promise<CalibrationView> {
  const run = await loadRun(deps, id);
  const report = run.status === 'completed' || run.status === 'approved' ? await deps.calibrations.getReport(id) : undefined;
  return viewOf(run, report);
}

/**
 * Makes a completed run's candidate the bank version the next blueprint publication compiles: each changed item's
 * parameters are written iff the item is still at the version the run read (else 409 `stale_candidate`: run a new
 * calibration), ready pilot items become active, and the approval is recorded (who, when, what changed).
 * Idempotent: approving an approved run returns it and writes nothing.
 */
export async function approveCalibration(deps: CalibrationDeps, id: string, approvedBy: string): Promise<CalibrationView> {
  const run = await loadRun(deps, id);
  if (run.status === 'approved') return getCalibration(deps, id);
  if (run.status !== 'completed') throw new ConflictError('calibration_not_completed', `calibration '${id}' is ${run.status}: only a completed calibration can be approved`, { status: run.status });
  const report = await deps.calibrations.getReport(id);
  if (!report) throw new ConflictError('calibration_not_completed', `calibration '${id}' has no report`);
  if (!report.converged) throw new UnprocessableError('calibration_not_converged', `calibration '${id}' did not converge (${report.iterations} EM cycles): its estimates cannot be approved`);
  if (report.candidate.length === 0) throw new UnprocessableError('nothing_to_approve', `calibration '${id}' changes no item`);
  if (report.candidate.length > MAX_APPROVED_CHANGES)
    throw new UnprocessableError('candidate_too_large', `calibration '${id}' changes ${report.candidate.length} items; one approval applies at most ${MAX_APPROVED_CHANGES} (calibrate per blueprint)`, {
      changes: report.candidate.length,
    });
  const approval: CalibrationApproval = {
    approvedBy,
    approvedAt: deps.now().toISOString(),
    bankVersion: (await deps.calibrations.bankVersion()) + 1,
    changes: report.candidate.map((c) => ({ itemId: c.itemId, fromVersion: c.baseVersion, toVersion: c.baseVersion + 1, before: c.before, after: c.after, promoted: c.promote })),
  };
  try {
    await deps.calibrations.approve({ ...run, status: 'approved', approval, version: run.version + 1 }, run.version, approval, report);
  } catch (error) {
    // a concurrent approval of this same run won: same outcome
    if (error instanceof ConflictError && (await deps.calibrations.getRun(id))?.status === 'approved') return getCalibration(deps, id);
    throw error;
  }
  return getCalibration(deps, id);
}
