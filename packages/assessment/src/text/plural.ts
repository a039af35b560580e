// Counts and lists in generated sentences (reasons, messages): "1 attempt", "0 attempts", "coding and math".

/** The form of a noun (or verb) that agrees with n: the singular for exactly 1, else the plural. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return n === 1 ? singular : pluralForm;
}

/** n and the noun that agrees with it: count(1, 'hour') = "1 hour", count(0, 'hour') = "0 hours", count(2.5, 'hour') = "2.5 hours". */
export function count(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${plural(n, singular, pluralForm)}`;
}

/** "a", "a and b", "a, b and c" ("" for none). */
export function listOf(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
