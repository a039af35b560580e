// Seeded synthetic enrolments and measurements with a known truth, as the analytics path carries them: for the
// course tests, the e2e test through the local server and bench-courses.ts. Each tasker: a placement of the skill
// before enrolment (pre), the enrolment, then course quizzes (deliberately inflated by +1 θ: a report that took quiz
// estimates as outcomes would see an effect everywhere), then one re-assessment (post) with the variant's true gain.
import type { EnrollmentRecord, MeasurementRecord } from '../analytics-row';
import { seededNormal } from './simulate';

export interface PlantedCourseOptions {
  courseId: string;
  skill: string;
  /** true mean gain per variant (θ units) */
  gains: Record<string, number>;
  perVariant: number;
  seed?: number;
  /** the first enrolment; one tasker enrols every `spacingMinutes` (default 10) */
  start?: string;
  spacingMinutes?: number;
  /** measurement SE (default 0.3) and SD of individual true gains (default 0.2) */
  se?: number;
  gainSd?: number;
  /** days from enrolment to the re-assessment (default 14) */
  daysToPost?: number;
  taskerPrefix?: string;
}

const DAY_MS = 86_400_000;

export function plantedCourseData(o: PlantedCourseOptions): { enrollments: EnrollmentRecord[]; measurements: MeasurementRecord[] } {
  const normal = seededNormal(o.seed ?? 2026);
  const se = o.se ?? 0.3;
  const gainSd = o.gainSd ?? 0.2;
  const spacing = (o.spacingMinutes ?? 10) * 60_000;
  const daysToPost = o.daysToPost ?? 14;
  let at = Date.parse(o.start ?? '2026-11-01T08:00:00.000Z');
  const enrollments: EnrollmentRecord[] = [];
  const measurements: MeasurementRecord[] = [];
  const iso = (ms: number) => new Date(ms).toISOString();
  for (let i = 0; i < o.perVariant; i++) {
    for (const [variant, gain] of Object.entries(o.gains)) {
      const taskerId = `${o.taskerPrefix ?? 'p'}-${variant}-${i}`;
      const theta = normal();
      const post = theta + gain + gainSd * normal();
      const enrolledAt = at;
      at += spacing;
      // an older, superseded placement, then the latest one before enrolment (the pre-test), and another skill
      measurements.push({ taskerId, skill: o.skill, theta: theta - 1 + se * normal(), se, at: iso(enrolledAt - 30 * DAY_MS), source: 'placement', sessionId: `${taskerId}-old` });
      measurements.push({ taskerId, skill: o.skill, theta: theta + se * normal(), se, at: iso(enrolledAt - DAY_MS), source: 'placement', sessionId: `${taskerId}-pre` });
      measurements.push({ taskerId, skill: `${o.skill}-other`, theta: 3, se, at: iso(enrolledAt - DAY_MS), source: 'placement', sessionId: `${taskerId}-pre` });
      measurements.push({ taskerId, skill: o.skill, theta: theta + 1 + se * normal(), se, at: iso(enrolledAt + 2 * DAY_MS), source: 'quiz', sessionId: `${taskerId}-quiz` });
      const postAt = enrolledAt + daysToPost * DAY_MS;
      measurements.push({ taskerId, skill: o.skill, theta: post + se * normal(), se, at: iso(postAt), source: 'reassessment', sessionId: `${taskerId}-post` });
      enrollments.push({ taskerId, courseId: o.courseId, variant, courseVersion: 1, enrolledAt: iso(enrolledAt), exitReachedAt: post > 0.5 ? iso(postAt) : null });
    }
  }
  return { enrollments, measurements };
}
