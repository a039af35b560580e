// Practice quizzes: the session, the records a quiz writes, and the ports packages/store implements.
import type { Item } from '@theta/irt/types';
import type { ItemSecure, PublicItemContent } from '../bank/split-item';
import type { ErrorTag } from '../taxonomy/error-tag';
import type { Enrollment } from '../courses/enrollment';
import type { CourseStore } from '../courses/course-put';
import type { TaggedAnswer } from '../remediation/error-tag-rules';

/** A practice item as the selector sees it (from the skill's practice index): parameters stay server side. */
export interface PracticeItem {
  id: string;
  /** the stored version of its content and key */
  version: number;
  skill: string;
  tags: string[];
  params: Item;
}

/** The knobs of a quiz (docs/quizzes.md). */
export interface QuizConfig {
  /** each next item's P(correct | θ̂) is closest to this (practice should be learnable, not maximally informative) */
  targetSuccess: number;
  /** randomesque exposure control: a random one of the k items closest to the target */
  randomesqueK: number;
  /** an item the tasker was shown this many days ago or less is not shown again (unless nothing else is left) */
  seenWindowDays: number;
  defaultLength: number;
  maxLength: number;
}

export const DEFAULT_QUIZ_CONFIG: Readonly<QuizConfig> = Object.freeze({
  targetSuccess: 0.7,
  randomesqueK: 3,
  seenWindowDays: 14,
  defaultLength: 10,
  maxLength: 30,
});

/** θ/SE of one skill; `population` when the tasker had no stored estimate (the N(0, 1) prior). */
export interface QuizEstimate {
  theta: number;
  se: number;
}

export interface QuizItemState {
  id: string;
  version: number;
  tags: string[];
  /** engine parameters at that version: the θ estimate is recomputed from them (never sent to a client) */
  params: Item;
}

export interface QuizFeedback {
  itemId: string;
  answer: string;
  correct: boolean;
  score: number;
  maxScore: number;
  /** the correct option (choice), or the options earning the full score (scored) */
  correctOptions: string[];
  explanation: string;
  /** for a wrong (below-full-score) option: the mistake it reveals, in plain words, and what to study */
  error?: { tag: string; description: string; study: string; courseId?: string };
}

export interface QuizSummary {
  skill: string;
  items: number;
  correct: number;
  thetaBefore: number;
  seBefore: number;
  thetaAfter: number;
  seAfter: number;
  /** plain words for the tasker: how it went and where the estimate moved */
  summary: string;
}

export interface QuizSession {
  id: string;
  taskerId: string;
  skill: string;
  courseId?: string;
  /** the A/B variant of the tasker's enrollment in `courseId` (docs/courses.md): every response carries it */
  variant?: string;
  /** the course module this quiz is an attempt at (with courseId): its pass rule is applied when it finishes */
  moduleId?: string;
  /** restricts the items to these tags (any of them) */
  tags?: string[];
  length: number;
  status: 'in-progress' | 'completed';
  createdAt: string;
  updatedAt: string;
  /** 1 at start; each write is conditional on the stored version */
  version: number;
  /**
   * the θ/SE the quiz started from (the EAP prior) and where it came from: the stored estimate aged by the
   * proficiency tracker to `measuredAt` (the quiz start; absent on quizzes started before the tracker: not aged)
   */
  prior: QuizEstimate & { source: 'stored' | 'population'; measuredAt?: string };
  /**
   * the stored estimate the quiz started from, as the PROFILE holds it (`measuredAt` of the stored record, or null
   * when there was none): the completion writes the new proficiency only if it is still that one (absent on quizzes
   * started before this was recorded: written without the check)
   */
  basedOn?: { measuredAt: string | null };
  /** the items shown, in order; while in progress the last one is on screen */
  items: QuizItemState[];
  scores: number[];
  /** the Idempotency-Key (and body digest) of each recorded answer, by position */
  requests: { key: string; digest: string }[];
  /** the current estimate (EAP over the quiz's responses from the prior) */
  estimate: QuizEstimate;
  correct: number;
  result?: QuizSummary;
}

export type QuizItemView = PublicItemContent & { id: string };

export interface QuizProgress {
  answered: number;
  length: number;
}

export type QuizAnswerReply =
  | { quizId: string; status: 'in-progress'; feedback: QuizFeedback; item: QuizItemView; progress: QuizProgress }
  | { quizId: string; status: 'completed'; feedback: QuizFeedback; progress: QuizProgress; summary: QuizSummary };

/** One answer, with the fields of the response log (FORMATS.md, `theta-response-log/v1`) and the reply it got. */
export interface QuizResponseRecord {
  responseId: string;
  taskerId: string;
  itemId: string;
  itemVersion: number;
  score: number;
  at: string;
  sessionId: string;
  context: 'quiz';
  answer: string;
  errorTag: string | null;
  elapsedMs: number | null;
  skill: string;
  thetaBefore: number;
  seBefore: number;
  courseId: string | null;
  variant: string | null;
  seq: number;
  requestKey: string;
  /** the reply as sent (JSON text): a retry under the same key gets exactly this */
  reply: string;
}

/** The proficiency a completed quiz leaves (the same record as a placement's, source `quiz`). */
export interface QuizProficiencyRecord {
  skill: string;
  theta: number;
  se: number;
  measuredAt: string;
  source: { kind: 'quiz'; id: string; items: number };
}

/** A practice item shown to a tasker: not shown again within the seen window. */
export interface PracticeSeen {
  taskerId: string;
  skill: string;
  itemId: string;
  at: string;
}

/** Storage of quizzes. Every session write is conditional; a lost race raises ConflictError(QUIZ_CHANGED). */
export interface QuizStore {
  /** the skill's practice items (a Query of the practice index, never a scan) */
  listPracticeItems(skill: string): Promise<PracticeItem[]>;
  /** the stored proficiency of one skill (taskers PROFILE) */
  getProficiency(taskerId: string, skill: string): Promise<(QuizEstimate & { measuredAt?: string }) | undefined>;
  /** practice items of a skill the tasker was shown at or after `since` (ISO): itemId → when */
  seenSince(taskerId: string, skill: string, since: string): Promise<Map<string, string>>;
  /** the new session and its first item's seen record, iff the id is new */
  startQuiz(session: QuizSession, shown: PracticeSeen): Promise<void>;
  getQuiz(id: string): Promise<QuizSession | undefined>;
  getResponse(quizId: string, seq: number): Promise<QuizResponseRecord | undefined>;
  /** the answer, the advanced session and the next item's seen record, iff the session is at `expectedVersion` */
  recordAnswer(session: QuizSession, expectedVersion: number, response: QuizResponseRecord, shown: PracticeSeen): Promise<void>;
  /** the last answer, the completed session, the proficiency (PROFILE) and a history row, in one transaction */
  completeQuiz(
    session: QuizSession,
    expectedVersion: number,
    response: QuizResponseRecord,
    proficiency: QuizProficiencyRecord,
    basedOn?: { measuredAt: string | null },
  ): Promise<void>;
}

export interface QuizItemSource {
  getItemContent(itemId: string, version: number): Promise<PublicItemContent | undefined>;
  getItemSecure(itemId: string, version: number): Promise<ItemSecure | undefined>;
}

export interface QuizDeps {
  quizzes: QuizStore;
  items: QuizItemSource;
  taxonomy: { getErrorTag(slug: string): Promise<ErrorTag | undefined> };
  /** a quiz in a course needs the tasker's enrollment (its variant goes on every response) */
  enrollments: { getEnrollment(taskerId: string, courseId: string): Promise<Enrollment | undefined> };
  /** a quiz of a course module: the module is looked up in the enrolled version of the course */
  courses?: Pick<CourseStore, 'getCourse'>;
  /**
   * runs after a quiz completes, and again when its last answer is retried (so a crash in between is finished by the
   * retry): course progress and remediation rules on the new proficiency. Must be idempotent per quiz.
   */
  afterCompletion?: (completed: CompletedQuiz) => Promise<void>;
  /**
   * runs after an answer whose chosen option carries an error tag, and again when it is retried: the error-tag-rate
   * remediation rules. Must be idempotent per answer (`responseId`).
   */
  afterTaggedAnswer?: (answer: TaggedAnswer) => Promise<void>;
  config?: Partial<QuizConfig>;
  now: () => Date;
  newId: () => string;
  /** uniform in [0, 1): the randomesque pick */
  random: () => number;
}

/** A completed quiz as the completion hook sees it. */
export interface CompletedQuiz {
  quiz: QuizSession;
  summary: QuizSummary;
}

export const QUIZ_CHANGED = 'quiz_changed';
/** The ConflictError code of a quiz completion whose stored proficiency changed since the quiz read it. */
export const PROFICIENCY_CHANGED = 'proficiency_changed';
