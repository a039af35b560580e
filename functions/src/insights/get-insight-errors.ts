import { commonErrors } from '@theta/insights/errors';
import { createHandler, ok } from '@theta/http';
import { getInsightErrors } from '../../contracts/insights';
import { insightsEngine } from './engine';

const DEFAULT_DAYS = 90;

export const handler = createHandler(getInsightErrors, async ({ query }) => {
  const to = query.to ?? new Date().toISOString();
  const from = query.from ?? new Date(Date.parse(to) - DEFAULT_DAYS * 86_400_000).toISOString();
  const { skill, track, courseId, projectId } = query;
  return ok(
    await commonErrors(await insightsEngine(), { from, to, ...(skill ? { skill } : {}), ...(track ? { track } : {}), ...(courseId ? { courseId } : {}), ...(projectId ? { projectId } : {}) }),
  );
});
