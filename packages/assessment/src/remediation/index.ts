export * from './remediation-rule';
export * from './remediation-rule-put';
export * from './record-quality-signal';
