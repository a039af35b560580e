export * from './errors';
export * from './placement/types';
export * from './placement/ports';
