import { listTaskers as list } from '@theta/assessment';
import { createHandler, ok } from '@theta/http';
import { listTaskers } from '../../contracts/taskers';
import { taskerDirectory } from '../wiring';

const directory = taskerDirectory();

export const handler = createHandler(listTaskers, async ({ query }) => {
  const { limit, cursor, ...filter } = query;
  const page = await list(directory, filter, { limit, ...(cursor ? { cursor } : {}) });
  return ok({ track: filter.track, ...page });
});
