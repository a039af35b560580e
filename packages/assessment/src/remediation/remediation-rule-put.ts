// Authoring a remediation rule: each change is a new immutable version; re-sending the current content writes nothing.
import { canonicalJson } from '../blueprints/snapshot';
import { ConflictError, UnprocessableError } from '../errors';
import type { CourseStore } from '../courses/course-put';
import { COURSE_NOT_FOUND } from '../courses/enrollment';
import type { RemediationRule, RemediationRuleBody } from './remediation-rule';

export interface RemediationRuleStore {
  listRemediationRules(): Promise<RemediationRule[]>;
  getRemediationRule(id: string): Promise<RemediationRule | undefined>;
  /** writes version `rule.version` and the current pointer, iff the current is still `rule.version − 1` (none for 1); else ConflictError */
  putRemediationRule(rule: RemediationRule): Promise<void>;
}

export const REMEDIATION_RULE_CHANGED = 'remediation_rule_changed';

const contentOf = (r: RemediationRuleBody) => ({ title: r.title, enabled: r.enabled, when: r.when, fromTracks: r.fromTracks ?? null, moveTo: r.moveTo, courseId: r.courseId ?? null });

/**
 * A rule naming a course that does not exist would move taskers into remediation with nothing to take: refused
 * (422 `course_not_found` naming body.courseId) before anything is written.
 */
export async function putRemediationRule(
  store: RemediationRuleStore,
  input: { id: string; body: RemediationRuleBody; author: string; now: Date },
  courses: Pick<CourseStore, 'getCourse'>,
): Promise<{ rule: RemediationRule; unchanged: boolean }> {
  if (input.body.courseId !== undefined && !(await courses.getCourse(input.body.courseId)))
    throw new UnprocessableError(COURSE_NOT_FOUND, `no course '${input.body.courseId}' (PUT /v1/courses/${input.body.courseId})`, { field: 'body.courseId' });
  const content = canonicalJson(contentOf(input.body));
  for (let attempt = 1; ; attempt++) {
    const current = await store.getRemediationRule(input.id);
    if (current && canonicalJson(contentOf(current)) === content) return { rule: current, unchanged: true };
    const rule: RemediationRule = { ...input.body, id: input.id, version: (current?.version ?? 0) + 1, updatedAt: input.now.toISOString(), updatedBy: input.author };
    try {
      await store.putRemediationRule(rule);
      return { rule, unchanged: false };
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      if (attempt >= 3) throw new ConflictError(REMEDIATION_RULE_CHANGED, `rule '${input.id}' kept changing under concurrent writes: read it again and retry`);
    }
  }
}
