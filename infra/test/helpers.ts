// Shared synth helpers for the infra tests. Each test file synthesizes once (beforeAll).
import { Template } from 'aws-cdk-lib/assertions';
import type { RouteDefinition } from '@theta/functions/routes';
import { createThetaApp, type ThetaApp } from '../lib/app';
import { FIXTURE_ROUTES } from './fixtures/routes';

/** CDK skips asset bundling for stacks not matched here: assertion tests don't need esbuild output. */
export const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [] as string[] };

export interface Synthesized extends ThetaApp {
  template: Template;
}

export function synth(options: {
  context: Record<string, unknown>;
  routes?: readonly RouteDefinition[];
  bundle?: boolean;
}): Synthesized {
  const context = options.bundle ? options.context : { ...SKIP_BUNDLING, ...options.context };
  const theta = createThetaApp({ routes: options.routes, appProps: { context } });
  // fromStack synthesizes the app, which also runs the cdk-nag plugin: unacknowledged findings throw here.
  return { ...theta, template: Template.fromStack(theta.stack) };
}

export const synthFixture = (context: Record<string, unknown>): Synthesized => synth({ context, routes: FIXTURE_ROUTES });

type Json = Record<string, unknown>;

export interface PolicyStatementJson {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

export function asArray<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

/** Every IAM statement attached (inline policy resources) to the role with this logical id. */
export function statementsForRole(template: Template, roleLogicalId: string): PolicyStatementJson[] {
  const policies = template.findResources('AWS::IAM::Policy') as Record<string, { Properties: Json }>;
  return Object.values(policies)
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${roleLogicalId}"`))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement);
}

export function allStatements(template: Template): PolicyStatementJson[] {
  const policies = template.findResources('AWS::IAM::Policy') as Record<string, { Properties: Json }>;
  return Object.values(policies).flatMap((p) => (p.Properties.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement);
}
