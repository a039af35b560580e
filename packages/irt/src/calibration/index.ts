// Calibration: MML-EM item parameter estimation, standard errors and item fit (docs/calibration.md).
export * from './types';
export { compileResponses, type RawResponse, type CompiledResponses } from './data';
export { calibrate } from './em';
export { calibrateBank, CALIBRATION_RESULT_SCHEMA, type CalibrateBankOptions, type CalibratedItem, type CalibrationBankItem, type CalibrationDocument, type BankCalibration, type ItemFitSummary } from './run';
export { DEFAULT_A_PRIOR, DEFAULT_C_PRIOR, ESTIMABLE_MODELS } from './item-params';
export { drawScore, simulateResponses } from './simulate';
export { itemFit, type ItemFit, type ItemFitOptions, type ResponseColumns } from './fit';
export { chiSquareSurvival } from './chi-square';
export { FEW_RESPONSES, MISFIT_ALPHA, LOW_DISCRIMINATION, DRIFT_Z, type ItemFlag } from './flags';
