// errorTagRate and the error-tag-rate verdicts (automatic rule and bulk reroute): counts of hand-made answers, the
// bar strictly exceeded, the newest lastN only, minResponses awaited.
import { errorTagRate, errorTagRuleFires, RemediationRuleBodySchema, type RecentResponse, type RemediationRule } from '../src/remediation';
import { errorTagRateVerdict, type ErrorTagRateBulkRule } from '../src/tracks/bulk-reroute-rule';

const answer = (errorTag: string | null, k = 0): RecentResponse => ({ itemId: `i-${k}`, errorTag, score: errorTag ? 0 : 1, at: `2026-12-01T00:00:0${k}.000Z` });
const when = { kind: 'error-tag-rate' as const, skill: 'math', tag: 'unit-error', above: 0.5, lastN: 4, minResponses: 3 };
const rule: RemediationRule = { id: 'r', version: 2, title: 't', enabled: true, when, moveTo: 'remedial:math', updatedAt: '', updatedBy: 'a' };

describe('errorTagRate', () => {
  it('counts the answers choosing the tag among all of them', () => {
    expect(errorTagRate([answer('unit-error'), answer(null), answer('arithmetic-slip'), answer('unit-error')], 'unit-error')).toEqual({ rate: 0.5, n: 4, tagged: 2 });
    expect(errorTagRate([], 'unit-error')).toEqual({ rate: 0, n: 0, tagged: 0 });
  });
});

describe('error-tag-rate verdicts', () => {
  it('fires above the bar over the newest lastN, not at it; older answers do not count', () => {
    // newest 4: tagged, tagged, tagged, other → 3 of 4 (75%); the 5th (untagged) is outside
    const many = [answer('unit-error'), answer('unit-error'), answer('unit-error'), answer('arithmetic-slip'), answer(null)];
    expect(errorTagRuleFires(rule, many, 'generalist')).toEqual({ fires: true, why: '3 of 4 recent math answers chose options tagged unit-error (75%) > 50%' });
    // exactly 50%: not above
    expect(errorTagRuleFires(rule, [answer('unit-error'), answer(null), answer('unit-error'), answer(null)], 'generalist')).toEqual({ fires: false, why: '2 of 4 recent math answers chose options tagged unit-error (50%) ≤ 50%' });
  });

  it('waits for minResponses, and never acts on the track it moves to', () => {
    expect(errorTagRuleFires(rule, [answer('unit-error'), answer('unit-error')], 'generalist')).toEqual({ fires: false, why: '2 of 3 recent math answers needed' });
    expect(errorTagRuleFires(rule, [answer('unit-error'), answer('unit-error'), answer('unit-error')], 'remedial:math').fires).toBe(false);
  });

  it('the bulk reroute says the same words', () => {
    const bulk: ErrorTagRateBulkRule = when;
    expect(errorTagRateVerdict(bulk, [answer('unit-error'), answer('unit-error'), answer(null)])).toEqual({ moves: true, why: '2 of 3 recent math answers chose options tagged unit-error (66.7%) > 50%' });
  });

  it('the rule body refuses minResponses above lastN and fills the defaults', () => {
    const body = { title: 't', moveTo: 'remedial:math' };
    const bad = RemediationRuleBodySchema.safeParse({ ...body, when: { ...when, minResponses: 5 } });
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['when.minResponses']);
    expect(RemediationRuleBodySchema.parse({ ...body, when: { kind: 'error-tag-rate', skill: 'math', tag: 'unit-error', above: 0.3 } }).when).toEqual({ kind: 'error-tag-rate', skill: 'math', tag: 'unit-error', above: 0.3, lastN: 20, minResponses: 5 });
  });
});
