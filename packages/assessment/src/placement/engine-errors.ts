import { CatStateError, ConfigError, InfeasibleBlueprintError } from '@theta/irt';
import { ConflictError, UnprocessableError } from '../errors';

/** Runs an engine call, turning the engine's typed errors into domain errors the API can answer with. */
export function withEngineErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof InfeasibleBlueprintError) {
      throw new UnprocessableError('infeasible_blueprint', error.message, { constraint: error.constraint, required: error.required, available: error.available });
    }
    if (error instanceof ConfigError) {
      throw new UnprocessableError('invalid_cat_config', error.message, { field: error.field });
    }
    if (error instanceof CatStateError) {
      throw new ConflictError('invalid_session_state', error.message);
    }
    throw error;
  }
}
