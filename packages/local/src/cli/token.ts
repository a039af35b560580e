// npm run -s token -- --role <role> [--role <role>...] --sub <id> [--ttl <seconds>]
// Prints one dev token (signed with the key in .data/keys, which `npm start` trusts) on stdout.
import { parseArgs } from 'node:util';
import { DEV_ROLES, type DevRole, isDevRole } from '../auth/dev-issuer';
import { DEFAULT_TOKEN_TTL_SECONDS, signDevToken } from '../auth/dev-tokens';

const USAGE = `usage: npm run -s token -- --role <role> [--role <role>...] --sub <id> [--ttl <seconds>]
  --role  one of: ${DEV_ROLES.join(', ')} (repeat for several; they become cognito:groups)
  --sub   the subject (user id) the token speaks for
  --ttl   lifetime in seconds (default ${DEFAULT_TOKEN_TTL_SECONDS})`;

function fail(message: string): never {
  console.error(`error: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function parse(argv: string[]): { roles: DevRole[]; sub: string; ttlSeconds: number } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        role: { type: 'string', multiple: true },
        sub: { type: 'string' },
        ttl: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const roles = (values.role ?? []).flatMap((r) => r.split(',')).map((r) => r.trim()).filter((r) => r !== '');
  if (roles.length === 0) fail('--role is required');
  const unknown = roles.filter((r) => !isDevRole(r));
  if (unknown.length > 0) fail(`unknown role ${unknown.map((r) => `"${r}"`).join(', ')}`);
  if (!values.sub || values.sub.trim() === '') fail('--sub is required');
  const ttlSeconds = values.ttl === undefined ? DEFAULT_TOKEN_TTL_SECONDS : Number(values.ttl);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) fail(`--ttl must be a positive whole number of seconds, got "${values.ttl}"`);
  return { roles: roles as DevRole[], sub: values.sub, ttlSeconds };
}

const { roles, sub, ttlSeconds } = parse(process.argv.slice(2));
console.log(await signDevToken({ sub, roles, ttlSeconds }));
