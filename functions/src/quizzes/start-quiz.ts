import { startQuiz as start } from '@theta/assessment';
import { countMetric, createHandler, created } from '@theta/http';
import { startQuiz } from '../../contracts/quizzes';
import { quizDeps } from '../wiring';

const deps = quizDeps();

// The tasker is the token's subject: a quiz is always one's own.
export const handler = createHandler(startQuiz, async ({ principal, body }) => {
  const out = await start(deps, { taskerId: principal.sub, ...body });
  countMetric('QuizStarted');
  return created(out, `/v1/quizzes/${out.quizId}`);
});
