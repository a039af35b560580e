import * as z from 'zod';
import { type FieldProblem, RequestValidationError } from './http-errors';

export type RequestPart = 'body' | 'path' | 'query' | 'headers';

function problemsOf(part: RequestPart, error: z.ZodError): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    // unknown keys are reported once per key so the caller sees each offending field
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: [part, ...issue.path.map(String), key].join('.'),
        message: 'unknown field',
      }));
    }
    return [{ path: [part, ...issue.path.map(String)].join('.'), message: issue.message }];
  });
}

/**
 * Validates every part of a request and reports all problems at once
 * (a client fixing one field at a time is a bad experience).
 */
export function validateParts<T extends Partial<Record<RequestPart, unknown>>>(
  parts: { [K in RequestPart]?: { schema: z.ZodType; value: unknown } },
): T {
  const problems: FieldProblem[] = [];
  const out: Partial<Record<RequestPart, unknown>> = {};
  for (const part of ['path', 'query', 'headers', 'body'] as const) {
    const entry = parts[part];
    if (!entry) continue;
    if (part === 'body' && entry.value === undefined) {
      problems.push({ path: 'body', message: 'a JSON body is required' });
      continue;
    }
    const result = entry.schema.safeParse(entry.value);
    if (result.success) out[part] = result.data;
    else problems.push(...problemsOf(part, result.error));
  }
  if (problems.length > 0) throw new RequestValidationError(problems);
  return out as T;
}
