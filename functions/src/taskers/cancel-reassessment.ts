import { cancelReassessment as cancel } from '@theta/assessment';
import { createHandler, noContent } from '@theta/http';
import { cancelReassessment } from '../../contracts/reassessments';
import { reassessmentSlots } from '../wiring';

const deps = { placements: reassessmentSlots() };

export const handler = createHandler(cancelReassessment, async ({ params }) => {
  await cancel(params.id, deps);
  return noContent();
});
