import type { ResponseLogLine } from '@theta/irt';
import type { CalibrationApproval, CalibrationReport, CalibrationRun, CalibrationSourceItem } from './types';

/** One page of the scored-response log (theta-response-log/v1 lines), oldest first; `cursor` to read on. */
export interface ResponseLogPage {
  records: (ResponseLogLine & { pilot?: boolean })[];
  cursor?: string;
}

/** The logged scored responses (placements, re-assessments, quizzes), paged, never a Scan. */
export interface ResponseLogReader {
  readResponsePage(input: { from?: string; to?: string; cursor?: string; limit: number }): Promise<ResponseLogPage>;
}

/** Calibration runs, their reports, and the approved bank versions. Only packages/store implements it. */
export interface CalibrationStore {
  /** a new run (status queued), iff the id is unused */
  createRun(run: CalibrationRun): Promise<void>;
  getRun(id: string): Promise<CalibrationRun | undefined>;
  getReport(id: string): Promise<CalibrationReport | undefined>;
  /** queued runs, oldest first (an index, possibly a moment stale: act on the run read by key) */
  listQueued(limit: number): Promise<string[]>;
  /** writes `run` iff the stored run is still at `expectedVersion` (ConflictError otherwise) */
  updateRun(run: CalibrationRun, expectedVersion: number): Promise<void>;
  /** the completed run with its report, and the report made the latest, in one transaction */
  completeRun(run: CalibrationRun, expectedVersion: number, report: CalibrationReport): Promise<void>;
  /** the latest completed report (items' health), if any */
  latestReport(): Promise<CalibrationReport | undefined>;
  /** the current approved bank version (0 before the first approval) */
  bankVersion(): Promise<number>;
  /**
   * Approval in one transaction: every changed item's parameters (each conditional on the version the run read;
   * its version + 1), promoted items made active, the run `approved` (conditional on its version), the bank
   * version record (audit) and pointer. A changed item → ConflictError `stale_candidate`.
   */
  approve(run: CalibrationRun, expectedVersion: number, approval: CalibrationApproval, report: CalibrationReport): Promise<void>;
}

/** The bank as the calibration job reads it: items by id (key lookups) and a blueprint's skills. */
export interface CalibrationCatalog {
  getCalibrationItems(ids: string[]): Promise<CalibrationSourceItem[]>;
}

/** What onboarding declared about the tasker of each placement (DIF groups), by key: absent ids are unknown. */
export interface PlacementProfileReader {
  placementProfiles(placementIds: readonly string[]): Promise<Map<string, { taskerId: string; educationLevel?: string }>>;
}
