import type { CatalogStore } from '../catalog/ports';
import type { CalibrationCatalog, CalibrationStore, PlacementProfileReader, ResponseLogReader } from './ports';

/** What the calibration use cases need (injected; the tests use DynamoDB Local). */
export interface CalibrationDeps {
  calibrations: CalibrationStore;
  catalog: CalibrationCatalog & Pick<CatalogStore, 'latestBlueprintVersion' | 'getBlueprint'>;
  now: () => Date;
  newId: () => string;
}

/** The job also reads the response log, and the placements' declared profiles for DIF groups. */
export interface CalibrationJobDeps extends CalibrationDeps {
  responses: ResponseLogReader;
  profiles: PlacementProfileReader;
}
