// The `npm run calibrate` command (packages/irt/src/cli/calibrate.ts is the entry point), kept free of
// process-level side effects so tests run it in-process. Formats: ../shared/FORMATS.md sections 1–3.

import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { inProcessingOrder, parseResponseLog, ResponseLogError } from '../formats/response-log';
import { InputFileError, parseBankFile, parseJson } from '../simulation/files';
import { calibrateBank, type CalibrationBankItem } from './run';
import { CalibrationError, type ItemStandardErrors } from './types';

export { CALIBRATION_RESULT_SCHEMA } from './run';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  stderrIsTTY: boolean;
}


const USAGE = `usage: npm run calibrate -- --bank BANK.json --log LOG.jsonl --out RESULT.json [--free] [--model 2PL|3PL]

  --bank   item bank (simulate bank format): status "active" = anchors, "pilot" = to be estimated
  --log    response log, theta-response-log/v1 (JSON Lines)
  --out    calibration result: the bank format plus se, n, fit, flags per item
  --free   estimate every active and pilot item (scale fixed by N(0, 1)); default: fixed-anchor
  --model  model for the estimated dichotomous items (default: each item's own); 3PL gets priors
           c ~ Beta(5, 17), a ~ lognormal(0, 0.5)
(docs/calibration.md)`;

class UsageError extends Error {}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new InputFileError(file, '', `cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** Pilot items may come without parameters: starting values a = 1, b = 0 (thresholds stay required). */
function withStartingValues(json: unknown, model: string | undefined, free: boolean): unknown {
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { items?: unknown }).items)) return json;
  const items = (json as { items: unknown[] }).items.map((raw) => {
    if (typeof raw !== 'object' || raw === null) return raw;
    const it = { ...(raw as Record<string, unknown>) };
    const estimated = it.status === 'pilot' || (free && it.status === 'active');
    if (!estimated || it.thresholds !== undefined || it.model === 'GRM' || it.model === 'GPCM') return it;
    if (it.status === 'pilot') {
      it.a ??= 1;
      it.b ??= 0;
    }
    if (model === '2PL') {
      delete it.c;
      it.model = '2PL';
    } else if (model === '3PL') {
      it.model = '3PL';
      it.c = typeof it.c === 'number' && it.c > 0.01 && it.c < 0.5 ? it.c : 0.2;
    }
    return it;
  });
  return { ...(json as object), items };
}

const f3 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(3));

function seOf(raw: unknown): ItemStandardErrors | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  return raw as ItemStandardErrors;
}

/** Run the calibrate command; returns the exit code (0 ok, 1 invalid input, 2 usage). */
export async function runCalibrateCli(argv: string[], io: CliIO): Promise<number> {
  let values: { bank?: string; log?: string; out?: string; free?: boolean; model?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        bank: { type: 'string' },
        log: { type: 'string' },
        out: { type: 'string' },
        free: { type: 'boolean' },
        model: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
    if (values.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    const missing = (['bank', 'log', 'out'] as const).filter((k) => !values[k]);
    if (missing.length > 0) throw new UsageError(`missing ${missing.map((m) => `--${m}`).join(', ')}`);
    if (values.model !== undefined && values.model !== '2PL' && values.model !== '3PL')
      throw new UsageError(`--model must be 2PL or 3PL, got '${values.model}'`);
  } catch (e) {
    io.stderr(`error: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const bankFile = values.bank as string;
  const logFile = values.log as string;
  const free = values.free === true;
  const started = performance.now();
  try {
    const bankJson = withStartingValues(parseJson(await readText(bankFile), bankFile), values.model, free);
    const { items: bank } = parseBankFile(bankJson, bankFile);
    const rawItems = (bankJson as { items: Record<string, unknown>[] }).items;
    const statuses = bank.map((it) => it.status ?? 'active');
    const estimate = statuses.map((s) => s === 'pilot' || (free && s === 'active'));
    if (!estimate.some(Boolean)) throw new InputFileError(bankFile, 'items', free ? 'no active or pilot items to estimate' : 'no pilot items to estimate (use --free to re-estimate active items)');
    const { records } = parseResponseLog(await readText(logFile), { file: logFile });
    const ordered = inProcessingOrder(records);
    let run;
    try {
      run = calibrateBank(
        bank.map((it, j) => ({ ...it, status: statuses[j] as string, ...(seOf(rawItems[j]?.se) ? { se: seOf(rawItems[j]?.se) } : {}) })) as CalibrationBankItem[],
        ordered,
        {
          free,
          onIteration: (cycle, ll, change) => {
            if (io.stderrIsTTY) io.stderr(`\rcalibrate: cycle ${cycle}, log-likelihood ${ll.toFixed(2)}, change ${change.toExponential(2)}   `);
          },
        },
      );
    } catch (e) {
      if (e instanceof CalibrationError && e.response !== undefined)
        throw new ResponseLogError(logFile, { line: (ordered[e.response] as { line: number }).line, field: e.field, problem: e.problem });
      throw e;
    }
    if (io.stderrIsTTY) io.stderr('\n');
    if (run.unknownItems > 0) io.stderr(`warning: ${run.unknownItems} responses name items not in ${bankFile}: skipped\n`);
    if (run.duplicates > 0) io.stderr(`warning: ${run.duplicates} repeated answers of a tasker to an item: only the first is used\n`);
    for (const w of run.document.warnings) io.stderr(`warning: ${w}\n`);
    const seconds = (performance.now() - started) / 1000;
    io.stderr(
      `calibrate: ${run.document.iterations} EM cycles, ${run.document.converged ? 'converged' : 'NOT converged'}, ${run.taskers} taskers, ${run.responses} responses, ${seconds.toFixed(2)} s\n`,
    );
    const document = { ...run.document, seconds };
    io.stdout(formatSummary(document));
    try {
      await writeFile(values.out as string, `${JSON.stringify(document, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 1)}\n`);
    } catch (e) {
      io.stderr(`error: cannot write ${values.out}: ${(e as Error).message}\n`);
      return 1;
    }
    return 0;
  } catch (e) {
    if (e instanceof InputFileError || e instanceof ResponseLogError || e instanceof CalibrationError) {
      io.stderr(`error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

interface SummaryItem {
  id: string;
  status: string | undefined;
  model: string;
  a: number;
  b?: number;
  se: ItemStandardErrors | null;
  n: number;
  fit: { infit: number; outfit: number; p: number } | null;
  flags: string[];
}

function formatSummary(doc: { mode: string; iterations: number; converged: boolean; logLikelihood: number; population: { mean: number; sd: number }; items: SummaryItem[] }): string {
  const lines = [
    `Calibration (${doc.mode}): ${doc.iterations} cycles, ${doc.converged ? 'converged' : 'NOT converged'}, log-likelihood ${doc.logLikelihood.toFixed(2)}, ability N(${doc.population.mean.toFixed(3)}, ${doc.population.sd.toFixed(3)}²)`,
    `${'item'.padEnd(14)} ${'status'.padEnd(7)} model      a   se(a)       b   se(b)      n  infit outfit   Q1 p  flags`,
  ];
  for (const it of doc.items)
    lines.push(
      `${it.id.padEnd(14)} ${String(it.status).padEnd(7)} ${it.model.padEnd(5)} ${f3(it.a).padStart(6)} ${f3(it.se?.a).padStart(7)} ${f3(it.b).padStart(7)} ${f3(it.se?.b).padStart(7)} ${String(it.n).padStart(6)} ${f3(it.fit?.infit).padStart(6)} ${f3(it.fit?.outfit).padStart(6)} ${f3(it.fit?.p).padStart(7)}  ${it.flags.join(',')}`,
    );
  return `${lines.join('\n')}\n`;
}
