export * from './decide-track';
