// The report's data, read from the public API only (what the training console reads too): each chart's numbers
// come from the endpoint named beside it in packages/insights/src/report/report.ts. A part the API cannot give yet
// (no calibration has run, no analytics dataset) becomes a note in the report, not a failure.
import type { BlueprintCurves, CourseView, ErrorsView, ItemHealthView, ReportData } from '@theta/insights/report';
import { CliError, request, type ApiTarget } from '../cli/api-client';

export interface ReportRequest {
  blueprints: string[];
  courses: string[];
  /** the window of the errors and course insights (ISO); default: the routes' own (the last 90 days) */
  from?: string;
  to?: string;
  /** looks at each course, evenly spaced over the window (the effect over time) */
  looks: number;
}

/** the route's error (a 404 or 400 of the API) as a note; anything else (unreachable API) is the CLI's failure */
async function orNote<T>(notes: string[], what: string, read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof CliError && /HTTP 4\d\d/.test(error.message)) {
      notes.push(`${what}: ${error.message}`);
      return null;
    }
    throw error;
  }
}

export function lookTimes(from: Date, to: Date, looks: number): Date[] {
  const span = to.getTime() - from.getTime();
  return Array.from({ length: looks }, (_, i) => new Date(from.getTime() + (span * (i + 1)) / looks));
}

export async function gatherReport(target: ApiTarget, req: ReportRequest, now: Date): Promise<ReportData> {
  const notes: string[] = [];
  const to = req.to ? new Date(req.to) : now;
  const from = req.from ? new Date(req.from) : new Date(to.getTime() - 90 * 86_400_000);
  const window = { from: from.toISOString(), to: to.toISOString() };
  const blueprints = (await Promise.all(req.blueprints.map((id) => orNote(notes, `blueprint ${id}`, () => request<BlueprintCurves>(target, 'GET', `/v1/blueprints/${encodeURIComponent(id)}/information`))))).filter(
    (b): b is BlueprintCurves => b !== null,
  );
  const errors = await orNote(notes, 'common errors', () => request<ErrorsView>(target, 'GET', '/v1/insights/errors', { query: window }));
  const itemHealth = await orNote(notes, 'item health', () => request<ItemHealthView>(target, 'GET', '/v1/items/health', { query: { limit: 500 } }));
  const courses: ReportData['courses'] = [];
  for (const id of req.courses) {
    const path = `/v1/insights/courses/${encodeURIComponent(id)}`;
    const latest = await orNote(notes, `course ${id}`, () => request<CourseView>(target, 'GET', path, { query: window }));
    if (!latest) continue;
    const looks: { at: string; report: CourseView }[] = [];
    // each look sees what a designer would have seen that day: the same window start, an earlier end
    for (const at of lookTimes(from, to, req.looks)) looks.push({ at: at.toISOString(), report: await request<CourseView>(target, 'GET', path, { query: { from: window.from, to: at.toISOString() } }) });
    courses.push({ latest, looks });
  }
  return { generatedAt: now.toISOString(), source: target.url, blueprints, errors, itemHealth, courses, notes };
}
