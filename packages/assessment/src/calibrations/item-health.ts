import { NotFoundError } from '../errors';
import type { CalibrationDeps } from './deps';
import type { CalibrationReport, ReportItem } from './types';

export interface ItemHealthView extends ReportItem {
  calibrationId: string;
  calibratedAt: string;
  mode: CalibrationReport['mode'];
}

export const MAX_HEALTH_LIST = 500;

const viewOf = (report: CalibrationReport, item: ReportItem): ItemHealthView => ({ calibrationId: report.calibrationId, calibratedAt: report.createdAt, mode: report.mode, ...item });

async function latest(deps: CalibrationDeps): Promise<CalibrationReport> {
  const report = await deps.calibrations.latestReport();
  if (!report) throw new NotFoundError('no_calibration', 'no calibration has completed yet: POST /v1/calibrations');
  return report;
}

/** One item's health from the latest completed calibration report. */
export async function getItemHealth(deps: CalibrationDeps, itemId: string): Promise<ItemHealthView> {
  const report = await latest(deps);
  const item = report.items.find((i) => i.itemId === itemId);
  if (!item) throw new NotFoundError('item_health_not_found', `item '${itemId}' was not in the latest calibration (${report.calibrationId})`);
  return viewOf(report, item);
}

/**
 * Items needing attention, from the latest report: those with a flag (or with `flag`), the most flags first, then
 * the worst fit (smallest Q1 p), then the most responses.
 */
export async function listItemHealth(deps: CalibrationDeps, query: { flag?: string; limit: number }): Promise<{ calibrationId: string; calibratedAt: string; items: ItemHealthView[] }> {
  const report = await latest(deps);
  const p = (i: ReportItem) => (i.fit && Number.isFinite(i.fit.p) ? i.fit.p : 1);
  const items = report.items
    .filter((i) => (query.flag === undefined ? i.flags.length > 0 : i.flags.includes(query.flag)))
    .sort((x, y) => y.flags.length - x.flags.length || p(x) - p(y) || y.n - x.n || (x.itemId < y.itemId ? -1 : 1))
    .slice(0, query.limit)
    .map((i) => viewOf(report, i));
  return { calibrationId: report.calibrationId, calibratedAt: report.createdAt, items };
}
