export * from './blueprint-schema';
export * from './validate-blueprint';
export * from './snapshot';
export * from './bank-rules';
export * from './information-curve';
