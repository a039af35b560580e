// The `npm run simulate` command (packages/irt/src/cli/simulate.ts is the entry point). Kept here, without
// process-level side effects, so tests can run it in-process.

import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { startSession } from '../cat/session';
import { normalizeConfig } from '../cat/config';
import { InfeasibleBlueprintError } from '../cat/errors';
import { InputFileError, parseBankFile, parseConfigFile, parseJson, parseSimuleesFile } from './files';
import { simulate } from './simulate';
import type { SimulationReport } from './types';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** whether stderr is a terminal (progress bar only then) */
  stderrIsTTY: boolean;
}

const USAGE = `usage: npm run simulate -- --bank bank.json --simulees simulees.json --config cat.json [--out results.json] [--seed N] [--json]

  --bank      item bank  {"items": [{"id", "model"?, "a", "b", "c"?, "d"?, "skill"?, "thresholds"?}]}
  --simulees  simulees   {"simulees": [{"id", "theta", "u"?: [...]}]}
  --config    CatConfig JSON
  --out       write {"summary", "records": [one per simulee]} to this file
  --seed      RNG seed (default 1)
  --json      print the summary as JSON instead of tables
(formats: docs/simulation-formats.md)`;

const pct = (x: number | undefined) => `${((x ?? 0) * 100).toFixed(1)}%`;
const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '  —  ');
const pad = (s: string | number, n: number) => String(s).padStart(n);
const edge = (x: number) => (x === Number.NEGATIVE_INFINITY ? '-inf' : x === Number.POSITIVE_INFINITY ? 'inf' : x.toFixed(1));

/** Human-readable tables of a report. */
export function formatReport(r: SimulationReport): string {
  const out: string[] = [];
  out.push(`CAT simulation: ${r.simulees} simulees, seed ${r.seed}`);
  out.push(
    `Test length: mean ${r.length.mean.toFixed(2)}, median ${r.length.median}, min ${r.length.min}, max ${r.length.max}, sd ${r.length.sd.toFixed(2)}`,
  );
  out.push(
    `Stopped by: ${Object.entries(r.stopReasons)
      .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
      .map(([k, v]) => `${k} ${pct(v)}`)
      .join(', ')}`,
  );
  for (const [skill, s] of Object.entries(r.skills)) {
    out.push('');
    out.push(
      `Skill ${skill}: RMSE ${f3(s.rmse)}  bias ${f3(s.bias)}  mean SE ${f3(s.meanSE)}  r ${f3(s.correlation)}  mean items ${s.meanLength.toFixed(2)}`,
    );
    if (s.meanInformationSE !== undefined) out.push(`  mean information SE (stopping rule) ${f3(s.meanInformationSE)}`);
    if (Object.keys(r.skills).length > 1)
      out.push(
        `  stopped by: ${Object.entries(s.stopReasons)
          .map(([k, v]) => `${k} ${pct(v)}`)
          .join(', ')}`,
      );
    out.push('  by true θ:      θ range      n    RMSE    bias  mean SE  mean len');
    for (const b of s.conditional) {
      if (b.n === 0) continue;
      out.push(
        `  ${pad(`[${edge(b.from)}, ${edge(b.to)})`, 26)} ${pad(b.n, 6)} ${pad(f3(b.rmse), 7)} ${pad(f3(b.bias), 7)} ${pad(f3(b.meanSE), 8)} ${pad(b.meanLength.toFixed(2), 9)}`,
      );
    }
    if (s.classification.length > 0) {
      out.push('  classification:   cut  accuracy  false pass  false fail');
      for (const c of s.classification)
        out.push(`  ${pad(c.cut.toFixed(2), 19)} ${pad(c.accuracy.toFixed(4), 9)} ${pad(c.falsePass.toFixed(4), 11)} ${pad(c.falseFail.toFixed(4), 11)}`);
      if (s.categoryAccuracy !== undefined) out.push(`  category accuracy (all cuts right): ${s.categoryAccuracy.toFixed(4)}`);
    }
  }
  const e = r.exposure;
  out.push('');
  out.push(`Item exposure: max ${e.max.toFixed(3)}, mean ${e.mean.toFixed(3)}, never used ${pct(e.unused)}, test overlap ${f3(e.overlap)}`);
  out.push(
    `  histogram (items): ${e.histogram
      .map((h) => (h.from === 0 && h.to === 0 ? `never ${h.items}` : `[${h.from}, ${h.to}${h.to === 1 ? ']' : ')'} ${h.items}`))
      .join(' | ')}`,
  );
  out.push(`  most exposed: ${e.top.map((t) => `${t.id} ${t.rate.toFixed(3)}`).join(', ')}`);
  return `${out.join('\n')}\n`;
}

async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new InputFileError(file, '', `cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseJson(text, file);
}

/** Run the simulate command; returns the exit code (0 ok, 1 invalid input, 2 usage). */
export async function runSimulateCli(argv: string[], io: CliIO): Promise<number> {
  let values: { bank?: string; simulees?: string; config?: string; out?: string; seed?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        bank: { type: 'string' },
        simulees: { type: 'string' },
        config: { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    io.stderr(`error: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const missing = (['bank', 'simulees', 'config'] as const).filter((k) => !values[k]);
  if (missing.length > 0) {
    io.stderr(`error: missing ${missing.map((m) => `--${m}`).join(', ')}\n${USAGE}\n`);
    return 2;
  }
  let seed = 1;
  if (values.seed !== undefined) {
    seed = Number(values.seed);
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      io.stderr(`error: --seed must be an integer in [0, 4294967295], got '${values.seed}'\n`);
      return 2;
    }
  }
  try {
    const { compiled } = parseBankFile(await readJsonFile(values.bank as string), values.bank as string);
    const config = parseConfigFile(await readJsonFile(values.config as string), values.config as string);
    let skills: string[];
    try {
      skills = Object.keys(startSession(config, compiled).skills);
    } catch (e) {
      if (e instanceof InfeasibleBlueprintError)
        throw new InputFileError(values.config as string, 'blueprint', `${e.message} with bank ${values.bank}`);
      throw e;
    }
    const simulees = parseSimuleesFile(
      await readJsonFile(values.simulees as string),
      values.simulees as string,
      skills,
      normalizeConfig(config).maxItems,
    );
    let lastDrawn = -1;
    const onProgress = io.stderrIsTTY
      ? (done: number, total: number) => {
          const pctDone = Math.floor((done / total) * 100);
          if (pctDone === lastDrawn && done !== total) return;
          lastDrawn = pctDone;
          const width = 30;
          const filled = Math.round((done / total) * width);
          io.stderr(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pad(pctDone, 3)}% ${done}/${total}`);
          if (done === total) io.stderr('\n');
        }
      : undefined;
    const report = simulate(compiled, simulees, config, { seed, ...(onProgress ? { onProgress } : {}) });
    const { records, ...summary } = report;
    if (values.json) io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
    else io.stdout(formatReport(report));
    if (values.out) {
      try {
        await writeFile(values.out, `${JSON.stringify({ summary, records }, null, 1)}\n`);
      } catch (e) {
        io.stderr(`error: cannot write ${values.out}: ${(e as Error).message}\n`);
        return 1;
      }
      io.stderr(`wrote ${records.length} records to ${values.out}\n`);
    }
    return 0;
  } catch (e) {
    if (e instanceof InputFileError) {
      io.stderr(`error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
