// Assertions on the synthesized template, driven by a fixture route table (see fixtures/routes.ts).
// Two synths for the whole file (dev, prod); bundling is skipped because no assertion reads the bundle.
import type { CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { TABLES, tableEnvVar, type TableKey } from '@theta/store/tables';
import { ROLES } from '@theta/http/principal';
import { COGNITO_GROUPS } from '../lib/constructs/auth';
import { JOBS } from '@theta/functions/jobs';
import { FIXTURE_ROUTES } from './fixtures/routes';
import { allStatements, asArray, dynamoGrants, type PolicyStatementJson, statementsForRole, type Synthesized, synthFixture } from './helpers';

type Resources = Record<string, { Properties: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string; Metadata?: unknown }>;

let dev: Synthesized;
let prod: Synthesized;

beforeAll(() => {
  dev = synthFixture({ stage: 'dev' });
  prod = synthFixture({ stage: 'prod', corsOrigins: 'https://app.theta.example', alarmEmail: 'oncall@theta.example' });
});

const logicalId = (s: Synthesized, element: { node: { defaultChild?: unknown } }): string =>
  s.stack.getLogicalId(element.node.defaultChild as CfnElement);

const tableLogicalId = (s: Synthesized, key: TableKey): string => logicalId(s, s.stack.tables.get(key).table);

function fnResource(s: Synthesized, routeId: string) {
  const fn = s.stack.functions.get(routeId);
  if (!fn) throw new Error(`no function for ${routeId}`);
  const id = logicalId(s, fn.function);
  const resource = (s.template.findResources('AWS::Lambda::Function') as Resources)[id];
  if (!resource) throw new Error(`no AWS::Lambda::Function ${id}`);
  return { fn, resource, props: resource.Properties, roleId: logicalId(s, fn.role) };
}

const dynamoStatements = (statements: PolicyStatementJson[]) =>
  statements.filter((st) => asArray(st.Action).some((a) => a.startsWith('dynamodb:')));

describe('routes and authorizer', () => {
  test('one API route and one function per fixture route', () => {
    dev.template.resourceCountIs('AWS::ApiGatewayV2::Route', FIXTURE_ROUTES.length);
    dev.template.resourceCountIs('AWS::Lambda::Function', FIXTURE_ROUTES.length + JOBS.length + 3); // + the scheduled jobs, the outbox publisher, the analytics stream consumer and the lake purge
  });

  test.each(FIXTURE_ROUTES.map((r) => [r.id, r] as const))('%s: authorizer iff not public', (_id, route) => {
    const routes = dev.template.findResources('AWS::ApiGatewayV2::Route', {
      Properties: { RouteKey: `${route.method} ${route.path}` },
    }) as Resources;
    const [resource] = Object.values(routes);
    expect(resource).toBeDefined();
    if (route.public) {
      expect(resource?.Properties.AuthorizationType).toBe('NONE');
      expect(resource?.Properties.AuthorizerId).toBeUndefined();
    } else {
      expect(resource?.Properties.AuthorizationType).toBe('JWT');
      expect(resource?.Properties.AuthorizerId).toEqual({ Ref: expect.any(String) });
    }
  });

  test('JWT authorizer trusts only this user pool and its two clients (API, web app)', () => {
    const poolId = logicalId(dev, dev.stack.auth.userPool);
    const clientId = logicalId(dev, dev.stack.auth.client);
    const webClientId = logicalId(dev, dev.stack.auth.webClient);
    const authorizers = Object.values(dev.template.findResources('AWS::ApiGatewayV2::Authorizer') as Resources);
    expect(authorizers).toHaveLength(1);
    const props = authorizers[0]?.Properties as { AuthorizerType: string; IdentitySource: string[]; JwtConfiguration: { Audience: unknown; Issuer: unknown } };
    expect(props.AuthorizerType).toBe('JWT');
    expect(props.IdentitySource).toEqual(['$request.header.Authorization']);
    expect(props.JwtConfiguration.Audience).toEqual([{ Ref: clientId }, { Ref: webClientId }]);
    const issuer = JSON.stringify(props.JwtConfiguration.Issuer);
    expect(issuer).toContain('https://cognito-idp.');
    expect(issuer).toContain(`{"Ref":"${poolId}"}`);
  });

  test('user pool groups are exactly the four roles the handlers check', () => {
    expect(COGNITO_GROUPS.map((g) => g.name).sort()).toEqual([...ROLES].sort());
    const groups = Object.values(dev.template.findResources('AWS::Cognito::UserPoolGroup') as Resources).map((g) => g.Properties.GroupName);
    expect(groups.sort()).toEqual([...ROLES].sort());
  });
});

describe('API stage', () => {
  test('JSON access logs with the request fields ops needs, to a log group with retention', () => {
    const stages = dev.template.findResources('AWS::ApiGatewayV2::Stage') as Resources;
    const [stage] = Object.values(stages);
    const settings = stage?.Properties.AccessLogSettings as { DestinationArn: unknown; Format: string };
    const format = JSON.parse(settings.Format) as Record<string, string>;
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      routeKey: '$context.routeKey',
      status: '$context.status',
      responseLatency: '$context.responseLatency',
      integrationLatency: '$context.integrationLatency',
      sourceIp: '$context.identity.sourceIp',
    });
    const accessLogId = logicalId(dev, dev.stack.api.accessLogGroup);
    expect(settings.DestinationArn).toEqual({ 'Fn::GetAtt': [accessLogId, 'Arn'] });
    dev.template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 14 });
  });

  test('default stage throttling from the stage defaults', () => {
    dev.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    prod.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 },
    });
  });

  test('CORS only when origins are configured', () => {
    expect((Object.values(dev.template.findResources('AWS::ApiGatewayV2::Api') as Resources)[0]?.Properties.CorsConfiguration)).toBeUndefined();
    prod.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://app.theta.example'], AllowCredentials: false }),
    });
  });
});

describe('tables', () => {
  const tableCount = Object.keys(TABLES).length;

  test('one table per TABLES entry, on-demand, KMS-encrypted, PITR on', () => {
    for (const s of [dev, prod]) {
      s.template.resourceCountIs('AWS::DynamoDB::Table', tableCount);
      const tables = Object.values(s.template.findResources('AWS::DynamoDB::Table') as Resources);
      for (const t of tables) {
        expect(t.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
        expect(t.Properties.BillingMode).toBe('PAY_PER_REQUEST');
        expect(t.Properties.SSESpecification).toEqual({ SSEEnabled: true });
      }
    }
  });

  test.each(Object.values(TABLES).map((d) => [d.key, d] as const))('%s: keys, GSIs, TTL and stream follow the definition', (key, definition) => {
    const resource = (dev.template.findResources('AWS::DynamoDB::Table') as Resources)[tableLogicalId(dev, key)];
    const props = resource?.Properties ?? {};
    const keySchema = [{ AttributeName: definition.partitionKey.name, KeyType: 'HASH' }];
    if (definition.sortKey) keySchema.push({ AttributeName: definition.sortKey.name, KeyType: 'RANGE' });
    expect(props.KeySchema).toEqual(keySchema);
    expect(((props.GlobalSecondaryIndexes as { IndexName: string }[] | undefined) ?? []).map((i) => i.IndexName)).toEqual(
      (definition.globalIndexes ?? []).map((i) => i.indexName),
    );
    expect(props.TimeToLiveSpecification).toEqual(
      definition.timeToLiveAttribute ? { AttributeName: definition.timeToLiveAttribute, Enabled: true } : undefined,
    );
    expect(props.StreamSpecification).toEqual(definition.stream ? { StreamViewType: definition.stream } : undefined);
  });

  test('prod: deletion protection and RETAIN on every table and the user pool', () => {
    for (const t of Object.values(prod.template.findResources('AWS::DynamoDB::Table') as Resources)) {
      expect(t.Properties.DeletionProtectionEnabled).toBe(true);
      expect(t.DeletionPolicy).toBe('Retain');
      expect(t.UpdateReplacePolicy).toBe('Retain');
    }
    prod.template.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }) });
  });

  test('dev: no deletion protection, DESTROY on stack deletion', () => {
    for (const t of Object.values(dev.template.findResources('AWS::DynamoDB::Table') as Resources)) {
      expect(t.Properties.DeletionProtectionEnabled).toBe(false);
      expect(t.DeletionPolicy).toBe('Delete');
    }
  });
});

describe('functions', () => {
  test('every function: nodejs22.x, arm64, X-Ray active, JSON logs into its own log group', () => {
    for (const s of [dev, prod]) {
      const logGroupIds = new Set(Object.keys(s.template.findResources('AWS::Logs::LogGroup')));
      for (const fn of Object.values(s.template.findResources('AWS::Lambda::Function') as Resources)) {
        expect(fn.Properties.Runtime).toBe('nodejs22.x');
        expect(fn.Properties.Architectures).toEqual(['arm64']);
        expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
        const logging = fn.Properties.LoggingConfig as { LogFormat: string; LogGroup: { Ref: string } };
        expect(logging.LogFormat).toBe('JSON');
        expect(logGroupIds.has(logging.LogGroup.Ref)).toBe(true);
      }
    }
  });

  test('every log group has the stage retention (dev 14 d, prod 365 d)', () => {
    for (const [s, days] of [[dev, 14], [prod, 365]] as const) {
      const groups = Object.values(s.template.findResources('AWS::Logs::LogGroup') as Resources);
      expect(groups.length).toBe(FIXTURE_ROUTES.length + JOBS.length + 5); // one per function (routes, jobs, outbox publisher, analytics stream consumer, lake purge) + API access logs + Firehose delivery errors
      for (const g of groups) expect(g.Properties.RetentionInDays).toBe(days);
    }
  });

  test.each(FIXTURE_ROUTES.map((r) => [r.id, r] as const))('%s: env vars name exactly the tables it uses', (routeId, route) => {
    const { props } = fnResource(dev, routeId);
    const env = (props.Environment as { Variables: Record<string, unknown> }).Variables;
    const expectedTables = Object.keys(route.tables ?? {}) as TableKey[];
    const tableVars = Object.keys(env).filter((k) => k.startsWith('THETA_TABLE_'));
    expect(tableVars.sort()).toEqual(expectedTables.map(tableEnvVar).sort());
    for (const key of expectedTables) expect(env[tableEnvVar(key)]).toEqual({ Ref: tableLogicalId(dev, key) });
    expect(env).toMatchObject({
      THETA_STAGE: 'dev',
      POWERTOOLS_SERVICE_NAME: 'theta',
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
      NODE_OPTIONS: '--enable-source-maps',
    });
    if (route.publishesEvents) expect(env.EVENT_BUS_NAME).toEqual({ Ref: logicalId(dev, dev.stack.eventBus) });
    else expect(env.EVENT_BUS_NAME).toBeUndefined();
  });

  test('memory and timeout: route overrides, else 512 MB / 10 s', () => {
    expect(fnResource(dev, 'FixtureWriteSessions').props).toMatchObject({ MemorySize: 1024, Timeout: 20 });
    expect(fnResource(dev, 'FixtureReadBank').props).toMatchObject({ MemorySize: 512, Timeout: 10 });
  });
});

describe('least-privilege IAM', () => {
  // Literal expectations: a grant added to or dropped from the fixture table (or a change in how
  // table-access.ts maps declarations to policy) fails here.
  test('read route: exactly its actions on its table, Query on the one GSI it names, by name', () => {
    expect(dynamoGrants(dev, fnResource(dev, 'FixtureReadBank').roleId)).toEqual({
      bank: ['dynamodb:GetItem', 'dynamodb:Query'],
      'bank/index/gsi1': ['dynamodb:Query'],
    });
  });

  test('write-only route: PutItem only, no reads, no index access', () => {
    expect(dynamoGrants(dev, fnResource(dev, 'FixtureWriteSessions').roleId)).toEqual({ sessions: ['dynamodb:PutItem'] });
  });

  test('several tables: each gets its own list; an unqueried GSI and a name-only table get nothing', () => {
    expect(dynamoGrants(dev, fnResource(dev, 'FixtureUpdateTasker').roleId)).toEqual({
      taskers: ['dynamodb:ConditionCheckItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
      idempotency: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      sessions: ['dynamodb:GetItem'],
    });
    // the name-only table still reaches the function as an environment variable
    const env = (fnResource(dev, 'FixtureUpdateTasker').props.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env[tableEnvVar('bank')]).toEqual({ Ref: tableLogicalId(dev, 'bank') });
  });

  test('route without tables has no DynamoDB permission at all', () => {
    const { roleId } = fnResource(dev, 'FixturePing');
    expect(dynamoStatements(statementsForRole(dev.template, roleId))).toEqual([]);
  });

  test('no dynamodb:*, no Scan, no wildcard action anywhere; "*" resources only for X-Ray', () => {
    for (const s of [dev, prod]) {
      for (const st of allStatements(s.template)) {
        for (const action of asArray(st.Action)) {
          expect(action).not.toMatch(/\*/);
          expect(action).not.toBe('dynamodb:Scan');
        }
        if (st.Resource === '*') expect(asArray(st.Action).every((a) => a.startsWith('xray:'))).toBe(true);
      }
    }
  });

  test('events:PutEvents only for publishesEvents routes, only on the Theta bus', () => {
    const busArn = { 'Fn::GetAtt': [logicalId(dev, dev.stack.eventBus), 'Arn'] };
    for (const route of FIXTURE_ROUTES) {
      const statements = statementsForRole(dev.template, fnResource(dev, route.id).roleId).filter((st) =>
        asArray(st.Action).includes('events:PutEvents'),
      );
      if (route.publishesEvents) expect(statements.map((st) => st.Resource)).toEqual([busArn]);
      else expect(statements).toEqual([]);
    }
    dev.template.hasResourceProperties('AWS::Events::EventBus', { Name: 'theta-dev' });
  });

  test('no AWS-managed policies on function roles', () => {
    for (const role of Object.values(dev.template.findResources('AWS::IAM::Role') as Resources)) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe('stage differences', () => {
  test('Cognito: MFA optional + threat protection audit in dev; required + enforced in prod', () => {
    dev.template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'OPTIONAL',
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' },
    });
    prod.template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
    });
  });

  test('alarm topic and e-mail subscription only when alarmEmail is set', () => {
    dev.template.resourceCountIs('AWS::SNS::Topic', 0);
    // API 5xx, 5xx rate and p99, outbox DLQ, lake-purge DLQ, one per job, one per route function, one per table (monitoring.test.ts)
    dev.template.resourceCountIs('AWS::CloudWatch::Alarm', 5 + JOBS.length + dev.stack.functions.size + dev.stack.tables.all().length);
    prod.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@theta.example' });
    prod.template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: Match.anyValue() }] });
  });
});

describe('scheduled jobs', () => {
  test.each(JOBS.map((j) => [j.id, j] as const))('%s: an alarm on two failed periods in a row, notifying the topic when there is one', (id, job) => {
    for (const s of [dev, prod]) {
      const fnId = s.stack.getLogicalId(s.stack.jobs.get(id)!.function.function.node.defaultChild as CfnElement);
      const alarms = Object.values(s.template.findResources('AWS::CloudWatch::Alarm') as Resources).filter(
        (a) => a.Properties.MetricName === 'Errors' && JSON.stringify(a.Properties.Dimensions).includes(fnId),
      );
      expect(alarms).toHaveLength(1);
      expect(alarms[0]?.Properties).toMatchObject({
        Namespace: 'AWS/Lambda',
        Statistic: 'Sum',
        Period: Math.max(5, job.everyMinutes) * 60,
        Threshold: 1,
        EvaluationPeriods: 2,
        DatapointsToAlarm: 2,
        TreatMissingData: 'notBreaching',
      });
      expect('AlarmActions' in (alarms[0]?.Properties ?? {})).toBe(s === prod);
    }
  });
});
