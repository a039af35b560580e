export * from './error-tag';
