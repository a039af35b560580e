// Plants a tasker's placement or quiz session with scored answers the way the stores write them: the STATE row with
// its gsi1 TASKER# entry, and one RESP row per answer (the fields the response log and the rules read).
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../src/keys';

export interface PlantedAnswer {
  skill?: string;
  itemId: string;
  score: number;
  errorTag?: string;
  at: string;
  pilot?: true;
}

export async function plantSession(
  db: DynamoDBDocumentClient,
  table: string,
  session: { kind: 'placement' | 'quiz'; id: string; taskerId: string; createdAt: string; answers: readonly PlantedAnswer[] },
): Promise<void> {
  const { kind, id, taskerId, createdAt } = session;
  const state = kind === 'placement' ? { ...keys.placement(id), ...keys.placementByTasker(taskerId, createdAt, id), entity: 'placement' } : { ...keys.quiz(id), ...keys.quizByTasker(taskerId, createdAt, id), entity: 'quiz' };
  await db.send(new PutCommand({ TableName: table, Item: { ...state, id, taskerId, createdAt, status: 'completed' } }));
  for (const [i, a] of session.answers.entries()) {
    const seq = i + 1;
    const row = kind === 'placement' ? keys.placementResponse(id, seq) : keys.quizResponse(id, seq);
    const owner = kind === 'placement' ? { entity: 'response', placementId: id } : { entity: 'quiz-response', sessionId: id, context: 'quiz', reply: '{"padding":"a stored reply"}' };
    await db.send(new PutCommand({ TableName: table, Item: { ...row, ...keys.responseByDay(a.at, row), ...owner, taskerId, seq, answer: 'A', ...a, errorTag: a.errorTag ?? (kind === 'quiz' ? null : undefined) } }));
  }
}
