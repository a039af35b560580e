// The recent-answers reader against DynamoDB Local: a tasker's placements and quizzes found by their gsi1 TASKER#
// entries, each session's RESP rows read by key; newest first across sessions, only the skill asked for, no pilot
// answers, nobody else's sessions; at most the session cap read, and no more sessions once N answers are found.
import { DynamoRecentResponseReader, RECENT_SESSIONS_CAP } from '../src/repositories/recent-responses-repository';
import { useFreshTables } from '../../../test/support/fresh-tables';
import { plantSession, type PlantedAnswer } from './response-fixture';

const tables = useFreshTables('recent');
const at = (day: number, minute: number) => new Date(Date.UTC(2026, 10, day, 9, minute)).toISOString();

// tasker rr-a: sessions on days 1..6, alternately placements and quizzes; each has answers on two skills, one pilot
const sessionsOfA = Array.from({ length: 6 }, (_, s) => ({
  kind: s % 2 === 0 ? ('placement' as const) : ('quiz' as const),
  id: `rr-a-${s}`,
  taskerId: 'rr-a',
  createdAt: at(s + 1, 0),
  answers: [
    { skill: 'fractions', itemId: `f-${s}-1`, score: 0, errorTag: s % 3 === 0 ? 'sign-error' : undefined, at: at(s + 1, 1) },
    { skill: 'geometry', itemId: `g-${s}`, score: 1, at: at(s + 1, 2) },
    { skill: 'fractions', itemId: `f-${s}-p`, score: 0, errorTag: 'sign-error', at: at(s + 1, 3), pilot: true as const },
    { skill: 'fractions', itemId: `f-${s}-2`, score: 1, at: at(s + 1, 4) },
  ] satisfies PlantedAnswer[],
}));
// a quiz of day 6 that overlaps the day-6 placement in time: its answers interleave with the placement's
const overlapping = { kind: 'quiz' as const, id: 'rr-a-x', taskerId: 'rr-a', createdAt: at(6, 0), answers: [{ skill: 'fractions', itemId: 'x-1', score: 0, errorTag: 'unit-slip', at: at(6, 3) }] };

function expectedOfA(lastN: number) {
  return [...sessionsOfA.flatMap((s) => s.answers), ...overlapping.answers]
    .filter((a) => a.skill === 'fractions' && !('pilot' in a && a.pilot))
    .sort((x, y) => (x.at < y.at ? 1 : -1))
    .slice(0, lastN)
    .map((a) => ({ itemId: a.itemId, errorTag: a.errorTag ?? null, score: a.score, at: a.at }));
}

beforeAll(async () => {
  const { doc } = tables.clients;
  for (const s of [...sessionsOfA, overlapping]) await plantSession(doc, tables.names.sessions, s);
  // someone else's answers on the same skill
  await plantSession(doc, tables.names.sessions, { kind: 'quiz', id: 'rr-b-0', taskerId: 'rr-b', createdAt: at(7, 0), answers: [{ skill: 'fractions', itemId: 'b-1', score: 0, errorTag: 'sign-error', at: at(7, 1) }] });
  // rr-c: more sessions than the cap, one fractions answer each
  for (let s = 0; s < RECENT_SESSIONS_CAP + 5; s++)
    await plantSession(doc, tables.names.sessions, { kind: s % 2 ? 'quiz' : 'placement', id: `rr-c-${s}`, taskerId: 'rr-c', createdAt: at(1, s), answers: [{ skill: 'fractions', itemId: `c-${s}`, score: 1, at: at(1, s) }] });
}, 60_000);

describe('recentResponses', () => {
  it('lists the tasker’s answers on the skill across placements and quizzes, newest first, without pilots or other skills', async () => {
    const reader = new DynamoRecentResponseReader(tables.clients.doc, tables.names.sessions);
    expect(await reader.recentResponses('rr-a', 'fractions', 5)).toEqual(expectedOfA(5));
    const all = await reader.recentResponses('rr-a', 'fractions', 200);
    expect(all).toEqual(expectedOfA(200));
    expect(all).toHaveLength(13);
    expect(all.map((r) => r.itemId)).not.toContain('b-1');
  });

  it('reads no more than the newest cap of sessions', async () => {
    const reader = new DynamoRecentResponseReader(tables.clients.doc, tables.names.sessions);
    const got = await reader.recentResponses('rr-c', 'fractions', 200);
    expect(got.map((r) => r.itemId)).toEqual(Array.from({ length: RECENT_SESSIONS_CAP }, (_, k) => `c-${RECENT_SESSIONS_CAP + 4 - k}`));
  });

  it('stops reading sessions once N answers on the skill are found', async () => {
    const { doc } = tables.clients;
    const reader = new DynamoRecentResponseReader(doc, tables.names.sessions);
    const send = jest.spyOn(doc, 'send');
    try {
      const got = await reader.recentResponses('rr-c', 'fractions', 3);
      expect(got.map((r) => r.itemId)).toEqual([`c-${RECENT_SESSIONS_CAP + 4}`, `c-${RECENT_SESSIONS_CAP + 3}`, `c-${RECENT_SESSIONS_CAP + 2}`]);
      // the two index Queries (placements, quizzes), then one Query per session read
      expect(send).toHaveBeenCalledTimes(2 + 3);
    } finally {
      send.mockRestore();
    }
  });

  it('finds nothing for a tasker with no sessions', async () => {
    expect(await new DynamoRecentResponseReader(tables.clients.doc, tables.names.sessions).recentResponses('rr-none', 'fractions', 10)).toEqual([]);
  });
});
