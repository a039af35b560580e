import type { RateLimitRule } from '@theta/http';

/**
 * The per-caller limits of the routes that write per request (docs/security.md, "Rate limits"). Far above what a
 * person does (an item takes seconds to read; a tasker signs up once) and what the e2e suites and benches do, far
 * below what a script fires. API Gateway's stage throttling (infra config) caps the API as a whole.
 */
export const RATE_LIMITS = {
  /** answers to placement items, per tasker */
  placementAnswers: [{ name: 'placement-answers', perMinute: 120, by: 'principal' }],
  /** placement starts: per tasker started (retries and retakes included), and per onboarding caller */
  placementStarts: [
    { name: 'placement-starts-per-tasker', perMinute: 10, by: 'body.taskerId' },
    { name: 'placement-starts', perMinute: 1200, by: 'principal' },
  ],
  /** answers to practice items, per tasker */
  quizAnswers: [{ name: 'quiz-answers', perMinute: 120, by: 'principal' }],
  /** quiz starts, per tasker */
  quizStarts: [{ name: 'quiz-starts', perMinute: 30, by: 'principal' }],
} as const satisfies Record<string, readonly RateLimitRule[]>;
