// Practice quiz use cases: start, answer (feedback + next item or summary), read. Same rules as placement: owner
// from the token (others get 404), the Idempotency-Key written in the answer's own transaction, every session write
// conditional on its version, and nothing of a key, an explanation or a parameter before the answer.
import { createHash } from 'node:crypto';
import { maxScore } from '@theta/irt';
import { errorTagFor, scoreAnswer } from '../bank/scoring';
import type { ItemSecure } from '../bank/split-item';
import { ConflictError, NotFoundError, UnprocessableError } from '../errors';
import { describeMove, POPULATION_PRIOR, quizEstimate, updateProficiencyFromQuiz } from './proficiency';
import { agedPrior } from '../proficiency/apply-evidence';
import { selectPracticeItem } from './select-practice-item';
import { requireEnrollment, type Enrollment } from '../courses/enrollment';
import { modulesOfVariant, type CourseModule } from '../courses/course';
import {
  DEFAULT_QUIZ_CONFIG,
  PROFICIENCY_CHANGED,
  QUIZ_CHANGED,
  type PracticeItem,
  type QuizAnswerReply,
  type QuizConfig,
  type QuizEstimate,
  type QuizDeps,
  type QuizFeedback,
  type QuizItemState,
  type QuizItemView,
  type QuizResponseRecord,
  type QuizSession,
  type QuizSummary,
} from './types';

const DAY_MS = 24 * 3600_000;

const configOf = (deps: QuizDeps): QuizConfig => ({ ...DEFAULT_QUIZ_CONFIG, ...deps.config });

export interface StartQuizInput {
  taskerId: string;
  skill: string;
  length?: number;
  courseId?: string;
  /** a module of the tasker's variant of `courseId`: the quiz is an attempt at it */
  moduleId?: string;
  tags?: string[];
}

export interface StartQuizOutput {
  quizId: string;
  status: 'in-progress';
  skill: string;
  item: QuizItemView;
  progress: { answered: number; length: number };
}

function tagUsage(items: readonly QuizItemState[]): Map<string, number> {
  const usage = new Map<string, number>();
  for (const item of items) for (const tag of item.tags) usage.set(tag, (usage.get(tag) ?? 0) + 1);
  return usage;
}

/** The next item for a quiz: practice items of the skill (and tags), not in this quiz, preferably not seen lately. */
async function nextItem(deps: QuizDeps, quiz: Pick<QuizSession, 'taskerId' | 'skill' | 'tags' | 'items'>, theta: number): Promise<PracticeItem | undefined> {
  const config = configOf(deps);
  const [pool, seen] = await Promise.all([
    deps.quizzes.listPracticeItems(quiz.skill),
    deps.quizzes.seenSince(quiz.taskerId, quiz.skill, new Date(deps.now().getTime() - config.seenWindowDays * DAY_MS).toISOString()),
  ]);
  const inQuiz = new Set(quiz.items.map((i) => i.id));
  const wanted = quiz.tags && quiz.tags.length > 0 ? new Set(quiz.tags) : undefined;
  const eligible = pool.filter((p) => !inQuiz.has(p.id) && (!wanted || p.tags.some((t) => wanted.has(t))));
  const fresh = eligible.filter((p) => !seen.has(p.id));
  return selectPracticeItem({
    // items seen within the window only when nothing else is left
    candidates: fresh.length > 0 ? fresh : eligible,
    theta,
    targetSuccess: config.targetSuccess,
    randomesqueK: config.randomesqueK,
    tagUsage: tagUsage(quiz.items),
    ...(quiz.tags && quiz.tags.length > 0 ? { tags: quiz.tags } : {}),
    random: deps.random,
  });
}

async function itemView(deps: QuizDeps, item: { id: string; version: number }): Promise<QuizItemView> {
  const content = await deps.items.getItemContent(item.id, item.version);
  if (!content) throw new NotFoundError('item_not_found', `practice item '${item.id}' has no content`);
  // whitelist: only what a tasker may see before answering
  return { id: item.id, stem: content.stem, options: content.options.map((o) => ({ id: o.id, text: o.text })) };
}

const toState = (p: PracticeItem): QuizItemState => ({ id: p.id, version: p.version, tags: [...p.tags], params: p.params });

/** The module a quiz attempts: one of the tasker's variant's modules in the version they were enrolled in. */
async function moduleOf(deps: QuizDeps, enrollment: Enrollment, moduleId: string, skill: string): Promise<CourseModule> {
  const course = deps.courses ? await deps.courses.getCourse(enrollment.courseId, enrollment.courseVersion) : undefined;
  const module = course ? modulesOfVariant(course, enrollment.variant).find((m) => m.id === moduleId) : undefined;
  if (!module) throw new UnprocessableError('unknown_module', `'${moduleId}' is not a module of course '${enrollment.courseId}' for this tasker`, { field: 'body.moduleId' });
  if (module.quiz.skill !== skill) throw new UnprocessableError('module_skill_mismatch', `module '${moduleId}' practises '${module.quiz.skill}', not '${skill}'`, { field: 'body.skill' });
  return module;
}

export async function startQuiz(deps: QuizDeps, input: StartQuizInput): Promise<StartQuizOutput> {
  const config = configOf(deps);
  if (input.moduleId !== undefined && input.courseId === undefined)
    throw new UnprocessableError('module_needs_course', 'a moduleId needs the courseId it belongs to', { field: 'body.moduleId' });
  // a quiz in a course counts for the course's experiment only if the tasker is enrolled: the variant comes from there
  const enrollment = input.courseId ? await requireEnrollment(deps.enrollments, input.taskerId, input.courseId) : undefined;
  const module = enrollment && input.moduleId !== undefined ? await moduleOf(deps, enrollment, input.moduleId, input.skill) : undefined;
  // a module's quiz: its length and tags unless the tasker asked for others
  const length = input.length ?? module?.quiz.length ?? config.defaultLength;
  if (length > config.maxLength) throw new UnprocessableError('quiz_too_long', `a quiz has at most ${config.maxLength} items`);
  const stored = await deps.quizzes.getProficiency(input.taskerId, input.skill);
  const startedAt = deps.now().toISOString();
  // the stored estimate aged to now by the proficiency tracker: old evidence counts for less (docs/proficiency.md)
  const prior = stored
    ? { ...agedPrior({ theta: stored.theta, se: stored.se, measuredAt: stored.measuredAt ?? startedAt }, startedAt), source: 'stored' as const, measuredAt: startedAt }
    : { ...POPULATION_PRIOR, source: 'population' as const, measuredAt: startedAt };
  const askedTags = input.tags && input.tags.length > 0 ? input.tags : module?.quiz.tags;
  const tags = askedTags && askedTags.length > 0 ? [...askedTags] : undefined;
  const first = await nextItem(deps, { taskerId: input.taskerId, skill: input.skill, items: [], ...(tags ? { tags } : {}) }, prior.theta);
  if (!first)
    throw new NotFoundError('no_practice_items', `there are no practice items for skill '${input.skill}'${tags ? ` with tags ${tags.join(', ')}` : ''}`);
  const now = deps.now().toISOString();
  const session: QuizSession = {
    id: deps.newId(),
    taskerId: input.taskerId,
    skill: input.skill,
    ...(enrollment ? { courseId: enrollment.courseId, variant: enrollment.variant } : {}),
    ...(module ? { moduleId: module.id } : {}),
    ...(tags ? { tags } : {}),
    length,
    status: 'in-progress',
    createdAt: now,
    updatedAt: now,
    version: 1,
    prior,
    // what the completion's write is conditional on (a record without measuredAt predates the tracker: no check)
    ...(stored ? (stored.measuredAt ? { basedOn: { measuredAt: stored.measuredAt } } : {}) : { basedOn: { measuredAt: null } }),
    items: [toState(first)],
    scores: [],
    requests: [],
    estimate: { theta: prior.theta, se: prior.se },
    correct: 0,
  };
  const item = await itemView(deps, first);
  await deps.quizzes.startQuiz(session, { taskerId: input.taskerId, skill: input.skill, itemId: first.id, at: now });
  return { quizId: session.id, status: 'in-progress', skill: session.skill, item, progress: { answered: 0, length } };
}

async function loadOwned(deps: QuizDeps, quizId: string, taskerId: string): Promise<QuizSession> {
  const quiz = await deps.quizzes.getQuiz(quizId);
  // someone else's quiz does not exist for this caller
  if (!quiz || quiz.taskerId !== taskerId) throw new NotFoundError('quiz_not_found', `no quiz '${quizId}' for this tasker`);
  return quiz;
}

export interface SubmitQuizResponseInput {
  quizId: string;
  taskerId: string;
  requestKey: string;
  itemId: string;
  answer: string;
  elapsedMs?: number;
}

const digestOf = (itemId: string, answer: string): string => createHash('sha256').update(`${itemId}\n${answer}`).digest('hex').slice(0, 16);

/** A retry under a key this quiz recorded: the stored reply; the key with another body: 422. */
async function replay(deps: QuizDeps, quiz: QuizSession, input: SubmitQuizResponseInput): Promise<QuizAnswerReply | undefined> {
  const position = quiz.requests.findIndex((r) => r.key === input.requestKey);
  if (position < 0) return undefined;
  if (quiz.requests[position]!.digest !== digestOf(input.itemId, input.answer))
    throw new UnprocessableError('idempotency_key_reused', 'this Idempotency-Key was used for another answer; use a new key for a new answer');
  const response = await deps.quizzes.getResponse(quiz.id, position + 1);
  if (!response) throw new Error(`quiz ${quiz.id} lists key ${position + 1} but has no such response`);
  return JSON.parse(response.reply) as QuizAnswerReply;
}

function correctOptions(secure: ItemSecure, max: number): string[] {
  if (secure.key.type === 'choice') return [secure.key.correct];
  const scores = secure.key.scores;
  return secure.optionIds.filter((id) => scores[id] === max);
}

async function feedbackFor(deps: QuizDeps, item: QuizItemState, secure: ItemSecure, answer: string, score: number): Promise<QuizFeedback> {
  const max = maxScore(item.params);
  const tag = errorTagFor(secure, answer);
  const described = tag ? await deps.taxonomy.getErrorTag(tag) : undefined;
  return {
    itemId: item.id,
    answer,
    correct: score === max,
    score,
    maxScore: max,
    correctOptions: correctOptions(secure, max),
    explanation: secure.explanation,
    ...(tag
      ? {
          error: described
            ? { tag, description: described.description, study: described.study, ...(described.courseId ? { courseId: described.courseId } : {}) }
            : // a tag authored before the taxonomy: its slug in words, nothing to study named yet
              { tag, description: tag.replace(/-/g, ' '), study: 'Review the explanation above.' },
        }
      : {}),
  };
}

/**
 * After an answer is recorded (first time or a retry of it): the error-tag rules when the chosen option carries a
 * tag; after the quiz's last answer, the completion hook. So what an answer sets off (course progress, remediation
 * rules) is done even when the first attempt died right after the quiz's write.
 */
async function afterAnswer(deps: QuizDeps, quiz: QuizSession, reply: QuizAnswerReply): Promise<QuizAnswerReply> {
  const tag = reply.feedback.error?.tag;
  // the response's id as recorded (responseId): its position in the quiz
  if (tag && deps.afterTaggedAnswer) await deps.afterTaggedAnswer({ taskerId: quiz.taskerId, skill: quiz.skill, tag, responseId: `${quiz.id}-${reply.progress.answered}` });
  if (reply.status === 'completed' && deps.afterCompletion) await deps.afterCompletion({ quiz: { ...quiz, status: 'completed', result: reply.summary }, summary: reply.summary });
  return reply;
}

export async function submitQuizResponse(deps: QuizDeps, input: SubmitQuizResponseInput): Promise<{ reply: QuizAnswerReply; recorded: boolean }> {
  const quiz = await loadOwned(deps, input.quizId, input.taskerId);
  const replayed = await replay(deps, quiz, input);
  if (replayed) return { reply: await afterAnswer(deps, quiz, replayed), recorded: false };
  if (quiz.status !== 'in-progress') throw new ConflictError('quiz_completed', 'this quiz is complete');
  const current = quiz.items[quiz.items.length - 1]!;
  if (input.itemId !== current.id) throw new ConflictError('not_current_item', `item '${input.itemId}' is not the item on screen ('${current.id}')`);
  const secure = await deps.items.getItemSecure(current.id, current.version);
  if (!secure) throw new NotFoundError('item_not_found', `practice item '${current.id}' has no key`);
  const score = scoreAnswer(secure, input.answer); // 422 unknown_option before anything is written
  const feedback = await feedbackFor(deps, current, secure, input.answer, score);
  const now = deps.now().toISOString();
  const scores = [...quiz.scores, score];
  const estimate = quizEstimate(quiz.prior, quiz.items, scores);
  const answered = scores.length;
  const base: QuizSession = {
    ...quiz,
    scores,
    estimate,
    correct: quiz.correct + (feedback.correct ? 1 : 0),
    requests: [...quiz.requests, { key: input.requestKey, digest: digestOf(input.itemId, input.answer) }],
    updatedAt: now,
    version: quiz.version + 1,
  };
  const next = answered < quiz.length ? await nextItem(deps, quiz, estimate.theta) : undefined;
  const record = (reply: QuizAnswerReply): QuizResponseRecord => ({
    responseId: `${quiz.id}-${answered}`,
    taskerId: quiz.taskerId,
    itemId: current.id,
    itemVersion: current.version,
    score,
    at: now,
    sessionId: quiz.id,
    context: 'quiz',
    answer: input.answer,
    errorTag: feedback.error?.tag ?? null,
    elapsedMs: input.elapsedMs ?? null,
    skill: quiz.skill,
    thetaBefore: quiz.estimate.theta,
    seBefore: quiz.estimate.se,
    courseId: quiz.courseId ?? null,
    variant: quiz.variant ?? null,
    seq: answered,
    requestKey: input.requestKey,
    reply: JSON.stringify(reply),
  });
  try {
    if (next) {
      const item = await itemView(deps, next);
      const session: QuizSession = { ...base, items: [...quiz.items, toState(next)] };
      const reply: QuizAnswerReply = { quizId: quiz.id, status: 'in-progress', feedback, item, progress: { answered, length: quiz.length } };
      await deps.quizzes.recordAnswer(session, quiz.version, record(reply), { taskerId: quiz.taskerId, skill: quiz.skill, itemId: next.id, at: now });
      return { reply: await afterAnswer(deps, session, reply), recorded: true };
    }
    // the stored estimate may have moved while the quiz was open (a placement, another quiz): then the quiz's
    // responses are applied to the newer estimate instead, so no evidence is overwritten (docs/proficiency.md)
    let prior: QuizEstimate & { measuredAt?: string } = quiz.prior;
    let basedOn = quiz.basedOn;
    for (let attempt = 1; ; attempt++) {
      const proficiency = updateProficiencyFromQuiz({ quizId: quiz.id, skill: quiz.skill, prior, items: quiz.items, scores, at: now });
      const summary: QuizSummary = {
        skill: quiz.skill,
        items: answered,
        correct: base.correct,
        thetaBefore: quiz.prior.theta,
        seBefore: quiz.prior.se,
        thetaAfter: proficiency.theta,
        seAfter: proficiency.se,
        summary: describeMove(quiz.skill, quiz.prior.theta, proficiency.theta, base.correct, answered),
      };
      const session: QuizSession = { ...base, status: 'completed', result: summary };
      const reply: QuizAnswerReply = { quizId: quiz.id, status: 'completed', feedback, progress: { answered, length: quiz.length }, summary };
      try {
        await deps.quizzes.completeQuiz(session, quiz.version, record(reply), proficiency, basedOn);
        return { reply: await afterAnswer(deps, session, reply), recorded: true };
      } catch (error) {
        if (!(error instanceof ConflictError && error.code === PROFICIENCY_CHANGED) || attempt === 3) throw error;
        const latest = await deps.quizzes.getProficiency(quiz.taskerId, quiz.skill);
        prior = latest ? { theta: latest.theta, se: latest.se, measuredAt: latest.measuredAt ?? now } : { ...POPULATION_PRIOR, measuredAt: now };
        basedOn = latest ? (latest.measuredAt ? { measuredAt: latest.measuredAt } : undefined) : { measuredAt: null };
      }
    }
  } catch (error) {
    // a lost race: if the winner was this same key, its reply is ours
    if (error instanceof ConflictError && error.code === QUIZ_CHANGED) {
      const again = await loadOwned(deps, input.quizId, input.taskerId);
      const won = await replay(deps, again, input);
      if (won) return { reply: await afterAnswer(deps, again, won), recorded: false };
    }
    throw error;
  }
}

export interface QuizView {
  quizId: string;
  taskerId: string;
  skill: string;
  status: QuizSession['status'];
  courseId?: string;
  variant?: string;
  moduleId?: string;
  tags?: string[];
  progress: { answered: number; length: number };
  correct: number;
  createdAt: string;
  /** the item on screen (content only) while in progress */
  item?: QuizItemView;
  summary?: QuizSummary;
}

export async function getQuiz(deps: QuizDeps, input: { quizId: string; viewer: { sub: string; isOps: boolean } }): Promise<QuizView> {
  const quiz = await deps.quizzes.getQuiz(input.quizId);
  if (!quiz || (!input.viewer.isOps && quiz.taskerId !== input.viewer.sub)) throw new NotFoundError('quiz_not_found', `no quiz '${input.quizId}' for this caller`);
  const current = quiz.items[quiz.items.length - 1];
  return {
    quizId: quiz.id,
    taskerId: quiz.taskerId,
    skill: quiz.skill,
    status: quiz.status,
    ...(quiz.courseId ? { courseId: quiz.courseId } : {}),
    ...(quiz.variant ? { variant: quiz.variant } : {}),
    ...(quiz.moduleId ? { moduleId: quiz.moduleId } : {}),
    ...(quiz.tags ? { tags: quiz.tags } : {}),
    progress: { answered: quiz.scores.length, length: quiz.length },
    correct: quiz.correct,
    createdAt: quiz.createdAt,
    ...(quiz.status === 'in-progress' && current && !input.viewer.isOps ? { item: await itemView(deps, current) } : {}),
    ...(quiz.result ? { summary: quiz.result } : {}),
  };
}
