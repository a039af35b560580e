export { applyEvidence, agedPrior, type StoredProficiency, type ProficiencyEvidence, type UpdatedProficiency } from './apply-evidence';
