import { getQuiz as read } from '@theta/assessment';
import { createHandler, hasRole, ok } from '@theta/http';
import { getQuiz } from '../../contracts/quizzes';
import { quizDeps } from '../wiring';

const deps = quizDeps();

export const handler = createHandler(getQuiz, async ({ principal, params }) =>
  ok(await read(deps, { quizId: params.id, viewer: { sub: principal.sub, isOps: hasRole(principal, 'ops') } })),
);
