import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK, type SignJWT } from 'jose';
import { DEV_ALGORITHM } from './dev-issuer';

/** jose's asymmetric key type (WebCrypto CryptoKey), without naming the DOM global. */
export type SigningKey = Exclude<Parameters<SignJWT['sign']>[0], Uint8Array>;

/** The local issuer's key pair: the private key signs dev tokens, the JWKS verifies them. */
export interface IssuerKeys {
  kid: string;
  privateKey: SigningKey;
  jwks: JSONWebKeySet;
}

interface StoredKey {
  kid: string;
  alg: string;
  privateJwk: JWK;
}

export const ISSUER_KEY_FILE = 'dev-issuer.private.jwk.json';

/** A fresh in-memory key pair (tests). */
export async function generateIssuerKeys(): Promise<IssuerKeys> {
  return fromStored(await generateStoredKey());
}

/**
 * The persisted key pair under `dir`, created on first use. Persisted so that tokens from
 * `npm run token` keep working across server restarts. Created with an atomic link so two
 * processes starting at once (server and token CLI) still agree on one key.
 */
export async function loadOrCreateIssuerKeys(dir: string): Promise<IssuerKeys> {
  const file = join(dir, ISSUER_KEY_FILE);
  try {
    return await fromStored(JSON.parse(readFileSync(file, 'utf8')) as StoredKey);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read ${file}: ${String(error)}`);
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(await generateStoredKey(), null, 2), { mode: 0o600 });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  return fromStored(JSON.parse(readFileSync(file, 'utf8')) as StoredKey);
}

async function generateStoredKey(): Promise<StoredKey> {
  const { privateKey } = await generateKeyPair(DEV_ALGORITHM, { extractable: true });
  return { kid: `theta-dev-${randomUUID()}`, alg: DEV_ALGORITHM, privateJwk: await exportJWK(privateKey) };
}

async function fromStored(stored: StoredKey): Promise<IssuerKeys> {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = stored.privateJwk;
  const privateKey = await importJWK(stored.privateJwk, stored.alg);
  if (privateKey instanceof Uint8Array) throw new Error('issuer key must be an asymmetric key');
  return {
    kid: stored.kid,
    privateKey,
    jwks: { keys: [{ ...publicJwk, kid: stored.kid, alg: stored.alg, use: 'sig' }] },
  };
}
