import * as z from 'zod';

// Read once at module load: a bad environment fails the cold start, not a request.
const HttpConfigSchema = z.object({
  THETA_STAGE: z.enum(['local', 'dev', 'staging', 'prod']).default('local'),
  THETA_MAX_BODY_BYTES: z.coerce.number().int().positive().max(10 * 1024 * 1024).default(64 * 1024),
});

export type HttpConfig = z.infer<typeof HttpConfigSchema>;

export function parseHttpConfig(env: NodeJS.ProcessEnv): HttpConfig {
  const parsed = HttpConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  return parsed.data;
}

export const httpConfig: HttpConfig = parseHttpConfig(process.env);
