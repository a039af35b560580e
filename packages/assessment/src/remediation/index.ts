export * from './remediation-rule';
export * from './remediation-rule-put';
export * from './record-quality-signal';
export * from './apply-rule';
export * from './proficiency-rules';
export * from './completion-hooks';
