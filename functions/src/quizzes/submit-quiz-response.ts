import { submitQuizResponse as submit } from '@theta/assessment';
import { countMetric, createHandler, ok } from '@theta/http';
import { submitQuizResponse } from '../../contracts/quizzes';
import { quizDeps, rateLimiter } from '../wiring';
import { quizCompletion, taggedQuizAnswer } from '../remediation/remediation-deps';

// a finished quiz: its course module's pass rule, then the remediation rules on the new proficiency; an answer
// choosing a tagged option: the error-tag-rate rules
const deps = { ...quizDeps(), afterCompletion: quizCompletion(), afterTaggedAnswer: taggedQuizAnswer() };

// Idempotent through the quiz itself: the key is written with the answer in one transaction (docs/quizzes.md).
export const handler = createHandler(submitQuizResponse, async ({ principal, params, headers, body }) => {
  const { reply, recorded } = await submit(deps, { quizId: params.id, taskerId: principal.sub, requestKey: headers['idempotency-key'], ...body });
  if (recorded) {
    countMetric('QuizResponseRecorded');
    if (reply.status === 'completed') countMetric('QuizCompleted');
  }
  return ok(reply);
}, { limiter: rateLimiter() });
