// Bulk reroute (docs/tracks.md, "Bulk reroute"): ops name a rule, a from-track and a to-track; a job previews who
// would move and why (stored candidates: the dry run), then, once ops apply it, moves exactly those candidates, each
// with the one-tasker move (its audit row and event), under a request key per tasker, so a rerun after an
// interruption moves nobody twice. Page by page with a cursor in the job's state; never a Scan.
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { canonicalJson } from '../blueprints/snapshot';
import { ConflictError, NotFoundError, UnprocessableError } from '../errors';
import type { QualitySignalStore } from '../remediation/record-quality-signal';
import type { RecentResponseReader } from '../remediation/error-tag-rate';
import type { TaskerDirectory, TaskerListEntry } from '../taskers/list-taskers';
import { BulkRerouteRuleSchema, errorTagRateVerdict, qualityVerdict, ruleListFilter, ruleVerdict } from './bulk-reroute-rule';
import { moveTaskerTrack, MoveReasonSchema, TRACK_NOT_EXPECTED, TrackNameSchema, type MoveTrackDeps } from './move-track';

export const BulkRerouteSpecSchema = z
  .strictObject({
    fromTrack: TrackNameSchema,
    toTrack: TrackNameSchema,
    reason: MoveReasonSchema.pipe(z.string().max(300, 'must be at most 300 characters (each move appends why)')),
    rule: BulkRerouteRuleSchema,
  })
  .superRefine((s, ctx) => {
    if (s.fromTrack === s.toTrack) ctx.addIssue({ code: 'custom', path: ['toTrack'], message: 'must differ from fromTrack' });
    if (s.rule.kind === 'quality-below' && s.rule.minSignals > s.rule.lastN) ctx.addIssue({ code: 'custom', path: ['rule', 'minSignals'], message: 'must not exceed lastN' });
    if (s.rule.kind === 'error-tag-rate' && s.rule.minResponses > s.rule.lastN) ctx.addIssue({ code: 'custom', path: ['rule', 'minResponses'], message: 'must not exceed lastN' });
  });
export type BulkRerouteSpec = z.output<typeof BulkRerouteSpecSchema>;

export type BulkRerouteStatus = 'previewing' | 'previewed' | 'applying' | 'applied';

export interface BulkReroute extends BulkRerouteSpec {
  id: string;
  status: BulkRerouteStatus;
  createdBy: string;
  createdAt: string;
  /** bumped by every write: each job step is conditional on the version it read */
  version: number;
  /** where the current phase resumes: the tasker list's cursor (previewing) or the candidates' (applying) */
  cursor?: string;
  counts: { examined: number; candidates: number; moved: number; skipped: number };
  previewedAt?: string;
  appliedBy?: string;
  appliedAt?: string;
  finishedAt?: string;
}

export interface BulkCandidate {
  taskerId: string;
  why: string;
  /** set when applied: moved (now, or by an earlier interrupted run) or skipped (moved on since the preview) */
  outcome?: 'moved' | 'skipped';
  outcomeWhy?: string;
  moveId?: string;
}

export interface BulkRerouteStore {
  /** Put if absent; the stored job when one exists under this id */
  createBulkReroute(job: BulkReroute): Promise<BulkReroute | undefined>;
  getBulkReroute(id: string): Promise<BulkReroute | undefined>;
  /** jobs with work to do (previewing or applying), oldest first */
  listActiveBulkReroutes(limit: number): Promise<string[]>;
  /** the job's new state and this page's candidates in one transaction, conditional on `expectedVersion` */
  saveBulkPage(job: BulkReroute, expectedVersion: number, candidates: readonly BulkCandidate[]): Promise<void>;
  listBulkCandidates(id: string, limit: number, cursor?: string): Promise<{ candidates: BulkCandidate[]; cursor?: string }>;
}

export interface BulkRerouteDeps {
  bulk: BulkRerouteStore;
  now?: () => Date;
}
export interface BulkRerouteJobDeps extends BulkRerouteDeps, MoveTrackDeps {
  directory: TaskerDirectory;
  /** a quality-below rule reads each listed tasker's newest signals on its skill (one key Query per tasker) */
  signals?: Pick<QualitySignalStore, 'listQualitySignals'>;
  /** an error-tag-rate rule reads each listed tasker's newest answers on its skill (bounded Queries per tasker) */
  responses?: RecentResponseReader;
}

export const BULK_CHANGED = 'bulk_reroute_changed';
/** taskers per page: the page's candidates and the job state fit one transaction (≤ 100 items) */
export const BULK_PAGE = 50;

/** One job per (caller, Idempotency-Key): the id is derived from both, so a retry finds the same job. */
export function bulkRerouteId(sub: string, requestKey: string): string {
  return createHash('sha256').update(`${sub}\n${requestKey}`).digest('hex').slice(0, 24);
}

// canonical: a DynamoDB map comes back in any key order
const sameSpec = (a: BulkRerouteSpec, b: BulkRerouteSpec) => canonicalJson([a.fromTrack, a.toTrack, a.reason, a.rule]) === canonicalJson([b.fromTrack, b.toTrack, b.reason, b.rule]);

/** Starts the dry run. A retry with the same key returns the same job; the key reused for another spec → 422. */
export async function createBulkReroute(spec: BulkRerouteSpec, caller: { sub: string; requestKey: string }, deps: BulkRerouteDeps): Promise<{ job: BulkReroute; created: boolean }> {
  const job: BulkReroute = {
    ...spec,
    id: bulkRerouteId(caller.sub, caller.requestKey),
    status: 'previewing',
    createdBy: caller.sub,
    createdAt: (deps.now ?? (() => new Date()))().toISOString(),
    version: 1,
    counts: { examined: 0, candidates: 0, moved: 0, skipped: 0 },
  };
  const existing = await deps.bulk.createBulkReroute(job);
  if (!existing) return { job, created: true };
  if (!sameSpec(existing, spec)) throw new UnprocessableError('idempotency_key_reused', 'this Idempotency-Key was used for another bulk reroute');
  return { job: existing, created: false };
}

export async function getBulkReroute(id: string, deps: BulkRerouteDeps, page: { limit: number; cursor?: string }): Promise<{ job: BulkReroute; candidates: BulkCandidate[]; cursor?: string }> {
  const job = await deps.bulk.getBulkReroute(id);
  if (!job) throw new NotFoundError('bulk_reroute_not_found', `no bulk reroute '${id}'`);
  return { job, ...(await deps.bulk.listBulkCandidates(id, page.limit, page.cursor)) };
}

/** Ops approve the dry run: the job moves exactly its candidates. Applying an applying/applied job returns it as is. */
export async function applyBulkReroute(id: string, caller: { sub: string }, deps: BulkRerouteDeps): Promise<BulkReroute> {
  const job = await deps.bulk.getBulkReroute(id);
  if (!job) throw new NotFoundError('bulk_reroute_not_found', `no bulk reroute '${id}'`);
  if (job.status === 'applying' || job.status === 'applied') return job;
  if (job.status === 'previewing') throw new ConflictError('bulk_reroute_not_previewed', 'the dry run is still running: apply once its status is previewed');
  const { cursor: _previewDone, ...rest } = job;
  const next: BulkReroute = { ...rest, status: 'applying', appliedBy: caller.sub, appliedAt: (deps.now ?? (() => new Date()))().toISOString(), version: job.version + 1 };
  await deps.bulk.saveBulkPage(next, job.version, []);
  return next;
}

/** The rule on one listed tasker: from the list itself, or from the tasker's evidence read by key (never a Scan). */
async function verdictOf(rule: BulkReroute['rule'], tasker: TaskerListEntry, deps: BulkRerouteJobDeps): Promise<{ moves: boolean; why: string }> {
  if (rule.kind === 'error-tag-rate') {
    if (!deps.responses) throw new Error('an error-tag-rate bulk reroute needs the recent response reader (deps.responses)');
    return errorTagRateVerdict(rule, await deps.responses.recentResponses(tasker.taskerId, rule.skill, rule.lastN));
  }
  if (rule.kind !== 'quality-below') return ruleVerdict(rule, tasker);
  if (!deps.signals) throw new Error('a quality-below bulk reroute needs the quality signal store (deps.signals)');
  return qualityVerdict(rule, await deps.signals.listQualitySignals(tasker.taskerId, rule.skill, rule.lastN));
}

async function previewPage(job: BulkReroute, deps: BulkRerouteJobDeps): Promise<BulkReroute> {
  const page = await deps.directory.listTaskersOnTrack(ruleListFilter(job.rule, job.fromTrack), { limit: BULK_PAGE, ...(job.cursor ? { cursor: job.cursor } : {}) });
  const candidates: BulkCandidate[] = [];
  for (const tasker of page.taskers) {
    const verdict = await verdictOf(job.rule, tasker, deps);
    if (verdict.moves) candidates.push({ taskerId: tasker.taskerId, why: verdict.why });
  }
  const { cursor: _old, ...rest } = job;
  const done = page.cursor === undefined;
  const next: BulkReroute = {
    ...rest,
    version: job.version + 1,
    counts: { ...job.counts, examined: job.counts.examined + page.examined, candidates: job.counts.candidates + candidates.length },
    ...(done ? { status: 'previewed', previewedAt: (deps.now ?? (() => new Date()))().toISOString() } : { cursor: page.cursor }),
  };
  await deps.bulk.saveBulkPage(next, job.version, candidates);
  return next;
}

async function applyPage(job: BulkReroute, deps: BulkRerouteJobDeps): Promise<BulkReroute> {
  const page = await deps.bulk.listBulkCandidates(job.id, BULK_PAGE, job.cursor);
  const outcomes: BulkCandidate[] = [];
  let moved = 0;
  let skipped = 0;
  for (const c of page.candidates) {
    if (c.outcome) continue;
    try {
      const { move } = await moveTaskerTrack(
        { taskerId: c.taskerId, to: job.toTrack, reason: `${job.reason} (bulk reroute ${job.id}: ${c.why})`, actor: { kind: 'person', sub: job.appliedBy ?? job.createdBy }, requestKey: `bulk-${job.id}`, onlyFrom: job.fromTrack },
        deps,
      );
      outcomes.push({ ...c, outcome: 'moved', moveId: move.id });
      moved++;
    } catch (error) {
      const why = error instanceof ConflictError && error.code === TRACK_NOT_EXPECTED ? error.message : error instanceof NotFoundError ? 'the tasker is gone' : undefined;
      if (why === undefined) throw error;
      outcomes.push({ ...c, outcome: 'skipped', outcomeWhy: why });
      skipped++;
    }
  }
  const { cursor: _old, ...rest } = job;
  const done = page.cursor === undefined;
  const next: BulkReroute = {
    ...rest,
    version: job.version + 1,
    counts: { ...job.counts, moved: job.counts.moved + moved, skipped: job.counts.skipped + skipped },
    ...(done ? { status: 'applied', finishedAt: (deps.now ?? (() => new Date()))().toISOString() } : { cursor: page.cursor! }),
  };
  await deps.bulk.saveBulkPage(next, job.version, outcomes);
  return next;
}

/**
 * One run of the scheduled job: works the active jobs page by page until `budgetMs` is spent. A page lost to a crash
 * is redone from the job's last saved cursor: the preview rewrites the same candidates, the apply finds each move
 * already made under its request key (it counts as moved; nothing is written twice).
 */
export async function runBulkReroutes(deps: BulkRerouteJobDeps, budgetMs: number): Promise<{ jobs: number; pages: number; finished: string[] }> {
  const started = Date.now();
  const ids = await deps.bulk.listActiveBulkReroutes(10);
  let pages = 0;
  const finished: string[] = [];
  for (const id of ids) {
    let job = await deps.bulk.getBulkReroute(id);
    while (job && (job.status === 'previewing' || job.status === 'applying') && Date.now() - started < budgetMs) {
      try {
        job = job.status === 'previewing' ? await previewPage(job, deps) : await applyPage(job, deps);
      } catch (error) {
        // another runner saved this page first: take its state and go on
        if (error instanceof ConflictError && error.code === BULK_CHANGED) {
          job = await deps.bulk.getBulkReroute(id);
          continue;
        }
        throw error;
      }
      pages++;
      if (job.status === 'previewed' || job.status === 'applied') finished.push(`${id}:${job.status}`);
    }
  }
  return { jobs: ids.length, pages, finished };
}
