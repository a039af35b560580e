// Public API of @theta/irt. Each section is appended by the engineer who owns it.

// ---- shared vocabulary ----
export * from './types';

// ---- psychometric core: models and estimators ----
export * from './models/index';
export * from './estimators/index';

// ---- CAT engine, seeded RNG and simulation (cat/, random.ts, simulation/) ----
export * from './random';
export * from './cat/index';
export * from './simulation/index';

// ---- calibration: MML-EM, standard errors, item fit (calibration/) ----
export * from './calibration/index';

// ---- file formats (../shared/FORMATS.md): the response log, theta-response-log/v1 ----
export * from './formats/response-log';

// ---- proficiency tracker: aging Gaussian filter over every kind of evidence (tracker/, docs/proficiency.md) ----
export * from './tracker/index';

// ---- item health: p-value, fit, drift, DIF, rapid guessing per item (health/, docs/item-health.md) ----
export * from './health/index';
