import type { TrackAssignment } from '../placement/types';

/** Which taskers ops want to see: one general track, optionally a skill band and a window of last assessment. */
export interface TaskerListFilter {
  track: string;
  /** with `minTheta`/`maxTheta`: the band on this skill's current θ (inclusive); alone: taskers measured on it */
  skill?: string;
  minTheta?: number;
  maxTheta?: number;
  /** ISO instants: last placement or re-assessment at or after / before */
  assessedAfter?: string;
  assessedBefore?: string;
}

export interface TaskerListEntry {
  taskerId: string;
  track: TrackAssignment;
  lastAssessedAt?: string;
  /** current proficiency per skill, by skill name */
  skills: { skill: string; theta: number; se: number; measuredAt: string }[];
}

export interface TaskerListPage {
  taskers: TaskerListEntry[];
  /** present while there is more to read: a page may hold fewer than `limit` taskers when a filter is selective */
  cursor?: string;
  /** PROFILE rows read for this page (what a filter costs) */
  examined: number;
}

/** The track index of taskers (the store's gsi1): one Query per page, never a Scan. */
export interface TaskerDirectory {
  listTaskersOnTrack(filter: TaskerListFilter, page: { limit: number; cursor?: string }): Promise<TaskerListPage>;
}

/** Ops' list of taskers on a track, newest assignment first, filtered by skill band and last assessment. */
export function listTaskers(directory: TaskerDirectory, filter: TaskerListFilter, page: { limit: number; cursor?: string }): Promise<TaskerListPage> {
  return directory.listTaskersOnTrack(filter, page);
}
