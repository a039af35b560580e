export * from './types';
export * from './ports';
export * from './deps';
export { requestCalibration, getCalibration, approveCalibration, MAX_APPROVED_CHANGES, type CalibrationView } from './calibration-use-cases';
export { runQueuedCalibrations, type CalibrationSweep } from './run-calibrations';
export { getItemHealth, listItemHealth, MAX_HEALTH_LIST, type ItemHealthView } from './item-health';
export { buildReport, engineItem, parametersOf, summaryOf } from './build-report';
