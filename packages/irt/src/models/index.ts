export * from './logistic';
export * from './dichotomous';
export * from './grm';
export * from './gpcm';
export * from './item';
export * from './likelihood';
