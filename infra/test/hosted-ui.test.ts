// Sign-in in AWS: the hosted-UI domain, the web app's PKCE-only public client, its URLs on the distribution, the
// API accepting that client's access tokens, and the config.json the app reads at start (packages/web/src/auth).
import { Match } from 'aws-cdk-lib/assertions';
import { synthFixture, type Synthesized } from './helpers';

let dev: Synthesized;
beforeAll(() => {
  dev = synthFixture({ stage: 'dev', authDomainPrefix: 'theta-test-signin' });
});

const logicalId = (type: string, props: Record<string, unknown>): string => {
  const found = Object.keys(dev.template.findResources(type, { Properties: Match.objectLike(props) }));
  expect(found).toHaveLength(1);
  return found[0]!;
};

test('the hosted UI has a Cognito domain with the configured prefix', () => {
  dev.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'theta-test-signin', UserPoolId: { Ref: Match.anyValue() } });
});

test('the web client is public, code grant only (no implicit, no client credentials, no password flows), openid + email', () => {
  dev.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
    ClientName: 'theta-dev-web',
    GenerateSecret: false,
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ['code'],
    AllowedOAuthScopes: ['openid', 'email'],
    ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
    SupportedIdentityProviders: ['COGNITO'],
  });
});

test('the callback and logout URLs are on the distribution', () => {
  const distribution = Object.keys(dev.template.findResources('AWS::CloudFront::Distribution'))[0];
  dev.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
    ClientName: 'theta-dev-web',
    CallbackURLs: [{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution, 'DomainName'] }, '/auth/callback']] }],
    LogoutURLs: [{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution, 'DomainName'] }, '/']] }],
  });
});

test("the API's JWT authorizer accepts the web client's tokens (an access token's client_id is its audience)", () => {
  const webClient = logicalId('AWS::Cognito::UserPoolClient', { ClientName: 'theta-dev-web' });
  const apiClient = logicalId('AWS::Cognito::UserPoolClient', { ClientName: 'theta-dev-api' });
  dev.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
    AuthorizerType: 'JWT',
    JwtConfiguration: Match.objectLike({ Audience: Match.arrayEquals([{ Ref: apiClient }, { Ref: webClient }]) }),
  });
});

test('the WebConfig output is the config.json the deploy step uploads: mode, domain, client id, redirect and logout URIs, API base', () => {
  const value = (dev.template.findOutputs('WebConfig').WebConfig as { Value: unknown }).Value;
  // resolve the Fn::Join as CloudFormation would, with each deploy-time value as a readable placeholder
  const parts = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  const config = JSON.parse(parts.map((p) => (typeof p === 'string' ? p : label(p))).join('')) as unknown;
  const webClient = logicalId('AWS::Cognito::UserPoolClient', { ClientName: 'theta-dev-web' });
  const domain = logicalId('AWS::Cognito::UserPoolDomain', {});
  const distribution = `${Object.keys(dev.template.findResources('AWS::CloudFront::Distribution'))[0]}.DomainName`;
  expect(config).toEqual({
    auth: {
      mode: 'cognito',
      domain: `https://(${domain}).auth.(AWS::Region).amazoncognito.com`,
      clientId: `(${webClient})`,
      redirectUri: `https://${distribution}/auth/callback`,
      logoutUri: `https://${distribution}/`,
    },
    apiBase: `https://${distribution}/v1`,
  });
});

test('the stack adds no Lambda for config.json (the deploy step uploads it)', () => {
  dev.template.resourceCountIs('Custom::CDKBucketDeployment', 0);
});

/** A deploy-time value as text that stays valid inside a JSON string: (Ref) or LogicalId.Attribute. */
function label(value: unknown): string {
  const v = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  if (v.Ref) return `(${v.Ref})`;
  if (v['Fn::GetAtt']) return v['Fn::GetAtt'].join('.');
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}
