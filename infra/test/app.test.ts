// The real route table (functions/routes.ts), bundled by the local esbuild exactly as `cdk synth`
// does: every route gets a function and an API route, and every bundle loads as an ES module.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { JOBS } from '@theta/functions/jobs';
import { ROUTES } from '@theta/functions/routes';
import { synth, type Synthesized } from './helpers';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

type Resources = Record<string, { Properties: Record<string, unknown> }>;

let dev: Synthesized;
let assemblyDir: string;

beforeAll(() => {
  dev = synth({ context: { stage: 'dev' }, bundle: true });
  assemblyDir = dev.app.synth().directory;
}, 120_000);

test('every route in ROUTES has a function and an API route with the right authorization', () => {
  expect(dev.stack.functions.size).toBe(ROUTES.length);
  for (const route of ROUTES) {
    const [apiRoute] = Object.values(
      dev.template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: `${route.method} ${route.path}` } }) as Resources,
    );
    expect(apiRoute?.Properties.AuthorizationType).toBe(route.public ? 'NONE' : 'JWT');
  }
});

test('every bundle is minified ESM with the createRequire banner, a linked source map, and imports only what nodejs22.x provides', () => {
  // the runtime provides node: builtins and AWS SDK v3; we stand in for it with our installed SDK
  const runtimeDir = path.join(REPO_ROOT, 'node_modules', '.cache', 'theta-infra-app-test');
  rmSync(runtimeDir, { recursive: true, force: true });
  mkdirSync(runtimeDir, { recursive: true });
  const functions = Object.values(dev.template.findResources('AWS::Lambda::Function') as Resources);
  expect(functions).toHaveLength(ROUTES.length + JOBS.length + 3); // + the scheduled jobs, two stream consumers (outbox publisher, analytics) and the lake purge
  for (const fn of functions) {
    const s3Key = (fn.Properties.Code as { S3Key: string }).S3Key;
    const bundleDir = path.join(assemblyDir, `asset.${s3Key.replace(/\.zip$/, '')}`);
    const bundle = readFileSync(path.join(bundleDir, 'index.mjs'), 'utf8');
    expect(bundle.startsWith("import { createRequire as __thetaCreateRequire } from 'node:module';")).toBe(true);
    expect(bundle).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
    expect(existsSync(path.join(bundleDir, 'index.mjs.map'))).toBe(true);
    const bareImports = [...bundle.matchAll(/(?:\bfrom|\bimport)\s*["']([@a-z][\w@/.:-]*)["']/g)].map((m) => m[1] as string);
    expect(bareImports).toContain('node:module'); // the banner: proves the pattern sees import statements
    for (const specifier of bareImports) expect(specifier).toMatch(/^(node:|@aws-sdk\/|@smithy\/)/);
    const runtimeCopy = path.join(runtimeDir, s3Key.replace(/\.zip$/, ''));
    cpSync(bundleDir, runtimeCopy, { recursive: true });

    // Import the bundle in a fresh Node process: proves the ESM output and its banner actually load.
    const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
    for (const [key, value] of Object.entries((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables)) {
      env[key] = typeof value === 'string' ? value : `placeholder-${key.toLowerCase()}`;
    }
    const exported = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `const m = await import(${JSON.stringify(path.join(runtimeCopy, 'index.mjs'))}); console.log(typeof m.handler);`],
      { env, encoding: 'utf8' },
    );
    expect(exported.trim()).toBe('function');
  }
});
