import { scheduleReassessment as schedule } from '@theta/assessment';
import { createHandler, ok } from '@theta/http';
import { scheduleReassessment } from '../../contracts/reassessments';
import { reassessmentDeps } from '../wiring';

const deps = reassessmentDeps();

export const handler = createHandler(scheduleReassessment, async ({ principal, params, body }) =>
  ok({ taskerId: params.id, scheduled: await schedule({ taskerId: params.id, blueprintId: body.blueprintId, reason: body.reason, scheduledBy: principal.sub }, deps) }),
);
