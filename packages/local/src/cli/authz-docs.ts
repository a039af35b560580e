// npm run docs:authz [-- --check]
// Rewrites the authorization matrix in docs/security.md (between <!-- authz:start --> and <!-- authz:end -->)
// from the route table; --check only reports whether it is stale (exit 1) and writes nothing.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { authorizationMatrix, renderAuthorizationMatrix, replaceAuthzSection } from '@theta/functions/authz-matrix';
import { ROUTES } from '@theta/functions/routes';
import { REPO_ROOT } from '../paths';

const SECURITY_DOC = join(REPO_ROOT, 'docs/security.md');

const current = readFileSync(SECURITY_DOC, 'utf8');
const next = replaceAuthzSection(current, renderAuthorizationMatrix(authorizationMatrix(ROUTES)));
if (process.argv.includes('--check')) {
  if (next !== current) {
    console.error('docs/security.md: the authorization matrix is stale; run npm run docs:authz');
    process.exit(1);
  }
  console.log('docs/security.md: the authorization matrix is up to date');
} else if (next === current) {
  console.log(`docs/security.md: the authorization matrix is up to date (${ROUTES.length} routes)`);
} else {
  writeFileSync(SECURITY_DOC, next);
  console.log(`docs/security.md: the authorization matrix rewritten (${ROUTES.length} routes)`);
}
