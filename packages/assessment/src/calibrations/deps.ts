import type { CatalogStore } from '../catalog/ports';
import type { CalibrationCatalog, CalibrationStore, ResponseLogReader } from './ports';

/** What the calibration use cases need (injected; the tests use DynamoDB Local). */
export interface CalibrationDeps {
  calibrations: CalibrationStore;
  catalog: CalibrationCatalog & Pick<CatalogStore, 'latestBlueprintVersion' | 'getBlueprint'>;
  now: () => Date;
  newId: () => string;
}

/** The job also reads the response log. */
export interface CalibrationJobDeps extends CalibrationDeps {
  responses: ResponseLogReader;
}
