// Where the erasure's pseudonym key comes from (docs/security.md, "Privacy", "The pseudonym key"), in this order:
// THETA_PSEUDONYM_KEY (the local stack and tests); else the Secrets Manager secret THETA_PSEUDONYM_SECRET_ARN (infra
// passes its ARN, never its value); else, outside AWS only, the fixed versioned key. In AWS without either, erasures
// are refused: the fixed key is public, so its pseudonyms are a plain hash anyone who knows the id can recompute.
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { ServiceUnavailableError } from '@theta/assessment';
import { logger } from '@theta/http';

/** the key outside AWS when none is configured (public: the pseudonym is then a plain hash of the id) */
export const FALLBACK_PSEUDONYM_KEY = 'theta-erasure-pseudonym/v1';

export const PSEUDONYM_KEY_UNAVAILABLE = 'pseudonym_key_unavailable';

export type PseudonymKeySource = () => Promise<string>;

/** a deployed function: Lambda names it, and the local stack (THETA_STAGE=local, packages/local lambda-environment.ts) does not run it */
const inAws = (env: NodeJS.ProcessEnv): boolean => Boolean(env.AWS_LAMBDA_FUNCTION_NAME) && env.THETA_STAGE !== 'local';

const unavailable = (): ServiceUnavailableError =>
  new ServiceUnavailableError(PSEUDONYM_KEY_UNAVAILABLE, "the erasure's pseudonym key is not available; nothing was erased, call again later");

async function readSecret(secretArn: string): Promise<string> {
  let value: unknown;
  try {
    // forceFetch: this module caches the key itself, for the container's life (Powertools' cache expires in 5 s)
    value = await getSecret(secretArn, { forceFetch: true });
  } catch (error) {
    const cause = error instanceof Error ? { name: error.name, message: error.message, cause: String(error.cause ?? '') } : { message: String(error) };
    logger.error('pseudonym key: the secret cannot be read', { secretArn, error: cause });
    throw unavailable();
  }
  if (typeof value !== 'string' || value.length === 0) {
    logger.error('pseudonym key: the secret holds no string', { secretArn });
    throw unavailable();
  }
  return value;
}

/**
 * The key, resolved once per container. Read lazily, on the first erasure: a cold start never waits on (or dies
 * of) a secret only erasures need, and a failed read answers that request 503 and is tried again by the next one.
 * The key never changes (a new key would change every pseudonym), so a read value is kept for good.
 */
export function pseudonymKeySource(env: NodeJS.ProcessEnv = process.env): PseudonymKeySource {
  const explicit = env.THETA_PSEUDONYM_KEY;
  if (explicit) return () => Promise.resolve(explicit);
  const secretArn = env.THETA_PSEUDONYM_SECRET_ARN;
  if (secretArn) {
    let key: Promise<string> | undefined;
    return () =>
      (key ??= readSecret(secretArn).catch((error: unknown) => {
        key = undefined;
        throw error;
      }));
  }
  if (inAws(env)) {
    return () => {
      logger.error('pseudonym key: neither THETA_PSEUDONYM_KEY nor THETA_PSEUDONYM_SECRET_ARN is set; erasure refused');
      return Promise.reject(unavailable());
    };
  }
  return () => Promise.resolve(FALLBACK_PSEUDONYM_KEY);
}
