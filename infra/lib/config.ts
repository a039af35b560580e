// Stage configuration: read from CDK context ONCE, validated, then passed down as plain data.
// Nothing below this module calls tryGetContext, so every knob is listed here and in docs/deploy.md.
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as z from 'zod';

export const STAGES = ['dev', 'staging', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Every context key the app reads. Anything else in the context belongs to the CDK itself. */
export const CONTEXT_KEYS = [
  'stage',
  'logRetentionDays',
  'corsOrigins',
  'alarmEmail',
  'logLevel',
  'throttleRateLimit',
  'throttleBurstLimit',
  'account',
  'region',
  'authDomainPrefix',
] as const;

/** What a stage changes when the context does not say otherwise. */
interface StageDefaults {
  logRetentionDays: number;
  logLevel: LogLevel;
  throttleRateLimit: number;
  throttleBurstLimit: number;
}

const STAGE_DEFAULTS: Record<Stage, StageDefaults> = {
  dev: { logRetentionDays: 14, logLevel: 'DEBUG', throttleRateLimit: 50, throttleBurstLimit: 100 },
  staging: { logRetentionDays: 30, logLevel: 'INFO', throttleRateLimit: 100, throttleBurstLimit: 200 },
  prod: { logRetentionDays: 365, logLevel: 'INFO', throttleRateLimit: 500, throttleBurstLimit: 1000 },
};

// CloudWatch accepts only these retention periods; INFINITE is excluded on purpose (every log group expires).
const ALLOWED_RETENTION_DAYS: readonly number[] = Object.values(RetentionDays).filter(
  (v): v is number => typeof v === 'number' && v !== RetentionDays.INFINITE,
);

/** `-c key=value` always yields strings; cdk.json may hold real numbers/arrays. Accept both. */
const optionalInt = z.coerce.number().int().positive().optional();

const originList = z.preprocess(
  (raw) => (typeof raw === 'string' ? raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0) : raw),
  z.array(z.string()).default([]),
);

const RawContextSchema = z.object({
  stage: z.enum(STAGES, { error: `must be one of ${STAGES.join('|')} (e.g. -c stage=dev)` }),
  logRetentionDays: optionalInt.refine((d) => d === undefined || ALLOWED_RETENTION_DAYS.includes(d), {
    message: `must be a CloudWatch retention period: ${ALLOWED_RETENTION_DAYS.join(', ')}`,
  }),
  corsOrigins: originList,
  alarmEmail: z.email().optional(),
  logLevel: z.enum(LOG_LEVELS).optional(),
  throttleRateLimit: optionalInt,
  throttleBurstLimit: optionalInt,
  account: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id').optional(),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-1').optional(),
  // Cognito's rule for hosted-UI prefixes (unique per region; may not contain aws, amazon or cognito)
  authDomainPrefix: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be 1-63 lower-case letters, digits and inner hyphens')
    .refine((p) => !/aws|amazon|cognito/.test(p), 'must not contain aws, amazon or cognito')
    .optional(),
});

export interface StageConfig {
  stage: Stage;
  logRetention: RetentionDays;
  /** exact browser origins allowed by CORS; empty = no CORS preflight configured */
  corsOrigins: string[];
  alarmEmail?: string;
  logLevel: LogLevel;
  throttle: { rateLimit: number; burstLimit: number };
  /** pinned deployment target; both undefined = environment-agnostic stack */
  account?: string;
  region?: string;
  /** keep tables, user pool and logs when the stack is deleted (everything except dev) */
  retainData: boolean;
  /** CloudFormation/API-level deletion protection on tables and the user pool (prod) */
  deletionProtection: boolean;
  /** every Cognito user must enrol a TOTP factor (staging, prod) */
  mfaRequired: boolean;
  /** Cognito threat protection blocks risky sign-ins (staging, prod) rather than only auditing them */
  enforceThreatProtection: boolean;
  /** the hosted-UI domain is https://<authDomainPrefix>.auth.<region>.amazoncognito.com */
  authDomainPrefix: string;
}

function checkOrigin(origin: string, stage: Stage): string | undefined {
  if (origin === '*') return stage === 'dev' ? undefined : `"*" is only allowed in dev`;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return `"${origin}" is not a URL`;
  }
  if (url.origin !== origin) return `"${origin}" must be a bare origin like https://app.example.com (no path or trailing slash)`;
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol !== 'https:' && !(stage === 'dev' && local)) return `"${origin}" must use https (http is allowed only for localhost in dev)`;
  return undefined;
}

const describeValue = (value: unknown): string => (value === undefined ? 'not set' : `got ${JSON.stringify(value)}`);

export class ContextError extends Error {
  override readonly name = 'ContextError';
}

/**
 * Validates the CDK context and derives the stage configuration.
 * @param read returns the raw context value for a key (App#node.tryGetContext)
 */
export function loadStageConfig(read: (key: string) => unknown): StageConfig {
  const raw: Record<string, unknown> = {};
  for (const key of CONTEXT_KEYS) {
    const value = read(key);
    // An empty `-c alarmEmail=` means "not set", not "invalid".
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = RawContextSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `✖ ${i.path.join('.') || 'context'}: ${i.message} (${describeValue(raw[String(i.path[0])])})`);
    throw new ContextError(`Invalid CDK context for Theta:\n${problems.join('\n')}\nSet keys with -c key=value or in cdk.json; docs/deploy.md lists them all.`);
  }
  const ctx = parsed.data;
  const defaults = STAGE_DEFAULTS[ctx.stage];

  const originProblems = ctx.corsOrigins.map((o) => checkOrigin(o, ctx.stage)).filter((p): p is string => p !== undefined);
  if (originProblems.length > 0) {
    throw new ContextError(`Invalid CDK context for Theta:\n✖ corsOrigins: ${originProblems.join('; ')}`);
  }

  const throttle = {
    rateLimit: ctx.throttleRateLimit ?? defaults.throttleRateLimit,
    burstLimit: ctx.throttleBurstLimit ?? defaults.throttleBurstLimit,
  };
  if (throttle.burstLimit < throttle.rateLimit) {
    throw new ContextError(
      `Invalid CDK context for Theta:\n✖ throttleBurstLimit (${throttle.burstLimit}) must be >= throttleRateLimit (${throttle.rateLimit})`,
    );
  }
  if ((ctx.account === undefined) !== (ctx.region === undefined)) {
    throw new ContextError('Invalid CDK context for Theta:\n✖ account and region must be given together (or neither, for an environment-agnostic stack)');
  }

  const hardened = ctx.stage !== 'dev';
  return {
    stage: ctx.stage,
    logRetention: (ctx.logRetentionDays ?? defaults.logRetentionDays) as RetentionDays,
    corsOrigins: ctx.corsOrigins,
    alarmEmail: ctx.alarmEmail,
    logLevel: ctx.logLevel ?? defaults.logLevel,
    throttle,
    account: ctx.account,
    region: ctx.region,
    retainData: hardened,
    deletionProtection: ctx.stage === 'prod',
    mfaRequired: hardened,
    enforceThreatProtection: hardened,
    authDomainPrefix: ctx.authDomainPrefix ?? `theta-${ctx.stage}`,
  };
}
