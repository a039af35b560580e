// The web app in AWS: a private bucket behind CloudFront, the API under /v1/* on the same origin, security headers.
import { Match } from 'aws-cdk-lib/assertions';
import { SECURITY_HEADERS } from '../../packages/local/src/server/web-assets';
import { WEB_CONTENT_SECURITY_POLICY } from '../lib/constructs/web-hosting';
import { synthFixture, type Synthesized } from './helpers';

let dev: Synthesized;
beforeAll(() => {
  dev = synthFixture({ stage: 'dev' });
});

test('the bucket is private, encrypted and TLS-only; CloudFront reads it through origin access control', () => {
  dev.template.hasResourceProperties('AWS::S3::Bucket', {
    VersioningConfiguration: { Status: 'Enabled' },
    PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
  });
  dev.template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
});

test('one distribution serves the app and sends /v1/* to the API uncached with every method', () => {
  dev.template.hasResourceProperties('AWS::CloudFront::Distribution', {
    DistributionConfig: Match.objectLike({
      DefaultRootObject: 'index.html',
      DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
      CacheBehaviors: [
        Match.objectLike({
          PathPattern: '/v1/*',
          ViewerProtocolPolicy: 'https-only',
          AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
          CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // AWS managed CachingDisabled
        }),
      ],
      Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
    }),
  });
});

test('responses carry the same security headers as the local stack', () => {
  expect(SECURITY_HEADERS['content-security-policy']).toBe(WEB_CONTENT_SECURITY_POLICY);
  dev.template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
    ResponseHeadersPolicyConfig: Match.objectLike({
      SecurityHeadersConfig: Match.objectLike({
        // plus connect-src for the hosted UI's token endpoint (cognito-sign-in.test.ts)
        ContentSecurityPolicy: { ContentSecurityPolicy: { 'Fn::Join': ['', Match.arrayWith([`${WEB_CONTENT_SECURITY_POLICY}; connect-src 'self' https://`])] }, Override: true },
        FrameOptions: { FrameOption: 'DENY', Override: true },
        ContentTypeOptions: { Override: true },
      }),
    }),
  });
});
