// HTTP API with a Cognito-backed JWT authorizer as the DEFAULT for every route: a route is public
// only when it explicitly says so. JSON access logs go to a dedicated log group.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { RouteDefinition } from '@theta/functions/routes';

export interface ThetaHttpApiProps {
  stage: string;
  userPool: cognito.IUserPool;
  /** app clients whose tokens the authorizer accepts (an access token's client_id is its audience) */
  userPoolClients: cognito.IUserPoolClient[];
  /** exact origins; empty = no CORS configuration (same-origin / server-to-server callers only) */
  corsOrigins: string[];
  /** request headers the CORS preflight allows (lower case) */
  corsAllowHeaders: string[];
  throttle: { rateLimit: number; burstLimit: number };
  logRetention: logs.RetentionDays;
  retainLogs: boolean;
}

/**
 * One JSON object per request. $context variables for HTTP APIs:
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
 */
export const ACCESS_LOG_FIELDS: Record<string, string> = {
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  requestTime: '$context.requestTime',
  requestTimeEpoch: '$context.requestTimeEpoch',
  httpMethod: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  errorMessage: '$context.error.message',
  errorResponseType: '$context.error.responseType',
  authorizerError: '$context.authorizer.error',
  // Cognito subject: pseudonymous id that links a request to an account without logging PII.
  sub: '$context.authorizer.claims.sub',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
};

export class ThetaHttpApi extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ThetaHttpApiProps) {
    super(scope, id);

    const authorizer = new HttpUserPoolAuthorizer('CognitoJwt', props.userPool, {
      userPoolClients: props.userPoolClients,
      identitySource: ['$request.header.Authorization'],
    });

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      apiName: `theta-${props.stage}`,
      description: `Theta adaptive-assessment API (${props.stage})`,
      defaultAuthorizer: authorizer,
      // The default stage is created below so it can carry throttling and access logs.
      createDefaultStage: false,
      corsPreflight:
        props.corsOrigins.length > 0
          ? {
              allowOrigins: props.corsOrigins,
              allowMethods: [
                apigw.CorsHttpMethod.GET,
                apigw.CorsHttpMethod.POST,
                apigw.CorsHttpMethod.PUT,
                apigw.CorsHttpMethod.PATCH,
                apigw.CorsHttpMethod.DELETE,
              ],
              allowHeaders: props.corsAllowHeaders,
              // Bearer tokens, not cookies: credentials mode is never needed.
              allowCredentials: false,
              maxAge: Duration.hours(1),
            }
          : undefined,
    });

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      // Stage-wide ceiling; protects DynamoDB on-demand spend and Lambda concurrency from a runaway client.
      throttle: props.throttle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogGroup),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
  }

  /** Public routes get no authorizer (explicitly); every other route inherits the JWT authorizer. */
  addRoute(route: RouteDefinition, handler: lambda.IFunction): apigw.HttpRoute {
    const [httpRoute] = this.httpApi.addRoutes({
      path: route.path,
      methods: [apigw.HttpMethod[route.method]],
      integration: new HttpLambdaIntegration(`${route.id}Integration`, handler),
      authorizer: route.public ? new apigw.HttpNoneAuthorizer() : undefined,
    });
    if (!httpRoute) throw new Error(`HttpApi.addRoutes returned no route for ${route.id}`);
    if (route.public) {
      Validations.of(httpRoute).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: `${route.method} ${route.path} is declared public in functions/routes.ts (e.g. health probe, OpenAPI document): callers have no token by design, and the handler is built with access 'public' and serves no tenant data.`,
      });
    }
    return httpRoute;
  }

  get url(): string {
    // $default stage: the stage URL is the API endpoint itself.
    return this.stage.url;
  }
}
