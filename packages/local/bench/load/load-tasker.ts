// One simulated tasker of the load run: onboarding starts a placement (keyed, so a retried start is the same
// placement), the tasker answers until the CAT stops, sometimes reloading the current item first, then takes a
// practice quiz. Every acknowledged answer is remembered (session, position, item, option) for the audit.
import { hashString } from '@theta/irt';
import type { Simulee } from '../simulee';
import { QUIZ_SKILL, sleep } from '../tasker-flow';
import type { ResilientCaller } from './resilient-caller';

interface ItemView {
  id: string;
  options: { id: string }[];
}

export interface AcknowledgedAnswer {
  sessionId: string;
  context: 'placement' | 'quiz';
  position: number;
  itemId: string;
  option: string;
}

export interface LoadTaskerResult {
  taskerId: string;
  placementId?: string;
  /** the completed placement's reply: the track (null when withheld) and θ per skill */
  placement?: { track: string | null; skills: Record<string, { theta: number; se: number }>; itemsUsed: number };
  quizId?: string;
  quizCompleted: boolean;
  acknowledged: AcknowledgedAnswer[];
  /** a reload showed another item than the one on screen */
  resumeMismatches: number;
}

export interface LoadTaskerContext {
  caller: ResilientCaller;
  onboardingToken: string;
  taskerToken: string;
  runTag: string;
  thinkMs: number;
  quizLength: number;
  /** share of answers preceded by a reload of the current item */
  reloadRate: number;
  /** the run's time is up: answer nothing more */
  stopped: () => boolean;
}

const MAX_ANSWERS = 200;

const pause = (ctx: LoadTaskerContext, seed: string) => (ctx.thinkMs > 0 ? sleep(ctx.thinkMs * (0.5 + (hashString(seed) % 1000) / 1000)) : Promise.resolve());

export async function runLoadTasker(ctx: LoadTaskerContext, taskerId: string, simulee: Simulee): Promise<LoadTaskerResult> {
  const result: LoadTaskerResult = { taskerId, quizCompleted: false, acknowledged: [], resumeMismatches: 0 };
  const started = await ctx.caller.call('StartPlacement', 'POST', '/v1/placements', { token: ctx.onboardingToken, body: { taskerId, profile: simulee.profile }, key: `${ctx.runTag}-${taskerId}-start` });
  if (!started) return result;
  const { placementId, item: first } = JSON.parse(started.body) as { placementId: string; item: ItemView };
  result.placementId = placementId;
  let item = first;
  for (let n = 1; n <= MAX_ANSWERS && !ctx.stopped(); n++) {
    if ((hashString(`${taskerId}:reload:${n}`) % 1000) / 1000 < ctx.reloadRate) {
      const current = await ctx.caller.call('GetPlacementItem', 'GET', `/v1/placements/${placementId}/item`, { token: ctx.taskerToken });
      if (!current) return result;
      if ((JSON.parse(current.body) as { item: ItemView }).item.id !== item.id) result.resumeMismatches++;
    }
    await pause(ctx, `${taskerId}:${n}`);
    const answer = simulee.answer(item.id, item.options.map((o) => o.id));
    const submitted = await ctx.caller.call('SubmitPlacementResponse', 'POST', `/v1/placements/${placementId}/responses`, {
      token: ctx.taskerToken,
      body: { itemId: item.id, answer: answer.option },
      key: `${ctx.runTag}-${taskerId}-p-${n}`,
    });
    if (!submitted) return result;
    result.acknowledged.push({ sessionId: placementId, context: 'placement', position: n, itemId: item.id, option: answer.option });
    const next = JSON.parse(submitted.body) as { status: string; item?: ItemView; result?: LoadTaskerResult['placement'] };
    if (next.status === 'completed') {
      result.placement = next.result!;
      break;
    }
    item = next.item!;
  }
  if (!result.placement || ctx.quizLength === 0) return result;

  const quiz = await ctx.caller.call('StartQuiz', 'POST', '/v1/quizzes', { token: ctx.taskerToken, body: { skill: QUIZ_SKILL, length: ctx.quizLength } });
  if (!quiz) return result;
  const { quizId, item: firstQuizItem } = JSON.parse(quiz.body) as { quizId: string; item: ItemView };
  result.quizId = quizId;
  let quizItem: ItemView | undefined = firstQuizItem;
  for (let n = 1; quizItem && n <= ctx.quizLength && !ctx.stopped(); n++) {
    await pause(ctx, `${taskerId}:quiz:${n}`);
    const answer = simulee.answer(quizItem.id, quizItem.options.map((o) => o.id));
    const submitted = await ctx.caller.call('SubmitQuizResponse', 'POST', `/v1/quizzes/${quizId}/responses`, {
      token: ctx.taskerToken,
      body: { itemId: quizItem.id, answer: answer.option },
      key: `${ctx.runTag}-${taskerId}-q-${n}`,
    });
    if (!submitted) return result;
    result.acknowledged.push({ sessionId: quizId, context: 'quiz', position: n, itemId: quizItem.id, option: answer.option });
    const next = JSON.parse(submitted.body) as { status: string; item?: ItemView };
    if (next.status === 'completed') result.quizCompleted = true;
    quizItem = next.item;
  }
  return result;
}
