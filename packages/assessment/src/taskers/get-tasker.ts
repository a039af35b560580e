import { NotFoundError } from '../errors';
import type { TaskerStore, TaskerView } from '../placement/ports';

export interface TaskerViewer {
  sub: string;
  /** ops and onboarding see every tasker; a tasker only themselves */
  staff: boolean;
}

/** Proficiency per skill (with its uncertainty), history and the current track with its reason. */
export async function getTasker(taskers: TaskerStore, taskerId: string, viewer: TaskerViewer): Promise<TaskerView> {
  if (!viewer.staff && viewer.sub !== taskerId) throw new NotFoundError('tasker_not_found', `no tasker '${taskerId}' for this caller`);
  const view = await taskers.getTasker(taskerId);
  if (!view) throw new NotFoundError('tasker_not_found', `no tasker '${taskerId}' for this caller`);
  return view;
}
