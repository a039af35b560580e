// CAT engine: compiled bank, selection, exposure control, content balancing, stopping, session state.
export * from './types';
export { ConfigError, InfeasibleBlueprintError, CatStateError, type CatStateProblem } from './errors';
export {
  compileBank,
  MODEL_LOGISTIC,
  MODEL_GRM,
  MODEL_GPCM,
  probCorrectAt,
  categoryProbsAt,
  logProbAt,
  infoAt,
  klAt,
  type CompiledBank,
  type CompileOptions,
} from './compiled';
export { validateConfig, normalizeConfig, stableStringify, type NormalizedConfig } from './config';
export { Z_95, zForConfidence, inverseStandardNormal, confidenceInterval, sideOfCut } from './interval';
export { expectedItemsLeft, itemsToReachInformation } from './expected-remaining';
export { startSession, nextItem, recordResponse, summarize, skillPosterior } from './session';
