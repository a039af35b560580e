// The `npm run proficiency` command (entry point: packages/irt/src/cli/proficiency.ts), free of process-level side
// effects so tests run it in-process. Today one subcommand, `replay` (../shared/FORMATS.md section 4).
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseResponseLog, ResponseLogError } from '../formats/response-log';
import { InputFileError, parseBankFile, parseJson } from '../simulation/files';
import type { Item } from '../types';
import { trackerConfig } from './tracker';
import { formatReplayLine, ReplayInputError, replayResponses } from './replay';

export interface ProficiencyCliIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

const USAGE = `usage: npm run proficiency -- replay --bank BANK.json --log LOG.jsonl --out PRED.jsonl [--skip-bad-lines]
                                   [--drift-per-day Q] [--max-prior-se S]

  replay            prequential predictions of the proficiency tracker over a response log, in order of \`at\`:
                    one line per input line, in input order: {"line","taskerId","itemId","pCorrect","theta","se"}
  --bank            item bank (simulate bank format): the items' parameters and skills
  --log             response log, theta-response-log/v1 (JSON Lines)
  --out             predictions (JSON Lines)
  --skip-bad-lines  leave out lines the log reader cannot use (listed on stderr) instead of failing
  --drift-per-day   prior variance added per day since the last evidence (default: the service's)
  --max-prior-se    cap of the aged prior's SE (default: the service's)
(docs/proficiency.md)`;

class UsageError extends Error {}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new InputFileError(file, '', `cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

function numberOption(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const x = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(x) || x < 0) throw new UsageError(`--${name} must be a number ≥ 0, got '${raw}'`);
  return x;
}

interface ReplayArgs {
  bank: string;
  log: string;
  out: string;
  skipBadLines: boolean;
  overrides: { driftPerDay?: number; maxPriorSe?: number };
}

function parseReplayArgs(argv: string[]): ReplayArgs | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      bank: { type: 'string' },
      log: { type: 'string' },
      out: { type: 'string' },
      'skip-bad-lines': { type: 'boolean' },
      'drift-per-day': { type: 'string' },
      'max-prior-se': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  const missing = (['bank', 'log', 'out'] as const).filter((k) => !values[k]);
  if (missing.length > 0) throw new UsageError(`missing ${missing.map((m) => `--${m}`).join(', ')}`);
  const driftPerDay = numberOption('drift-per-day', values['drift-per-day']);
  const maxPriorSe = numberOption('max-prior-se', values['max-prior-se']);
  if (maxPriorSe === 0) throw new UsageError('--max-prior-se must be > 0');
  return {
    bank: values.bank as string,
    log: values.log as string,
    out: values.out as string,
    skipBadLines: values['skip-bad-lines'] === true,
    overrides: { ...(driftPerDay !== undefined ? { driftPerDay } : {}), ...(maxPriorSe !== undefined ? { maxPriorSe } : {}) },
  };
}

async function replay(args: ReplayArgs, io: ProficiencyCliIO): Promise<number> {
  const started = performance.now();
  try {
    const { items } = parseBankFile(parseJson(await readText(args.bank), args.bank), args.bank);
    const bank = new Map<string, Item>(items.map((it) => [it.id, it as Item]));
    const { records, skipped } = parseResponseLog(await readText(args.log), { file: args.log, skipBadLines: args.skipBadLines });
    for (const bad of skipped) io.stderr(`skipped: ${args.log}:${bad.line}: ${bad.field}: ${bad.problem}\n`);
    let predictions;
    try {
      predictions = replayResponses(bank, records, trackerConfig(args.overrides));
    } catch (e) {
      if (e instanceof ReplayInputError) throw new ResponseLogError(args.log, e.problem);
      throw e;
    }
    await writeFile(args.out, predictions.length > 0 ? `${predictions.map(formatReplayLine).join('\n')}\n` : '');
    const seconds = (performance.now() - started) / 1000;
    io.stderr(`replayed ${predictions.length} responses${skipped.length ? ` (${skipped.length} bad lines skipped)` : ''} in ${seconds.toFixed(2)} s → ${args.out}\n`);
    return 0;
  } catch (e) {
    if (e instanceof ResponseLogError || e instanceof InputFileError) {
      io.stderr(`error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

/** Runs `proficiency SUBCOMMAND ...`; returns the exit code (0 ok, 1 invalid input, 2 usage). */
export async function runProficiencyCli(argv: string[], io: ProficiencyCliIO): Promise<number> {
  const [command, ...rest] = argv;
  let args: ReplayArgs | 'help';
  try {
    if (command === '--help' || command === '-h') {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (command !== 'replay') throw new UsageError(command === undefined ? 'missing subcommand' : `unknown subcommand '${command}'`);
    args = parseReplayArgs(rest);
  } catch (e) {
    io.stderr(`error: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args === 'help') {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  return replay(args, io);
}
