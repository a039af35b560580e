export * from './course-stats';
export * from '../stats/t-dist';
export * from './simulate';
