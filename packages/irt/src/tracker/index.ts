export * from './config';
export * from './state';
export * from './update';
export * from './tracker';
export * from './replay';
