// Speed: one CAT step = absorb one response into the EAP posterior + choose the next item by maximum Fisher
// information, on 2PL banks of 300 / 3,000 / 30,000 items, Theta vs jsCAT in the same process.
import { Cat } from '@bdelab/jscat';
import {
  compileBank,
  nextItem,
  recordResponse,
  startSession,
  type CatConfig,
  type CatState,
  type CompiledBank,
  type DichotomousItem,
} from '../src/index';
import { generate2plBank, seeded } from './bank';
import { medianMilliseconds } from './stats';

export interface SpeedRow {
  size: number;
  /** in-process step: the previous state's posterior is cached */
  thetaWarmMs: number;
  /** step on a state parsed from JSON (as a Lambda gets it): the posterior is rebuilt from the responses */
  thetaColdMs: number;
  jscatMs: number;
  /** both engines chose the same item at the timed step */
  sameItem: boolean;
  compileMs: number;
}

/** Responses already in the session when the timed step happens. */
const ANSWERED = 10;
const TRUE_THETA = 0.4;

const config: CatConfig = {
  estimator: { method: 'EAP', prior: { mean: 0, sd: 1 }, quadrature: { points: 61, min: -6, max: 6 }, D: 1 },
  selection: { method: 'MFI' },
  stopping: { maxItems: 100 },
};

/** Deterministic simulated response: correct iff P(θ_true) > 1/2 alternates with a fixed pattern. */
function respond(item: DichotomousItem, k: number): 0 | 1 {
  const p = 1 / (1 + Math.exp(-item.a * (TRUE_THETA - item.b)));
  return (k % 3 === 0 ? p > 0.3 : p > 0.7) ? 1 : 0;
}

export function measureSpeed(size: number, reps: { theta: number; jscat: number }): SpeedRow {
  const items = generate2plBank(size, seeded(1000 + size));
  const compileStart = process.hrtime.bigint();
  const bank: CompiledBank = compileBank(items);
  const compileMs = Number(process.hrtime.bigint() - compileStart) / 1e6;
  const byId = new Map(items.map((item) => [item.id, item]));
  const rng = seeded(7);

  // Play ANSWERED items, then ask for the next one: the timed step answers it and selects the one after.
  let state: CatState = startSession(config, bank);
  const administered: DichotomousItem[] = [];
  const answers: (0 | 1)[] = [];
  for (let k = 0; k <= ANSWERED; k++) {
    const step = nextItem(state, bank, config, rng);
    if (!('itemId' in step)) throw new Error(`session stopped early: ${step.stop}`);
    state = step.state;
    if (k === ANSWERED) break;
    const item = byId.get(step.itemId) as DichotomousItem;
    const score = respond(item, k);
    administered.push(item);
    answers.push(score);
    state = recordResponse(state, bank, config, step.itemId, score);
  }
  const pendingId = state.pending as string;
  const pendingItem = byId.get(pendingId) as DichotomousItem;
  const pendingScore = respond(pendingItem, ANSWERED);
  const pendingState = state;
  const json = JSON.stringify(pendingState);

  let thetaChoice = '';
  const thetaStep = (input: CatState): void => {
    const answered = recordResponse(input, bank, config, pendingId, pendingScore);
    const next = nextItem(answered, bank, config, rng);
    if ('itemId' in next) thetaChoice = next.itemId;
  };
  const thetaWarmMs = medianMilliseconds(reps.theta, Math.min(200, reps.theta), () => pendingState, thetaStep);
  const thetaColdMs = medianMilliseconds(
    reps.theta,
    Math.min(200, reps.theta),
    () => JSON.parse(json) as CatState,
    thetaStep,
  );

  // jsCAT: same bank (D = 1 logistic, c = 0, d = 1), same answered items, EAP with N(0, 1) prior on [−6, 6]
  // (its grid step is 0.1), MFI. findNextItem gets deepCopy = false, the cheaper path, to be charitable to it.
  const asZeta = (item: DichotomousItem) => ({ id: item.id, a: item.a, b: item.b, c: 0, d: 1 });
  const seen = new Set([...administered.map((item) => item.id), pendingId]);
  const remaining = items.filter((item) => !seen.has(item.id)).map(asZeta);
  const history = administered.map(asZeta);
  let jscatChoice = '';
  const jscatMs = medianMilliseconds(
    reps.jscat,
    Math.min(3, reps.jscat),
    () => {
      const cat = new Cat({ method: 'EAP', itemSelect: 'MFI', theta: 0, minTheta: -6, maxTheta: 6, priorDist: 'norm', priorPar: [0, 1] });
      cat.updateAbilityEstimate(history, answers);
      return cat;
    },
    (cat) => {
      cat.updateAbilityEstimate(asZeta(pendingItem), pendingScore);
      const { nextStimulus } = cat.findNextItem(remaining, 'MFI', false);
      jscatChoice = String((nextStimulus as { id?: string } | undefined)?.id);
    },
  );
  return { size, thetaWarmMs, thetaColdMs, jscatMs, sameItem: thetaChoice === jscatChoice, compileMs };
}
