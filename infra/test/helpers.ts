// Shared synth helpers for the infra tests. Each test file synthesizes once (beforeAll).
import type { CfnElement } from 'aws-cdk-lib';
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

/**
 * A role's DynamoDB grants as `{ bank: ['dynamodb:GetItem', …], 'bank/index/gsi1': ['dynamodb:Query'] }`:
 * table keys stand for the table's ARN, `<key>/index/<name>` for an index ARN. A resource of any other
 * shape keeps its JSON text as the label, so an unexpected grant shows up in a failing assertion.
 */
export function dynamoGrants(s: Synthesized, roleLogicalId: string): Record<string, string[]> {
  const labels = new Map<string, string>();
  for (const { definition, table } of s.stack.tables.all()) {
    const id = s.stack.getLogicalId(table.node.defaultChild as CfnElement);
    const arn = { 'Fn::GetAtt': [id, 'Arn'] };
    labels.set(JSON.stringify(arn), definition.key);
    for (const index of definition.globalIndexes ?? []) {
      labels.set(JSON.stringify({ 'Fn::Join': ['', [arn, `/index/${index.indexName}`]] }), `${definition.key}/index/${index.indexName}`);
    }
  }
  const grants: Record<string, Set<string>> = {};
  for (const statement of statementsForRole(s.template, roleLogicalId)) {
    const actions = asArray(statement.Action).filter((a) => a.startsWith('dynamodb:'));
    if (actions.length === 0) continue;
    for (const resource of asArray(statement.Resource)) {
      const label = labels.get(JSON.stringify(resource)) ?? JSON.stringify(resource);
      for (const action of actions) (grants[label] ??= new Set()).add(action);
    }
  }
  return Object.fromEntries(Object.entries(grants).map(([label, actions]) => [label, [...actions].sort()]));
}
