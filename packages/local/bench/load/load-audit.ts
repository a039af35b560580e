// The load run's audit, after the faults, on a healthy database: every answer the API acknowledged is stored
// exactly once with the option that was sent (read back as the response log export reads it); every completed
// placement reads back with the track and θ its final reply gave, and the tasker's record agrees (track,
// proficiency history from that placement, and from the quiz); every quiz counts the answers acknowledged.
import type { ResponseLogRecord } from '@theta/irt';
import type { DynamoResponseLogStore } from '@theta/store';
import { QUIZ_SKILL } from '../tasker-flow';
import type { LoadTaskerResult } from './load-tasker';
import type { ResilientCaller } from './resilient-caller';

export interface AuditReport {
  acknowledged: number;
  storedOnce: number;
  lost: string[];
  duplicated: string[];
  corrupted: string[];
  /** stored answers the client never saw acknowledged (its last try gave up): not lost, reported */
  storedUnacknowledged: number;
  placementsCompleted: number;
  placementsConsistent: number;
  quizzesCompleted: number;
  inconsistent: string[];
}

const TOLERANCE = 1e-9;

async function readAllResponses(reader: DynamoResponseLogStore, from: string): Promise<ResponseLogRecord[]> {
  const all: ResponseLogRecord[] = [];
  let cursor: string | undefined;
  // the cursor belongs to one range: fix its end once
  const to = new Date(Date.now() + 1000).toISOString();
  do {
    const page = await reader.readResponsePage({ from, to, ...(cursor ? { cursor } : {}) });
    all.push(...page.records);
    cursor = page.cursor;
  } while (cursor);
  return all;
}

export async function auditLoadRun(input: {
  results: LoadTaskerResult[];
  reader: DynamoResponseLogStore;
  from: string;
  caller: ResilientCaller;
  onboardingToken: string;
  tokenOf: (taskerId: string) => Promise<string>;
}): Promise<AuditReport> {
  const report: AuditReport = { acknowledged: 0, storedOnce: 0, lost: [], duplicated: [], corrupted: [], storedUnacknowledged: 0, placementsCompleted: 0, placementsConsistent: 0, quizzesCompleted: 0, inconsistent: [] };
  const ours = new Set(input.results.flatMap((r) => [r.placementId, r.quizId].filter((id): id is string => id !== undefined)));
  const stored = new Map<string, ResponseLogRecord[]>();
  for (const record of await readAllResponses(input.reader, input.from)) {
    if (!record.sessionId || !ours.has(record.sessionId)) continue;
    const key = `${record.sessionId}|${record.itemId}`;
    stored.set(key, [...(stored.get(key) ?? []), record]);
  }
  const acknowledgedKeys = new Set<string>();
  for (const answer of input.results.flatMap((r) => r.acknowledged)) {
    report.acknowledged++;
    const key = `${answer.sessionId}|${answer.itemId}`;
    acknowledgedKeys.add(key);
    const rows = stored.get(key) ?? [];
    const label = `${answer.context} ${answer.sessionId} #${answer.position} ${answer.itemId}`;
    if (rows.length === 0) report.lost.push(label);
    else if (rows.length > 1) report.duplicated.push(`${label} ×${rows.length}`);
    else if (rows[0]!.answer !== answer.option) report.corrupted.push(`${label}: sent ${answer.option}, stored ${String(rows[0]!.answer)}`);
    else report.storedOnce++;
  }
  for (const key of stored.keys()) if (!acknowledgedKeys.has(key)) report.storedUnacknowledged++;

  for (const r of input.results) {
    if (r.placement) {
      report.placementsCompleted++;
      const problems = await checkPlacement(r, input);
      if (problems.length === 0) report.placementsConsistent++;
      else report.inconsistent.push(...problems.map((p) => `${r.taskerId}: ${p}`));
    }
    if (r.quizCompleted) report.quizzesCompleted++;
    if (r.quizId) report.inconsistent.push(...(await checkQuiz(r, input)).map((p) => `${r.taskerId}: ${p}`));
  }
  return report;
}

async function getJson<T>(input: { caller: ResilientCaller }, route: string, path: string, token: string): Promise<T | undefined> {
  const response = await input.caller.call(route, 'GET', path, { token });
  return response ? (JSON.parse(response.body) as T) : undefined;
}

interface TaskerView {
  track?: { track: string };
  history: { skill: string; theta: number; source: { kind: string; id: string } }[];
}

async function checkPlacement(r: LoadTaskerResult, input: Parameters<typeof auditLoadRun>[0]): Promise<string[]> {
  const problems: string[] = [];
  const seen = r.placement!;
  const placement = await getJson<{ status: string; result?: { track: string | null; skills: Record<string, { theta: number }>; itemsAdministered: string[] } }>(input, 'GetPlacement', `/v1/placements/${r.placementId}`, input.onboardingToken);
  if (!placement?.result || placement.status !== 'completed') return [`placement ${r.placementId} reads back ${placement?.status ?? 'unreadable'}, the client saw it completed`];
  if (placement.result.track !== seen.track) problems.push(`placement track ${String(placement.result.track)}, final reply said ${String(seen.track)}`);
  const answered = r.acknowledged.filter((a) => a.context === 'placement').map((a) => a.itemId);
  if (placement.result.itemsAdministered.join() !== answered.join()) problems.push(`items administered [${placement.result.itemsAdministered.join()}] ≠ acknowledged [${answered.join()}]`);
  for (const [skill, s] of Object.entries(seen.skills)) {
    const back = placement.result.skills[skill];
    if (!back || Math.abs(back.theta - s.theta) > TOLERANCE) problems.push(`${skill}: θ ${s.theta} in the reply, ${String(back?.theta)} stored`);
  }
  const tasker = await getJson<TaskerView>(input, 'GetTasker', `/v1/taskers/${r.taskerId}`, await input.tokenOf(r.taskerId));
  if (!tasker) return [...problems, 'the tasker does not read back'];
  // a withheld placement routes nobody; a routed one sets the track (no rule in the demo data moves anyone after it)
  if (seen.track !== null && tasker.track?.track !== seen.track) problems.push(`tasker track ${String(tasker.track?.track)}, placement routed to ${seen.track}`);
  for (const [skill, s] of Object.entries(seen.skills)) {
    const entry = tasker.history.find((h) => h.skill === skill && h.source.id === r.placementId);
    if (!entry || Math.abs(entry.theta - s.theta) > TOLERANCE) problems.push(`${skill}: no proficiency history entry from placement ${r.placementId} with θ ${s.theta}`);
  }
  if (r.quizCompleted && !tasker.history.some((h) => h.skill === QUIZ_SKILL && h.source.kind === 'quiz' && h.source.id === r.quizId)) problems.push(`no proficiency history entry from quiz ${r.quizId}`);
  return problems;
}

async function checkQuiz(r: LoadTaskerResult, input: Parameters<typeof auditLoadRun>[0]): Promise<string[]> {
  const quiz = await getJson<{ status: string; progress: { answered: number } }>(input, 'GetQuiz', `/v1/quizzes/${r.quizId}`, await input.tokenOf(r.taskerId));
  if (!quiz) return [`quiz ${r.quizId} does not read back`];
  const acknowledged = r.acknowledged.filter((a) => a.context === 'quiz').length;
  const problems: string[] = [];
  if (quiz.progress.answered !== acknowledged) problems.push(`quiz ${r.quizId}: ${quiz.progress.answered} answers stored, ${acknowledged} acknowledged`);
  if ((quiz.status === 'completed') !== r.quizCompleted) problems.push(`quiz ${r.quizId}: status ${quiz.status}, the client saw it ${r.quizCompleted ? 'completed' : 'in progress'}`);
  return problems;
}
