import { blueprintInformation, PublishedBankCache } from '@theta/assessment';
import { createHandler, ok } from '@theta/http';
import { getBlueprintInformation } from '../../contracts/catalog';
import { catalogStore } from '../wiring';

// published versions never change: a warm function computes each one's curves from a cached bank
const banks = new PublishedBankCache(catalogStore());

export const handler = createHandler(getBlueprintInformation, async ({ params, query }) => {
  const bank = query.version === undefined ? await banks.latest(params.id) : await banks.get(params.id, query.version);
  return ok(blueprintInformation(bank));
});
