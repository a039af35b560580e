// `npm run insights -- <command> [options]`: the options, checked; a bad one is an error naming it.
export interface CliOptions {
  command: 'errors' | 'sync';
  log?: string;
  json: boolean;
  skipBadLines: boolean;
  skill?: string;
  track?: string;
  courseId?: string;
  from?: string;
  to?: string;
  /** errors: rows per table */
  top: number;
}

export const USAGE = `usage:
  npm run insights -- errors [--skill S] [--track T] [--course ID] [--from ISO] [--to ISO] [--log FILE.jsonl] [--json] [--top N]
  npm run insights -- sync --log FILE.jsonl     (writes the local analytics dataset, Parquet partitioned by date)
Without --log, errors reads the local dataset (.data/analytics/responses) that sync wrote.`;

const VALUED = new Map([
  ['--log', 'log'],
  ['--skill', 'skill'],
  ['--track', 'track'],
  ['--course', 'courseId'],
  ['--from', 'from'],
  ['--to', 'to'],
  ['--top', 'top'],
] as const);

export function parseArgs(argv: readonly string[]): CliOptions {
  const [command, ...rest] = argv;
  if (command !== 'errors' && command !== 'sync') throw new Error(`unknown command "${command ?? ''}" (errors, sync)\n${USAGE}`);
  const options: CliOptions = { command, json: false, skipBadLines: false, top: 20 };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i]!;
    if (flag === '--json') options.json = true;
    else if (flag === '--skip-bad-lines') options.skipBadLines = true;
    else {
      const field = VALUED.get(flag as never);
      const value = rest[i + 1];
      if (!field) throw new Error(`unknown option ${flag}\n${USAGE}`);
      if (value === undefined || value.startsWith('--')) throw new Error(`${flag}: needs a value`);
      i++;
      if (field === 'top') {
        const top = Number(value);
        if (!Number.isInteger(top) || top < 1) throw new Error('--top: must be a whole number ≥ 1');
        options.top = top;
      } else if ((field === 'from' || field === 'to') && !Number.isFinite(Date.parse(value))) {
        throw new Error(`${flag}: must be an ISO 8601 date or date-time`);
      } else options[field] = value;
    }
  }
  if (options.command === 'sync' && !options.log) throw new Error('sync: --log FILE.jsonl is required');
  return options;
}
