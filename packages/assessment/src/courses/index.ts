export * from './course';
export * from './assign-variant';
export * from './course-put';
export * from './enrollment';
export * from './read-course';
export * from './module-progress';
export * from './course-progress';
export * from './course-exit';
