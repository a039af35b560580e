// Parsing and validation of the simulator's input files (docs/simulation-formats.md). Every problem is
// reported as an InputFileError naming the file, the JSON path and the problem.

import { compileBank, type CompiledBank } from '../cat/compiled';
import { normalizeConfig } from '../cat/config';
import { ConfigError } from '../cat/errors';
import type { BankItem, CatConfig } from '../cat/types';
import type { DichotomousModel } from '../types';
import { SimulationInputError, validateSimulees } from './simulate';
import type { Simulee } from './types';

export class InputFileError extends Error {
  readonly file: string;
  readonly path: string;
  readonly problem: string;
  constructor(file: string, path: string, problem: string) {
    super(`${file}: ${path ? `${path}: ` : ''}${problem}`);
    this.name = 'InputFileError';
    this.file = file;
    this.path = path;
    this.problem = problem;
  }
}

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Parse JSON text, reporting syntax errors against the file name. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new InputFileError(file, '', `invalid JSON: ${(e as Error).message}`);
  }
}

/**
 * Bank file: `{"items": [{"id", "model"?, "a", "b", "c"?, "d"?, "skill"?, "tags"?, "status"?}]}`; polytomous items
 * carry `thresholds` (model 'GRM' or 'GPCM'). Without `model`: thresholds → GRM, d → 4PL, c → 3PL, else 2PL.
 */
export function parseBankFile(json: unknown, file: string): { items: BankItem[]; compiled: CompiledBank } {
  if (!isObj(json)) throw new InputFileError(file, '', 'must be an object {"items": [...]}');
  if (!Array.isArray(json.items)) throw new InputFileError(file, 'items', 'must be an array of items');
  const items: BankItem[] = json.items.map((raw, k) => {
    if (!isObj(raw)) throw new InputFileError(file, `items[${k}]`, 'must be an object');
    let model = raw.model;
    if (model === undefined) {
      if (raw.thresholds !== undefined) model = 'GRM';
      else if (raw.d !== undefined) model = '4PL';
      else if (raw.c !== undefined) model = '3PL';
      else model = '2PL';
    }
    if (!['1PL', '2PL', '3PL', '4PL', 'GRM', 'GPCM'].includes(model as string))
      throw new InputFileError(file, `items[${k}].model`, "must be one of '1PL', '2PL', '3PL', '4PL', 'GRM', 'GPCM'");
    if ((model === 'GRM' || model === 'GPCM') && raw.b !== undefined && raw.thresholds === undefined)
      throw new InputFileError(file, `items[${k}].thresholds`, `is required for ${model as string} items`);
    if (model !== 'GRM' && model !== 'GPCM' && raw.b === undefined)
      throw new InputFileError(file, `items[${k}].b`, 'is required for dichotomous items');
    if (model === '1PL' && raw.a === undefined) return { ...raw, a: 1, model: '1PL' as DichotomousModel } as unknown as BankItem;
    return { ...raw, model } as unknown as BankItem;
  });
  try {
    return { items, compiled: compileBank(items) };
  } catch (e) {
    if (e instanceof ConfigError) throw new InputFileError(file, e.field, e.problem);
    throw e;
  }
}

/** Simulees file: `{"simulees": [{"id", "theta", "u"?}]}`. */
export function parseSimuleesFile(json: unknown, file: string, skills: string[], maxItems: number): Simulee[] {
  if (!isObj(json)) throw new InputFileError(file, '', 'must be an object {"simulees": [...]}');
  if (!Array.isArray(json.simulees)) throw new InputFileError(file, 'simulees', 'must be an array');
  if (json.simulees.length === 0) throw new InputFileError(file, 'simulees', 'is empty');
  const sims = json.simulees as Simulee[];
  try {
    validateSimulees(sims, skills, maxItems);
  } catch (e) {
    if (e instanceof SimulationInputError) throw new InputFileError(file, e.path, e.problem);
    throw e;
  }
  return sims;
}

/** Config file: the CatConfig JSON, validated (ConfigError → InputFileError naming the field). */
export function parseConfigFile(json: unknown, file: string): CatConfig {
  try {
    normalizeConfig(json as CatConfig);
  } catch (e) {
    if (e instanceof ConfigError) throw new InputFileError(file, e.field, e.problem);
    throw e;
  }
  return json as CatConfig;
}
