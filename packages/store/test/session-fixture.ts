import type { PlacementSession } from '@theta/assessment';

export const FIXTURE_CREATED_AT = '2027-11-25T10:00:00.000Z';

/** A one-skill placement just started, showing item i1; override what a test is about. */
export function placementSession(id: string, taskerId: string, overrides: Partial<PlacementSession> = {}): PlacementSession {
  return {
    id,
    taskerId,
    blueprintId: 'bp',
    blueprintVersion: 1,
    snapshotVersion: 'abc',
    profile: { declaredDomains: [], educationLevel: 'bachelor' },
    skills: ['math'],
    status: 'in-progress',
    cat: { v: 1, config: 'c', bank: 'b', items: [], scores: [], skills: { math: { theta: 0, se: 1, n: 0 } }, pending: 'i1' },
    currentItemId: 'i1',
    version: 1,
    createdAt: FIXTURE_CREATED_AT,
    updatedAt: FIXTURE_CREATED_AT,
    // a year ahead: DynamoDB Local's TTL sweeper deletes a row whose expiresAt (idle deadline + 30 days) has passed
    idleDeadline: '2027-11-25T11:00:00.000Z',
    ...overrides,
  };
}
