// What a completed placement or quiz sets off (docs/remediation.md, docs/courses.md): remediation rules on the new
// proficiency (rules: bank), the one-tasker move (taskers) checked against the track definitions (bank), the course
// and the enrollment (bank, taskers), and the exit re-assessment's schedule (the tasker's placement slot: sessions).
import { placementCompletionHook, quizCompletionHook, taggedAnswerHook, type CompletionHookDeps } from '@theta/assessment';
import { DynamoRecentResponseReader, documentClient, tableName } from '@theta/store';
import { courseStore, enrollmentStore } from '../courses/course-stores';
import { trackDefinitionStore } from '../tracks/track-definition-store';
import { reassessmentDeps, remediationRuleStore, trackDeps } from '../wiring';

export function completionHookDeps(): CompletionHookDeps {
  return {
    ...trackDeps(),
    definitions: trackDefinitionStore(),
    rules: remediationRuleStore(),
    courses: courseStore(),
    enrollments: enrollmentStore(),
    reassessments: reassessmentDeps(),
    now: () => new Date(),
  };
}

export const placementCompletion = () => placementCompletionHook(completionHookDeps());
export const quizCompletion = () => quizCompletionHook(completionHookDeps());
// an answer choosing a tagged option: the error-tag-rate rules, on the tasker's newest answers (sessions)
export const taggedQuizAnswer = () => taggedAnswerHook({ ...completionHookDeps(), responses: new DynamoRecentResponseReader(documentClient(), tableName('sessions')) });
