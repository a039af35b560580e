import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDevTokenSigner, createJwtAuthorizer, DEV_AUDIENCE, DEV_ISSUER, loadOrCreateIssuerKeys } from '@theta/local';
import { ISSUER_KEY_FILE } from '../src/auth/issuer-keys';

describe('persisted issuer keys (.data/keys)', () => {
  let dir: string;
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'theta-keys-')), 'keys');
  });
  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it('creates the key once, private to the user, and reloads the same key afterwards', async () => {
    const [a, b] = await Promise.all([loadOrCreateIssuerKeys(dir), loadOrCreateIssuerKeys(dir)]);
    expect(a.kid).toBe(b.kid);
    expect(statSync(join(dir, ISSUER_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(a.jwks.keys[0]).not.toHaveProperty('d'); // the JWKS is public

    const token = await createDevTokenSigner(a)({ sub: 'u1', roles: ['author'] });
    const reloaded = await loadOrCreateIssuerKeys(dir);
    const verdict = await createJwtAuthorizer({ jwks: reloaded.jwks, issuer: DEV_ISSUER, audience: [DEV_AUDIENCE] })(`Bearer ${token}`);
    expect(verdict).toMatchObject({ authorized: true, claims: { sub: 'u1', 'cognito:groups': '[author]' } });
  });
});
