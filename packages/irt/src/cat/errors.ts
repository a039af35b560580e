// Typed errors of the CAT engine. Each names what is wrong so a caller (Lambda, CLI) can report it.

/** A CatConfig (or a compile option) is invalid. `field` is a dotted path, e.g. `stopping.maxItems`. */
export class ConfigError extends Error {
  readonly field: string;
  readonly problem: string;
  constructor(field: string, problem: string) {
    super(`invalid CAT config: ${field}: ${problem}`);
    this.name = 'ConfigError';
    this.field = field;
    this.problem = problem;
  }
}

/**
 * The blueprint cannot be satisfied with the items available to this session (after exclusions,
 * retired items and enemy groups). `constraint` names the failing constraint, e.g. `skill:math min 5`.
 */
export class InfeasibleBlueprintError extends Error {
  readonly constraint: string;
  readonly required: number;
  readonly available: number;
  constructor(constraint: string, required: number, available: number, detail?: string) {
    super(
      `infeasible blueprint: constraint ${constraint} needs ${required} but only ${available} can be met` +
        (detail ? ` (${detail})` : ''),
    );
    this.name = 'InfeasibleBlueprintError';
    this.constraint = constraint;
    this.required = required;
    this.available = available;
  }
}

export type CatStateProblem =
  | 'config-mismatch'
  | 'unknown-item'
  | 'already-administered'
  | 'not-pending'
  | 'invalid-score'
  | 'finished'
  | 'malformed-state';

/** A CatState is inconsistent with the call (wrong config version, unknown item, bad score...). */
export class CatStateError extends Error {
  readonly problem: CatStateProblem;
  constructor(problem: CatStateProblem, message: string) {
    super(message);
    this.name = 'CatStateError';
    this.problem = problem;
  }
}
