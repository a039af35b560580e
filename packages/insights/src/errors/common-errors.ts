// The common-errors use case: one SQL run on whichever engine, then the report.
import type { InsightEngine } from '../engines/engine';
import type { InsightFilters } from '../sql/render';
import { cellsFromRows } from './cells';
import { type ErrorsReport, errorsReport } from './report';

export async function commonErrors(engine: InsightEngine, filters: InsightFilters): Promise<ErrorsReport & { engine: string; filters: InsightFilters }> {
  const rows = await engine.run('errors-by-band', filters);
  return { engine: engine.name, filters, ...errorsReport(cellsFromRows(rows)) };
}
