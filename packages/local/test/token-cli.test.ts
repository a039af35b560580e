import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJwtAuthorizer, DEV_AUDIENCE, DEV_ISSUER, loadOrCreateIssuerKeys, REPO_ROOT } from '@theta/local';

describe('npm run token', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'theta-data-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'packages/local/src/cli/token.ts', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, THETA_DATA_DIR: dataDir },
      encoding: 'utf8',
    });

  it('prints a token the server (same .data/keys) accepts', async () => {
    const result = run('--role', 'ops', '--role', 'tasker', '--sub', 'cli-user', '--ttl', '600');
    expect(result.status).toBe(0);
    const token = result.stdout.trim();
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const keys = await loadOrCreateIssuerKeys(join(dataDir, 'keys'));
    const verdict = await createJwtAuthorizer({ jwks: keys.jwks, issuer: DEV_ISSUER, audience: [DEV_AUDIENCE] })(`Bearer ${token}`);
    expect(verdict).toMatchObject({ authorized: true, claims: { sub: 'cli-user', 'cognito:groups': '[ops tasker]' } });
  });

  it.each([
    [['--sub', 'x'], /--role is required/],
    [['--role', 'admin', '--sub', 'x'], /unknown role "admin"/],
    [['--role', 'ops'], /--sub is required/],
    [['--role', 'ops', '--sub', 'x', '--ttl', 'soon'], /--ttl must be a positive/],
    [['--role', 'ops', '--sub', 'x', '--ttl', '0'], /--ttl must be a positive/],
    [['--role', 'ops', '--sub', 'x', '--bogus'], /Unknown option '--bogus'/],
  ])('exits 2 with a usage message for %j', (args, message) => {
    const result = run(...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/usage: npm run -s token/);
    expect(result.stdout).toBe('');
  });
});
