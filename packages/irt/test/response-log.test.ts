import {
  formatResponseLogLine,
  inProcessingOrder,
  parseResponseLog,
  ResponseLogError,
} from '../src/formats/response-log';

const line = (o: Record<string, unknown>) => JSON.stringify({ taskerId: 't1', itemId: 'i1', score: 1, at: '2026-12-01T10:00:00.000Z', ...o });

describe('theta-response-log/v1 reader', () => {
  it('reads the example line of FORMATS.md with every field', () => {
    const text =
      '{"responseId":"r-00017","taskerId":"t-0042","itemId":"i0137","score":1,"at":"2026-12-01T10:00:03.000Z",' +
      '"sessionId":"pl-9","context":"placement","answer":"B","errorTag":null,"elapsedMs":8200,' +
      '"skill":"math","thetaBefore":0.41,"seBefore":0.52,"courseId":null,"variant":null}\n';
    const { records } = parseResponseLog(text, { file: 'log.jsonl' });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ line: 1, taskerId: 't-0042', itemId: 'i0137', score: 1, skill: 'math', thetaBefore: 0.41 });
    expect(records[0]!.atMs).toBe(Date.UTC(2026, 11, 1, 10, 0, 3));
  });

  it('ignores unknown fields and blank lines, and numbers lines as the file does', () => {
    const text = `\n${line({ extra: { nested: true } })}\n\n${line({ itemId: 'i2' })}\n`;
    const { records } = parseResponseLog(text, { file: 'f' });
    expect(records.map((r) => [r.line, r.itemId])).toEqual([
      [2, 'i1'],
      [4, 'i2'],
    ]);
  });

  it.each([
    [{ taskerId: '' }, 'taskerId'],
    [{ itemId: 3 }, 'itemId'],
    [{ score: 0.5 }, 'score'],
    [{ score: -1 }, 'score'],
    [{ at: '2026-12-01' }, 'at'],
    [{ at: '2026-13-45T99:00:00Z' }, 'at'],
    [{ context: 'exam' }, 'context'],
    [{ elapsedMs: -5 }, 'elapsedMs'],
    [{ seBefore: 0 }, 'seBefore'],
    [{ answer: 7 }, 'answer'],
  ])('rejects %j naming %s and the line', (patch, field) => {
    const text = `${line({})}\n${line(patch)}\n`;
    expect(() => parseResponseLog(text, { file: 'log.jsonl' })).toThrow(new RegExp(`^log\\.jsonl:2: ${field}: `));
  });

  it('reports invalid JSON with its line, or skips bad lines when told', () => {
    const text = `${line({})}\n{not json\n${line({ score: 'x' })}\n${line({ itemId: 'i9' })}`;
    expect(() => parseResponseLog(text, { file: 'a' })).toThrow(ResponseLogError);
    const { records, skipped } = parseResponseLog(text, { file: 'a', skipBadLines: true });
    expect(records.map((r) => r.itemId)).toEqual(['i1', 'i9']);
    expect(skipped.map((s) => [s.line, s.field])).toEqual([
      [2, '(line)'],
      [3, 'score'],
    ]);
  });

  it('orders by `at` with ties in file order, and counts a responseId once', () => {
    const text = [
      line({ itemId: 'late', at: '2026-12-02T00:00:00Z', responseId: 'r1' }),
      line({ itemId: 'tie-a', at: '2026-12-01T00:00:00+01:00' }),
      line({ itemId: 'tie-b', at: '2026-11-30T23:00:00Z' }),
      line({ itemId: 'dup', at: '2026-11-01T00:00:00Z', responseId: 'r1' }),
      line({ itemId: 'nullid-1', at: '2026-12-03T00:00:00Z', responseId: null }),
      line({ itemId: 'nullid-2', at: '2026-12-03T00:00:00Z', responseId: null }),
    ].join('\n');
    const ordered = inProcessingOrder(parseResponseLog(text, { file: 'f' }).records);
    expect(ordered.map((r) => r.itemId)).toEqual(['tie-a', 'tie-b', 'late', 'nullid-1', 'nullid-2']);
  });

  it('writes lines that read back to the same record', () => {
    const rec = { taskerId: 't', itemId: 'i', score: 2, at: '2026-12-01T10:00:00.000Z', context: 'quiz' as const, courseId: 'c1', variant: 'B' };
    const out = formatResponseLogLine(rec);
    expect(Object.keys(JSON.parse(out) as object)).toEqual([
      'responseId', 'taskerId', 'itemId', 'score', 'at', 'sessionId', 'context', 'answer',
      'errorTag', 'elapsedMs', 'skill', 'thetaBefore', 'seBefore', 'courseId', 'variant',
    ]);
    expect(parseResponseLog(out, { file: 'f' }).records[0]).toMatchObject(rec);
  });
});
