// How often a tasker's recent answers on a skill chose an option carrying one error tag (docs/remediation.md): the
// evidence of the `error-tag-rate` rules, both the bulk reroute's and the automatic one. Pure.

/** One scored answer, newest first when listed. */
export interface RecentResponse {
  itemId: string;
  /** the error tag of the chosen option, null when it carries none (a correct answer, or an untagged wrong one) */
  errorTag: string | null;
  score: number;
  at: string;
}

/** The tasker's newest answers on a skill (placements and quizzes), newest first, at most `lastN`. */
export interface RecentResponseReader {
  recentResponses(taskerId: string, skill: string, lastN: number): Promise<RecentResponse[]>;
}

export interface ErrorTagRate {
  /** tagged / n; 0 when there are no answers */
  rate: number;
  n: number;
  tagged: number;
}

export function errorTagRate(responses: readonly RecentResponse[], tag: string): ErrorTagRate {
  const tagged = responses.filter((r) => r.errorTag === tag).length;
  return { rate: responses.length === 0 ? 0 : tagged / responses.length, n: responses.length, tagged };
}

/** What an error-tag-rate rule says, in either place (bulk reroute or automatic rule). */
export interface ErrorTagCondition {
  skill: string;
  tag: string;
  above: number;
  lastN: number;
  minResponses: number;
}

const pct = (x: number) => `${Number((x * 100).toFixed(1))}%`;

/** Whether the tag's rate over the newest `lastN` answers exceeds `above` (with at least `minResponses`); and why. */
export function errorTagVerdict(condition: ErrorTagCondition, responses: readonly RecentResponse[]): { over: boolean; why: string } {
  const { rate, n, tagged } = errorTagRate(responses.slice(0, condition.lastN), condition.tag);
  if (n < condition.minResponses) return { over: false, why: `${n} of ${condition.minResponses} recent ${condition.skill} answers needed` };
  const over = rate > condition.above;
  return { over, why: `${tagged} of ${n} recent ${condition.skill} answers chose options tagged ${condition.tag} (${pct(rate)}) ${over ? '>' : '≤'} ${pct(condition.above)}` };
}
