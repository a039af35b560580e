export * from './item-schema';
export * from './validate-batch';
export * from './split-item';
export * from './scoring';
