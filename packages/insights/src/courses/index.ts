export * from './course-stats';
export * from '../stats/t-dist';
export * from './simulate';
export * from './course-outcomes';
export * from './course-insight';
export * from './planted-data';
export * from './daily-looks';
