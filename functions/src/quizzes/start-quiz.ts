import { startQuiz as start } from '@theta/assessment';
import { countMetric, createHandler, created } from '@theta/http';
import { startQuiz } from '../../contracts/quizzes';
import { courseStore } from '../courses/course-stores';
import { quizDeps, rateLimiter } from '../wiring';

// a module's quiz looks the module up in the course version the tasker was enrolled in
const deps = { ...quizDeps(), courses: courseStore() };

// The tasker is the token's subject: a quiz is always one's own.
export const handler = createHandler(startQuiz, async ({ principal, body }) => {
  const out = await start(deps, { taskerId: principal.sub, ...body });
  countMetric('QuizStarted');
  return created(out, `/v1/quizzes/${out.quizId}`);
}, { limiter: rateLimiter() });
