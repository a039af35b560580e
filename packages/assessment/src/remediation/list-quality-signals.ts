// Ops read a tasker's quality signals (the audit scores that remediation rules act on), a page at a time.
import { NotFoundError } from '../errors';
import type { QualitySignal } from './remediation-rule';

export interface QualitySignalPageRequest {
  /** one skill's signals; absent: every skill's */
  skill?: string;
  limit: number;
  cursor?: string;
}

export interface QualitySignalPage {
  /** by skill, then newest first */
  signals: QualitySignal[];
  cursor?: string;
}

export interface QualitySignalPageReader {
  listQualitySignalPage(taskerId: string, page: QualitySignalPageRequest): Promise<QualitySignalPage>;
}

export interface ListQualitySignalsDeps {
  signals: QualitySignalPageReader;
  /** whether the tasker exists (their track profile): an unknown id is a 404, not an empty list */
  taskers: { getTrackProfile(taskerId: string): Promise<unknown> };
}

export async function listQualitySignals(deps: ListQualitySignalsDeps, taskerId: string, page: QualitySignalPageRequest): Promise<QualitySignalPage> {
  if (!(await deps.taskers.getTrackProfile(taskerId))) throw new NotFoundError('tasker_not_found', `no tasker '${taskerId}' for this caller`);
  return deps.signals.listQualitySignalPage(taskerId, page);
}
