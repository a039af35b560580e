import { submitQuizResponse as submit } from '@theta/assessment';
import { countMetric, createHandler, ok } from '@theta/http';
import { submitQuizResponse } from '../../contracts/quizzes';
import { quizDeps } from '../wiring';

const deps = quizDeps();

// Idempotent through the quiz itself: the key is written with the answer in one transaction (docs/quizzes.md).
export const handler = createHandler(submitQuizResponse, async ({ principal, params, headers, body }) => {
  const { reply, recorded } = await submit(deps, { quizId: params.id, taskerId: principal.sub, requestKey: headers['idempotency-key'], ...body });
  if (recorded) {
    countMetric('QuizResponseRecorded');
    if (reply.status === 'completed') countMetric('QuizCompleted');
  }
  return ok(reply);
});
