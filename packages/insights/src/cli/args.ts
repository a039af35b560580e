// `npm run insights -- <command> [options]`: the options, checked; a bad one is an error naming it.
export type CliCommand = 'errors' | 'items' | 'course' | 'sync' | 'purge';

export interface CliOptions {
  command: CliCommand;
  /** course: the course id */
  courseId?: string;
  log?: string;
  /** enrolment / measurement files (default: the --log file's siblings LOG.enrollments.jsonl, LOG.measurements.jsonl) */
  enrollments?: string;
  measurements?: string;
  /** track-change file (default: the --log file's sibling LOG.track-changes.jsonl) */
  trackChanges?: string;
  json: boolean;
  skipBadLines: boolean;
  skill?: string;
  track?: string;
  projectId?: string;
  from?: string;
  to?: string;
  control?: string;
  treatment?: string;
  proficientTheta?: number;
  /** rows per table */
  top: number;
  /** purge: the erased tasker whose rows leave the local dataset */
  taskerId?: string;
}

export const USAGE = `usage:
  npm run insights -- errors [--skill S] [--track T] [--course ID] [--project P] [--from ISO] [--to ISO] [--log FILE.jsonl] [--json] [--top N]
  npm run insights -- items  [--skill S] [--track T] [--course ID] [--project P] [--from ISO] [--to ISO] [--log FILE.jsonl] [--json] [--top N]
  npm run insights -- course ID [--control V] [--treatment V] [--skill S] [--proficient-theta X] [--from ISO] [--to ISO]
                                [--log FILE.jsonl | --enrollments FILE.jsonl --measurements FILE.jsonl] [--json] [--top N]
  npm run insights -- sync --log FILE.jsonl [--enrollments FILE.jsonl] [--measurements FILE.jsonl] [--track-changes FILE.jsonl]
                                (writes the local analytics dataset, Parquet partitioned by date)
  npm run insights -- purge --tasker ID   (rewrites the local dataset's partitions without an erased tasker's rows)
--log FILE.jsonl also reads FILE.enrollments.jsonl, FILE.measurements.jsonl and FILE.track-changes.jsonl when they exist (npm run export:analytics).
Without files, the commands read the local dataset (.data/analytics/<kind>) that sync wrote.`;

const VALUED = new Map([
  ['--log', 'log'],
  ['--enrollments', 'enrollments'],
  ['--measurements', 'measurements'],
  ['--track-changes', 'trackChanges'],
  ['--skill', 'skill'],
  ['--track', 'track'],
  ['--course', 'courseId'],
  ['--project', 'projectId'],
  ['--from', 'from'],
  ['--to', 'to'],
  ['--top', 'top'],
  ['--control', 'control'],
  ['--treatment', 'treatment'],
  ['--proficient-theta', 'proficientTheta'],
  ['--tasker', 'taskerId'],
] as const);

const COMMANDS: readonly CliCommand[] = ['errors', 'items', 'course', 'sync', 'purge'];

export function parseArgs(argv: readonly string[]): CliOptions {
  const [command, ...rest] = argv;
  if (!COMMANDS.includes(command as CliCommand)) throw new Error(`unknown command "${command ?? ''}" (${COMMANDS.join(', ')})\n${USAGE}`);
  const options: CliOptions = { command: command as CliCommand, json: false, skipBadLines: false, top: 20 };
  if (options.command === 'course') {
    const id = rest.shift();
    if (id === undefined || id.startsWith('--')) throw new Error(`course: needs the course id (npm run insights -- course ID)\n${USAGE}`);
    options.courseId = id;
  }
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i]!;
    if (flag === '--json') options.json = true;
    else if (flag === '--skip-bad-lines') options.skipBadLines = true;
    else {
      const field = VALUED.get(flag as never);
      const value = rest[i + 1];
      if (!field) throw new Error(`unknown option ${flag}\n${USAGE}`);
      if (value === undefined || (value.startsWith('--') && !/^--?\d/.test(value))) throw new Error(`${flag}: needs a value`);
      i++;
      if (field === 'top') {
        const top = Number(value);
        if (!Number.isInteger(top) || top < 1) throw new Error('--top: must be a whole number ≥ 1');
        options.top = top;
      } else if (field === 'proficientTheta') {
        const theta = Number(value);
        if (value.trim() === '' || !Number.isFinite(theta)) throw new Error('--proficient-theta: must be a number');
        options.proficientTheta = theta;
      } else if ((field === 'from' || field === 'to') && !Number.isFinite(Date.parse(value))) {
        throw new Error(`${flag}: must be an ISO 8601 date or date-time`);
      } else if (field === 'courseId' && options.command === 'course') {
        throw new Error('--course: the course command takes the id as its argument');
      } else options[field] = value;
    }
  }
  if (options.command === 'purge' && !options.taskerId) throw new Error('purge: --tasker ID is required');
  if (options.command === 'sync' && !options.log && !options.enrollments && !options.measurements && !options.trackChanges) throw new Error('sync: --log FILE.jsonl is required');
  return options;
}
