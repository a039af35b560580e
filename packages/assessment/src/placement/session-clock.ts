import type { PlacementSession } from './types';

export function idleDeadline(from: Date, idleTimeoutMinutes: number): string {
  return new Date(from.getTime() + idleTimeoutMinutes * 60_000).toISOString();
}

/** An unfinished session past its idle deadline is expired, whether or not anyone has written that down yet. */
export function isIdleExpired(session: Pick<PlacementSession, 'status' | 'idleDeadline'>, now: Date): boolean {
  return session.status === 'in-progress' && now.getTime() > Date.parse(session.idleDeadline);
}
