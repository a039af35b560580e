// Ops schedule a re-assessment: the tasker's next placement started without a blueprint id (onboarding's or the
// tasker app's "start my test") uses the given blueprint, and consumes the schedule. Stored on the tasker's placement
// slot, which every start reads anyway (docs/tracks.md, "Scheduling a re-assessment").
import { NotFoundError, UnprocessableError } from '../errors';
import type { PlacementStore, ScheduledReassessment } from './ports';

export interface ScheduleReassessmentDeps {
  placements: Pick<PlacementStore, 'scheduleReassessment' | 'cancelReassessment'>;
  blueprints: { latestBlueprintVersion(blueprintId: string): Promise<number | undefined> };
  now: () => Date;
}

export async function scheduleReassessment(
  input: { taskerId: string; blueprintId: string; reason: string; scheduledBy: string },
  deps: ScheduleReassessmentDeps,
): Promise<ScheduledReassessment> {
  if ((await deps.blueprints.latestBlueprintVersion(input.blueprintId)) === undefined)
    throw new UnprocessableError('blueprint_not_found', `blueprintId: no published blueprint '${input.blueprintId}'`, { field: 'blueprintId' });
  const scheduled: ScheduledReassessment = { blueprintId: input.blueprintId, reason: input.reason, scheduledBy: input.scheduledBy, scheduledAt: deps.now().toISOString() };
  await deps.placements.scheduleReassessment(input.taskerId, scheduled);
  return scheduled;
}

export async function cancelReassessment(taskerId: string, deps: Pick<ScheduleReassessmentDeps, 'placements'>): Promise<void> {
  if (!(await deps.placements.cancelReassessment(taskerId))) throw new NotFoundError('reassessment_not_scheduled', `no re-assessment is scheduled for '${taskerId}'`);
}
