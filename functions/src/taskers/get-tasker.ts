import { getTasker as read } from '@theta/assessment';
import { createHandler, hasRole, ok } from '@theta/http';
import { getTasker } from '../../contracts/taskers';
import { taskerStore } from '../wiring';

const taskers = taskerStore();

export const handler = createHandler(getTasker, async ({ principal, params }) =>
  ok(await read(taskers, params.id, { sub: principal.sub, staff: hasRole(principal, 'ops', 'onboarding') })),
);
