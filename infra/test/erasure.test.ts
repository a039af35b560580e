// The erasure's AWS access over the real route table (docs/security.md, "Privacy"): one generated pseudonym-key
// secret per stage, kept like the tables outside dev and never rotated; EraseTasker alone may read it and gets its
// ARN (not its value); EraseTasker alone among the routes may put events, on the stage bus only (tasker.erased).
import type { CfnElement } from 'aws-cdk-lib';
import { ROUTES } from '@theta/functions/routes';
import { PSEUDONYM_SECRET_ARN_ENV } from '../lib/constructs/pseudonym-key';
import { allStatements, asArray, type PolicyStatementJson, statementsForRole, synth, type Synthesized } from './helpers';

type Resources = Record<string, { Properties: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;

let dev: Synthesized;
let prod: Synthesized;

beforeAll(() => {
  dev = synth({ context: { stage: 'dev' } });
  prod = synth({ context: { stage: 'prod', alarmEmail: 'oncall@theta.example' } });
});

const logicalId = (s: Synthesized, element: { node: { defaultChild?: unknown } }): string => s.stack.getLogicalId(element.node.defaultChild as CfnElement);
const secretId = (s: Synthesized): string => s.stack.getLogicalId(s.stack.pseudonymKey.secret.node.defaultChild as CfnElement);
const roleId = (s: Synthesized, routeId: string): string => logicalId(s, s.stack.functions.get(routeId)!.role);
const environment = (s: Synthesized, routeId: string): Record<string, unknown> => {
  const fn = (s.template.findResources('AWS::Lambda::Function') as Resources)[logicalId(s, s.stack.functions.get(routeId)!.function)];
  return (fn?.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
};

describe('the pseudonym key secret', () => {
  test('one per stage, a generated 64-character key, no rotation', () => {
    for (const s of [dev, prod]) {
      const secrets = Object.values(s.template.findResources('AWS::SecretsManager::Secret') as Resources);
      expect(secrets).toHaveLength(1);
      expect(secrets[0]?.Properties.GenerateSecretString).toEqual({ PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false });
      expect(Object.keys(s.template.findResources('AWS::SecretsManager::RotationSchedule'))).toEqual([]);
    }
  });

  test('retained like the tables outside dev, deleted with a dev stack', () => {
    const policy = (s: Synthesized) => (s.template.findResources('AWS::SecretsManager::Secret') as Resources)[secretId(s)];
    expect(policy(prod)).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(policy(dev)).toMatchObject({ DeletionPolicy: 'Delete' });
  });

  test(`EraseTasker gets the secret's ARN (a Ref) in ${PSEUDONYM_SECRET_ARN_ENV}; no other function gets it`, () => {
    expect(environment(dev, 'EraseTasker')[PSEUDONYM_SECRET_ARN_ENV]).toEqual({ Ref: secretId(dev) });
    for (const route of ROUTES.filter((r) => r.id !== 'EraseTasker')) expect(environment(dev, route.id)[PSEUDONYM_SECRET_ARN_ENV]).toBeUndefined();
  });

  test("only EraseTasker's role may read it: GetSecretValue and DescribeSecret on that secret alone", () => {
    const ref = { Ref: secretId(dev) };
    const naming = (statements: PolicyStatementJson[]) => statements.filter((st) => JSON.stringify(st.Resource).includes(`"${secretId(dev)}"`));
    const erasure = statementsForRole(dev.template, roleId(dev, 'EraseTasker'));
    expect(naming(erasure).map((st) => ({ actions: asArray(st.Action).sort(), resource: st.Resource }))).toEqual([
      { actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], resource: ref },
    ]);
    // every policy that names the secret is EraseTasker's
    expect(naming(allStatements(dev.template))).toEqual(naming(erasure));
    // and no statement grants Secrets Manager on anything else
    for (const st of allStatements(dev.template)) {
      if (asArray(st.Action).some((a) => a.startsWith('secretsmanager:'))) expect(st.Resource).toEqual(ref);
    }
  });
});

describe('tasker.erased', () => {
  test('EraseTasker puts events on the stage bus only, and learns its name from EVENT_BUS_NAME', () => {
    const bus = logicalId(dev, dev.stack.eventBus);
    const puts = statementsForRole(dev.template, roleId(dev, 'EraseTasker')).filter((st) => asArray(st.Action).includes('events:PutEvents'));
    expect(puts.map((st) => ({ actions: asArray(st.Action), resource: st.Resource }))).toEqual([{ actions: ['events:PutEvents'], resource: { 'Fn::GetAtt': [bus, 'Arn'] } }]);
    expect(environment(dev, 'EraseTasker').EVENT_BUS_NAME).toEqual({ Ref: bus });
  });

  test('no other route may put events (the others publish through the outbox)', () => {
    for (const route of ROUTES.filter((r) => r.id !== 'EraseTasker')) {
      const puts = statementsForRole(dev.template, roleId(dev, route.id)).filter((st) => asArray(st.Action).some((a) => a.startsWith('events:')));
      expect([route.id, puts]).toEqual([route.id, []]);
    }
  });
});
