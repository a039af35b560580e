// The web app (packages/web/dist) in AWS: a private S3 bucket behind CloudFront (origin access control), and the HTTP
// API behind the same distribution under /v1/*, so the pages call their own origin (no CORS at all) exactly as they
// do on the local stack. Files are uploaded by the deploy step (docs/deploy.md: `aws s3 sync`), not by a custom
// resource: no extra Lambda in the stack. That includes config.json, whose text the stack outputs (WebConfig).
import { Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface WebHostingProps {
  stage: string;
  /** the HTTP API's endpoint, https://<id>.execute-api.<region>.amazonaws.com */
  apiEndpoint: string;
  retainData: boolean;
  /** the hosted sign-in UI the app sends people to (packages/web/src/auth) */
  auth: { domainUrl: string; clientId: string; callbackPath: string; logoutPath: string };
}

/** What the app reads from /config.json at start (packages/web/src/auth/config.ts). */
export const WEB_CONFIG_FILE = 'config.json';

/** The same headers the local stack sends (packages/local/src/server/web-assets.ts). */
export const WEB_CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

export class WebHosting extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** the app's config.json (JSON text, resolved at deploy time); the deploy step uploads it beside the app */
  readonly appConfig: string;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    const removal = props.retainData ? { removalPolicy: RemovalPolicy.RETAIN } : { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: false };

    const logs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // CloudFront standard logs are delivered with ACLs
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      ...removal,
    });
    // CloudFront standard logs need the LogDeliveryWrite ACL, which CDK sets through the legacy AccessControl property
    // (cfn-lint W3045): the one place an ACL is intended
    (logs.node.defaultChild as s3.CfnBucket).addMetadata('cfn-lint', { config: { ignore_checks: ['W3045'] } });
    Validations.of(logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket is itself the access-log destination of the web bucket and the distribution; logging it to itself would loop.',
    });

    this.bucket = new s3.Bucket(this, 'Assets', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 's3/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      ...removal,
    });

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `theta-${props.stage} web app security headers`,
      securityHeadersBehavior: {
        // the page exchanges the sign-in code at the hosted UI's /oauth2/token: the one other origin it may call
        contentSecurityPolicy: { contentSecurityPolicy: `${WEB_CONTENT_SECURITY_POLICY}; connect-src 'self' ${props.auth.domainUrl}`, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
    });

    const apiDomain = Fn.select(2, Fn.split('/', props.apiEndpoint));
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `theta-${props.stage} web app and API`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      },
      additionalBehaviors: {
        // the API: never cached, every method, the viewer's headers (Authorization, Idempotency-Key) passed on
        '/v1/*': {
          origin: new origins.HttpOrigin(apiDomain, { protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY }),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        },
      },
      // client-side routes are hash routes, so a missing file is a real 404 from the bucket (403 without ListBucket)
      errorResponses: [{ httpStatus: 403, responseHttpStatus: 404, responsePagePath: '/index.html', ttl: Duration.minutes(1) }],
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: 'Taskers work from many countries by design; access is controlled by Cognito sign-in and the API authorizer, not by geography.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason: 'A CloudFront WAF web ACL must live in us-east-1; the API is protected by stage throttling and per-principal limits. Attach an ACL by ARN when one exists.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR4',
      reason: 'With the default *.cloudfront.net certificate CloudFront negotiates TLSv1 at minimum; a custom domain with an ACM certificate enforces TLS 1.2 (minimumProtocolVersion is set for that case).',
    });

    this.appConfig = Stack.of(this).toJsonString({
      auth: {
        mode: 'cognito',
        domain: props.auth.domainUrl,
        clientId: props.auth.clientId,
        redirectUri: `${this.url}${props.auth.callbackPath}`,
        logoutUri: `${this.url}${props.auth.logoutPath}`,
      },
      apiBase: `${this.url}/v1`,
    });
  }

  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }
}
